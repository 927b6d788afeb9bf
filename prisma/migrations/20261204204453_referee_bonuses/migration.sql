-- CreateTable
CREATE TABLE "referee_bonuses" (
    "id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "customer_id" UUID NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "granted_at" TIMESTAMPTZ(3),
    "granted_by" VARCHAR(128),
    "voided_at" TIMESTAMPTZ(3),
    "void_reason" VARCHAR(64),

    CONSTRAINT "referee_bonuses_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "referee_bonuses_customer_id_key" ON "referee_bonuses"("customer_id");

-- CreateIndex
CREATE INDEX "referee_bonuses_program_key_status_created_at_idx" ON "referee_bonuses"("program_key", "status", "created_at");

-- AddForeignKey
ALTER TABLE "referee_bonuses" ADD CONSTRAINT "referee_bonuses_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referee_bonuses" ADD CONSTRAINT "referee_bonuses_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referee_bonuses" ADD CONSTRAINT "referee_bonuses_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
