-- AlterTable
ALTER TABLE "outbox_jobs" ADD COLUMN     "job_id" VARCHAR(255),
ADD COLUMN     "relayed_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "outbox_jobs_relayed_at_id_idx" ON "outbox_jobs"("relayed_at", "id");

-- CreateIndex
CREATE INDEX "outbox_jobs_job_id_idx" ON "outbox_jobs"("job_id");
