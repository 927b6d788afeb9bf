-- AlterTable
ALTER TABLE "disputes" ADD COLUMN     "overdue_at" TIMESTAMPTZ(3),
ADD COLUMN     "reminded_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "disputes_slack_channel_slack_ts_idx" ON "disputes"("slack_channel", "slack_ts");

