-- CreateTable
CREATE TABLE "partner_deals" (
    "id" UUID NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "commission" JSONB NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3),
    "note" TEXT NOT NULL,
    "actor" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "partner_deals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "partner_deals_enrolment_id_valid_from_idx" ON "partner_deals"("enrolment_id", "valid_from");

-- AddForeignKey
ALTER TABLE "partner_deals" ADD CONSTRAINT "partner_deals_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
