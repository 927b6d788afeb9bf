-- AlterTable
ALTER TABLE "broadcasts" ADD COLUMN     "paid" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "enrolments_ends_at_idx" ON "enrolments"("ends_at");

