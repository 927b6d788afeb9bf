-- CreateTable
CREATE TABLE "manual_adjustments" (
    "id" UUID NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "idempotency_key" VARCHAR(128) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "reason" VARCHAR(64) NOT NULL,
    "note" TEXT,
    "actor" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "manual_adjustments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "manual_adjustments_enrolment_id_idempotency_key_key" ON "manual_adjustments"("enrolment_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "manual_adjustments" ADD CONSTRAINT "manual_adjustments_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
