-- AlterTable
ALTER TABLE "payout_batches" ADD COLUMN     "paid_at" TIMESTAMPTZ(3),
ADD COLUMN     "pay_date" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "payment_ref" VARCHAR(128),
ADD COLUMN     "notified_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "payout_requests" ADD COLUMN     "response" JSONB;

-- CreateTable
CREATE TABLE "payout_program_state" (
    "program_key" VARCHAR(64) NOT NULL,
    "paused_at" TIMESTAMPTZ(3),
    "paused_by" VARCHAR(128),
    "pause_reason" VARCHAR(64),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payout_program_state_pkey" PRIMARY KEY ("program_key")
);

-- CreateTable
CREATE TABLE "payout_date_overrides" (
    "program_key" VARCHAR(64) NOT NULL,
    "scheduled" CHAR(10) NOT NULL,
    "moved_to" CHAR(10) NOT NULL,
    "actor" VARCHAR(128) NOT NULL,
    "reason" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payout_date_overrides_pkey" PRIMARY KEY ("program_key","scheduled")
);

-- CreateTable
CREATE TABLE "review_flags" (
    "id" UUID NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "subject" VARCHAR(64) NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" VARCHAR(128),
    "resolution" VARCHAR(64),

    CONSTRAINT "review_flags_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_flags_resolved_at_created_at_idx" ON "review_flags"("resolved_at", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "review_flags_enrolment_id_kind_subject_key" ON "review_flags"("enrolment_id", "kind", "subject");

-- AddForeignKey
ALTER TABLE "payout_program_state" ADD CONSTRAINT "payout_program_state_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_date_overrides" ADD CONSTRAINT "payout_date_overrides_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_flags" ADD CONSTRAINT "review_flags_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

