-- CreateTable
CREATE TABLE "outbox_jobs" (
    "id" BIGSERIAL NOT NULL,
    "queue" VARCHAR(32) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "data" JSONB NOT NULL,
    "opts" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbox_jobs_pkey" PRIMARY KEY ("id")
);

