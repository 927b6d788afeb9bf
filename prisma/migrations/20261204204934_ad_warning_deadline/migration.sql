-- AlterTable
ALTER TABLE "enrolments" ADD COLUMN     "payouts_blocked_reason" VARCHAR(64);

-- AlterTable
ALTER TABLE "sanctions" ADD COLUMN     "due_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalated_to" UUID;

-- CreateIndex
CREATE INDEX "sanctions_due_at_idx" ON "sanctions"("due_at");
