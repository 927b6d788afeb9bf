-- Where the desk copied a partner's dispute message into its Slack thread (the message's ts) and the files it
-- uploaded there, so that "delete my personal data" reaches them too: before, the dispute card was re-rendered but
-- the partner's later messages and files in its thread stayed. Messages copied before this have none recorded.
ALTER TABLE "dispute_messages" ADD COLUMN "slack_ts" VARCHAR(32),
ADD COLUMN "slack_files" VARCHAR(32)[] DEFAULT ARRAY[]::VARCHAR(32)[];
