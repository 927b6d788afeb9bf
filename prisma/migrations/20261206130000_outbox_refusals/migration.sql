-- A job its queue refuses (BullMQ's own refusal of its id or options, or a queue this version does not know during
-- a rolling deploy) is put back with a later retry time instead of holding up every row relayed with it.
ALTER TABLE "outbox_jobs" ADD COLUMN "refusals" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "retry_at" TIMESTAMPTZ(3),
ADD COLUMN "last_error" VARCHAR(500);
