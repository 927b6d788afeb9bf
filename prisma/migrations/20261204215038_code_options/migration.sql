/*
  Warnings:

  - A unique constraint covering the columns `[issue_key]` on the table `referral_codes` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "referral_codes" ADD COLUMN     "issue_key" VARCHAR(128),
ADD COLUMN     "suspended_by" VARCHAR(16),
ADD COLUMN     "valid_from" TIMESTAMPTZ(3),
ADD COLUMN     "valid_until" TIMESTAMPTZ(3);

-- CreateIndex
CREATE UNIQUE INDEX "referral_codes_issue_key_key" ON "referral_codes"("issue_key");

-- Codes are unique per program regardless of case (a vanity "Anna10" takes "ANNA10" and "anna10" too). Issued
-- codes so far never collide this way: generated link ids are lower-case 12 characters, promo codes upper-case 8,
-- and vanity codes did not exist; the index below fails loudly if a database holds such a pair.
-- Lookups stay exact (`code = $1`, on referral_codes_code_key): a code is used as issued.
CREATE UNIQUE INDEX "referral_codes_program_key_lower_code_key" ON "referral_codes"("program_key", lower("code"));

-- Codes suspended so far were suspended by sanctions (a lift reinstates them), except those of erased partners.
UPDATE "referral_codes" rc SET "suspended_by" = 'sanction'
  FROM "enrolments" e JOIN "partners" p ON p."id" = e."partner_id"
  WHERE rc."enrolment_id" = e."id" AND rc."status" = 'suspended' AND p."erased_at" IS NULL;
