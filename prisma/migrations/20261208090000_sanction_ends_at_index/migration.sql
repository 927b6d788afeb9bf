-- A sanction with an end is lifted by the minute sweep once its end has come (core/use-cases/sanction-ends.ts).
-- CreateIndex
CREATE INDEX "sanctions_ends_at_idx" ON "sanctions"("ends_at");
