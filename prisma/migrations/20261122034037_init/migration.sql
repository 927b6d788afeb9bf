-- CreateEnum
CREATE TYPE "LegalType" AS ENUM ('individual', 'company');

-- CreateEnum
CREATE TYPE "EnrolmentStatus" AS ENUM ('applied', 'active', 'blocked', 'disqualified', 'terminated');

-- CreateEnum
CREATE TYPE "CodeKind" AS ENUM ('link', 'promo');

-- CreateEnum
CREATE TYPE "CodeStatus" AS ENUM ('active', 'suspended');

-- CreateEnum
CREATE TYPE "EventType" AS ENUM ('signup', 'first_deposit', 'payment', 'refund', 'cancellation', 'revenue', 'lead', 'click', 'visit', 'download', 'new_customer');

-- CreateEnum
CREATE TYPE "CommissionStatus" AS ENUM ('pending', 'held', 'available', 'paid', 'reversed', 'annulled', 'rejected');

-- CreateEnum
CREATE TYPE "LedgerAccount" AS ENUM ('earnings', 'held', 'payout');

-- CreateEnum
CREATE TYPE "PayoutMethod" AS ENUM ('bank', 'paypal', 'service_credit', 'licences');

-- CreateEnum
CREATE TYPE "PayoutStatus" AS ENUM ('requested', 'approved', 'paid', 'rejected', 'cancelled', 'needs_review');

-- CreateEnum
CREATE TYPE "BatchStatus" AS ENUM ('open', 'closed', 'paid');

-- CreateEnum
CREATE TYPE "SanctionKind" AS ENUM ('warning', 'suspend_codes', 'block', 'disqualify', 'payout_hold');

-- CreateEnum
CREATE TYPE "DisputeSubject" AS ENUM ('commission', 'payout', 'sanction', 'other');

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('open', 'claimed', 'awaiting_partner', 'escalated', 'upheld', 'rejected');

-- CreateEnum
CREATE TYPE "MessageAuthor" AS ENUM ('partner', 'support', 'system');

-- CreateEnum
CREATE TYPE "TermsAnswerKind" AS ENUM ('accepted', 'acknowledged', 'objected');

-- CreateEnum
CREATE TYPE "BroadcastStatus" AS ENUM ('running', 'paused', 'cancelled', 'completed');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sending', 'sent', 'failed', 'blocked');

-- CreateTable
CREATE TABLE "programs" (
    "key" VARCHAR(64) NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "revision" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "programs_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "name" TEXT NOT NULL,
    "rule" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partners" (
    "id" UUID NOT NULL,
    "name" TEXT,
    "telegram_id" BIGINT,
    "telegram_username" TEXT,
    "language" VARCHAR(8) NOT NULL DEFAULT 'en',
    "legal_type" "LegalType" NOT NULL DEFAULT 'individual',
    "country" CHAR(2),
    "unreachable_at" TIMESTAMPTZ(3),
    "erased_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "partners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enrolments" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "status" "EnrolmentStatus" NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_terms_id" UUID,
    "accepted_terms_at" TIMESTAMPTZ(3),
    "rate_override_bps" INTEGER,
    "payment_details_agreed" BOOLEAN NOT NULL DEFAULT false,
    "payout_hold_until" TIMESTAMPTZ(3),
    "payout_hold_reason" TEXT,
    "own_account_id" VARCHAR(256),
    "answers" JSONB NOT NULL DEFAULT '{}',
    "ends_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "enrolments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_codes" (
    "id" UUID NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "kind" "CodeKind" NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "campaign_id" UUID,
    "rate_override_bps" INTEGER,
    "status" "CodeStatus" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "referral_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clicks" (
    "id" BIGSERIAL NOT NULL,
    "code_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "ip_hash" VARCHAR(64),
    "country" CHAR(2),
    "user_agent" VARCHAR(512),

    CONSTRAINT "clicks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "external_id" VARCHAR(256) NOT NULL,
    "enrolment_id" UUID,
    "code_id" UUID,
    "attributed_at" TIMESTAMPTZ(3),
    "signed_up_via_link" BOOLEAN NOT NULL DEFAULT false,
    "seen_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "qualified_at" TIMESTAMPTZ(3),
    "first_paid_at" TIMESTAMPTZ(3),
    "acquired_rate_bps" INTEGER,
    "ineligible" VARCHAR(64),
    "ip_hash" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "external_id" VARCHAR(256) NOT NULL,
    "type" "EventType" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "customer_id" UUID,
    "order_ref" VARCHAR(256),
    "amount_minor" BIGINT,
    "currency" CHAR(3),
    "campaign_key" VARCHAR(64),
    "ip_hash" VARCHAR(64),
    "country" CHAR(2),
    "body_hash" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "response" JSONB,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commissions" (
    "id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "customer_id" UUID,
    "event_id" UUID NOT NULL,
    "rule" VARCHAR(64) NOT NULL,
    "order_ref" VARCHAR(256),
    "currency" CHAR(3) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "basis_minor" BIGINT,
    "rate_bps" INTEGER,
    "status" "CommissionStatus" NOT NULL,
    "reason" VARCHAR(64),
    "available_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "commissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "journal" VARCHAR(128) NOT NULL,
    "seq" SMALLINT NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "account" "LedgerAccount" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "reason" VARCHAR(64),
    "commission_id" UUID,
    "payout_id" UUID,
    "event_id" UUID,
    "effective_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_requests" (
    "id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "idempotency_key" VARCHAR(128) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "method" "PayoutMethod" NOT NULL,
    "gross_minor" BIGINT NOT NULL,
    "fee_minor" BIGINT NOT NULL,
    "tax_minor" BIGINT NOT NULL,
    "net_minor" BIGINT NOT NULL,
    "credit_minor" BIGINT,
    "status" "PayoutStatus" NOT NULL,
    "reason" VARCHAR(64),
    "details_id" UUID,
    "batch_id" UUID,
    "expected_at" TIMESTAMPTZ(3),
    "paid_at" TIMESTAMPTZ(3),
    "payment_ref" VARCHAR(128),
    "decided_by" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payout_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_batches" (
    "id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "status" "BatchStatus" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payout_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_details" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "method" "PayoutMethod" NOT NULL,
    "key_id" VARCHAR(32) NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "mask" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_details_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sanctions" (
    "id" UUID NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "kind" "SanctionKind" NOT NULL,
    "reason" VARCHAR(64) NOT NULL,
    "note" TEXT,
    "actor" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "lifted_at" TIMESTAMPTZ(3),

    CONSTRAINT "sanctions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disputes" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "partner_id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "subject" "DisputeSubject" NOT NULL,
    "subject_id" VARCHAR(64),
    "status" "DisputeStatus" NOT NULL,
    "assignee" VARCHAR(64),
    "answer_by" TIMESTAMPTZ(3) NOT NULL,
    "terms_id" UUID,
    "slack_ts" VARCHAR(32),
    "slack_channel" VARCHAR(32),
    "resolution" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disputes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dispute_messages" (
    "id" UUID NOT NULL,
    "dispute_id" UUID NOT NULL,
    "author" "MessageAuthor" NOT NULL,
    "author_ref" VARCHAR(64),
    "text" TEXT NOT NULL,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "source" VARCHAR(16) NOT NULL,
    "source_ref" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dispute_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terms_versions" (
    "id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "version" INTEGER NOT NULL,
    "effective_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "texts" JSONB NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',
    "created_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "terms_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terms_answers" (
    "id" UUID NOT NULL,
    "terms_version_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "kind" "TermsAnswerKind" NOT NULL,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "terms_answers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "broadcasts" (
    "id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "terms_version_id" UUID,
    "status" "BroadcastStatus" NOT NULL,
    "rate_per_second" INTEGER NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "slack_channel" VARCHAR(32),
    "slack_ts" VARCHAR(32),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "broadcasts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "broadcast_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "broadcast_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" VARCHAR(256),
    "message_id" BIGINT,
    "sent_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "broadcast_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_keys" (
    "source" VARCHAR(32) NOT NULL,
    "key" VARCHAR(256) NOT NULL,
    "request_hash" VARCHAR(64),
    "response" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inbound_keys_pkey" PRIMARY KEY ("source","key")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" VARCHAR(64) NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" VARCHAR(128) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "subject_type" VARCHAR(32) NOT NULL,
    "subject_id" VARCHAR(64) NOT NULL,
    "reason" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "request_id" VARCHAR(64),

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "campaigns_program_key_key_key" ON "campaigns"("program_key", "key");

-- CreateIndex
CREATE UNIQUE INDEX "partners_telegram_id_key" ON "partners"("telegram_id");

-- CreateIndex
CREATE INDEX "partners_telegram_username_idx" ON "partners"("telegram_username");

-- CreateIndex
CREATE INDEX "enrolments_program_key_status_idx" ON "enrolments"("program_key", "status");

-- CreateIndex
CREATE UNIQUE INDEX "enrolments_partner_id_program_key_key" ON "enrolments"("partner_id", "program_key");

-- CreateIndex
CREATE UNIQUE INDEX "referral_codes_code_key" ON "referral_codes"("code");

-- CreateIndex
CREATE INDEX "referral_codes_enrolment_id_idx" ON "referral_codes"("enrolment_id");

-- CreateIndex
CREATE INDEX "clicks_code_id_at_idx" ON "clicks"("code_id", "at");

-- CreateIndex
CREATE INDEX "customers_enrolment_id_first_paid_at_idx" ON "customers"("enrolment_id", "first_paid_at");

-- CreateIndex
CREATE INDEX "customers_enrolment_id_qualified_at_idx" ON "customers"("enrolment_id", "qualified_at");

-- CreateIndex
CREATE INDEX "customers_program_key_ip_hash_idx" ON "customers"("program_key", "ip_hash");

-- CreateIndex
CREATE UNIQUE INDEX "customers_program_key_external_id_key" ON "customers"("program_key", "external_id");

-- CreateIndex
CREATE INDEX "events_program_key_order_ref_idx" ON "events"("program_key", "order_ref");

-- CreateIndex
CREATE INDEX "events_customer_id_occurred_at_idx" ON "events"("customer_id", "occurred_at");

-- CreateIndex
CREATE INDEX "events_program_key_ip_hash_idx" ON "events"("program_key", "ip_hash");

-- CreateIndex
CREATE INDEX "events_program_key_campaign_key_ip_hash_idx" ON "events"("program_key", "campaign_key", "ip_hash");

-- CreateIndex
CREATE UNIQUE INDEX "events_program_key_external_id_key" ON "events"("program_key", "external_id");

-- CreateIndex
CREATE INDEX "commissions_enrolment_id_status_idx" ON "commissions"("enrolment_id", "status");

-- CreateIndex
CREATE INDEX "commissions_status_available_at_idx" ON "commissions"("status", "available_at");

-- CreateIndex
CREATE UNIQUE INDEX "commissions_event_id_rule_key" ON "commissions"("event_id", "rule");

-- CreateIndex
CREATE UNIQUE INDEX "commissions_program_key_order_ref_rule_key" ON "commissions"("program_key", "order_ref", "rule");

-- CreateIndex
CREATE INDEX "ledger_entries_enrolment_id_account_currency_idx" ON "ledger_entries"("enrolment_id", "account", "currency");

-- CreateIndex
CREATE INDEX "ledger_entries_enrolment_id_effective_at_idx" ON "ledger_entries"("enrolment_id", "effective_at");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_journal_seq_key" ON "ledger_entries"("journal", "seq");

-- CreateIndex
CREATE INDEX "payout_requests_program_key_status_idx" ON "payout_requests"("program_key", "status");

-- CreateIndex
CREATE UNIQUE INDEX "payout_requests_enrolment_id_idempotency_key_key" ON "payout_requests"("enrolment_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "payout_batches_program_key_period_start_key" ON "payout_batches"("program_key", "period_start");

-- CreateIndex
CREATE INDEX "payment_details_partner_id_method_idx" ON "payment_details"("partner_id", "method");

-- CreateIndex
CREATE INDEX "sanctions_enrolment_id_created_at_idx" ON "sanctions"("enrolment_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "disputes_number_key" ON "disputes"("number");

-- CreateIndex
CREATE INDEX "disputes_status_answer_by_idx" ON "disputes"("status", "answer_by");

-- CreateIndex
CREATE INDEX "disputes_partner_id_idx" ON "disputes"("partner_id");

-- CreateIndex
CREATE INDEX "dispute_messages_dispute_id_created_at_idx" ON "dispute_messages"("dispute_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "dispute_messages_source_source_ref_key" ON "dispute_messages"("source", "source_ref");

-- CreateIndex
CREATE UNIQUE INDEX "terms_versions_program_key_version_key" ON "terms_versions"("program_key", "version");

-- CreateIndex
CREATE UNIQUE INDEX "terms_answers_terms_version_id_partner_id_key" ON "terms_answers"("terms_version_id", "partner_id");

-- CreateIndex
CREATE INDEX "broadcasts_program_key_created_at_idx" ON "broadcasts"("program_key", "created_at");

-- CreateIndex
CREATE INDEX "broadcast_deliveries_broadcast_id_status_idx" ON "broadcast_deliveries"("broadcast_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "broadcast_deliveries_broadcast_id_partner_id_key" ON "broadcast_deliveries"("broadcast_id", "partner_id");

-- CreateIndex
CREATE INDEX "inbound_keys_created_at_idx" ON "inbound_keys"("created_at");

-- CreateIndex
CREATE INDEX "audit_log_subject_type_subject_id_at_idx" ON "audit_log"("subject_type", "subject_id", "at");

-- CreateIndex
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log"("actor", "at");

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_accepted_terms_id_fkey" FOREIGN KEY ("accepted_terms_id") REFERENCES "terms_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_codes" ADD CONSTRAINT "referral_codes_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_codes" ADD CONSTRAINT "referral_codes_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_codes" ADD CONSTRAINT "referral_codes_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clicks" ADD CONSTRAINT "clicks_code_id_fkey" FOREIGN KEY ("code_id") REFERENCES "referral_codes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_code_id_fkey" FOREIGN KEY ("code_id") REFERENCES "referral_codes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_commission_id_fkey" FOREIGN KEY ("commission_id") REFERENCES "commissions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payout_requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_requests" ADD CONSTRAINT "payout_requests_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_requests" ADD CONSTRAINT "payout_requests_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_requests" ADD CONSTRAINT "payout_requests_details_id_fkey" FOREIGN KEY ("details_id") REFERENCES "payment_details"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_requests" ADD CONSTRAINT "payout_requests_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "payout_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_details" ADD CONSTRAINT "payment_details_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sanctions" ADD CONSTRAINT "sanctions_enrolment_id_fkey" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute_messages" ADD CONSTRAINT "dispute_messages_dispute_id_fkey" FOREIGN KEY ("dispute_id") REFERENCES "disputes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terms_versions" ADD CONSTRAINT "terms_versions_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terms_answers" ADD CONSTRAINT "terms_answers_terms_version_id_fkey" FOREIGN KEY ("terms_version_id") REFERENCES "terms_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terms_answers" ADD CONSTRAINT "terms_answers_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_program_key_fkey" FOREIGN KEY ("program_key") REFERENCES "programs"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_terms_version_id_fkey" FOREIGN KEY ("terms_version_id") REFERENCES "terms_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcast_deliveries" ADD CONSTRAINT "broadcast_deliveries_broadcast_id_fkey" FOREIGN KEY ("broadcast_id") REFERENCES "broadcasts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcast_deliveries" ADD CONSTRAINT "broadcast_deliveries_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
