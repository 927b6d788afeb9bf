-- A commission's own postings, read per statement line (what was taken back of it, what it nets) and for what
-- remains of it, without scanning the partner's whole account.
CREATE INDEX "ledger_entries_commission_id_idx" ON "ledger_entries"("commission_id");
