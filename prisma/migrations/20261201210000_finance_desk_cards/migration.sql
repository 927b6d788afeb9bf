-- AlterTable
ALTER TABLE "payout_batches" ADD COLUMN     "slack_channel" VARCHAR(32),
ADD COLUMN     "slack_ts" VARCHAR(32);

-- AlterTable
ALTER TABLE "payout_requests" ADD COLUMN     "slack_channel" VARCHAR(32),
ADD COLUMN     "slack_ts" VARCHAR(32);

