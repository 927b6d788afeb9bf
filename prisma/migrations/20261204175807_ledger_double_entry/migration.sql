-- The ledger becomes double-entry (core/domain/ledger.ts): every journal's postings sum to zero per currency.
-- Accounts: the partner's `earnings` becomes `earned`; the reservation postings of the old `payout` account are
-- the partner's side of a payout (taken from `earned`), and get their `reserved` counterpart here; paid payouts
-- get their paid transaction at paid_at; every other journal that does not balance gets its commission expense.
BEGIN;
CREATE TYPE "LedgerAccount_new" AS ENUM ('earned', 'held', 'reserved', 'commission_expense', 'tax_withheld', 'fees', 'external_payments', 'service_credit');
ALTER TABLE "ledger_entries" ALTER COLUMN "account" TYPE "LedgerAccount_new"
  USING (CASE "account"::text WHEN 'held' THEN 'held' ELSE 'earned' END)::"LedgerAccount_new";
ALTER TYPE "LedgerAccount" RENAME TO "LedgerAccount_old";
ALTER TYPE "LedgerAccount_new" RENAME TO "LedgerAccount";
DROP TYPE "LedgerAccount_old";

-- a payout's request (earned -G) and release (earned +G) each move the gross into or out of `reserved`
INSERT INTO ledger_entries (journal, seq, program_key, enrolment_id, account, currency, amount_minor, kind, reason,
                            payout_id, effective_at, created_at)
SELECT l.journal, l.seq + 1, l.program_key, l.enrolment_id, 'reserved', l.currency, -l.amount_minor, l.kind, l.reason,
       l.payout_id, l.created_at, l.created_at
FROM ledger_entries l
WHERE l.kind IN ('payout', 'payout_release');

-- a paid payout: the reservation goes out as cash, tax withheld and fees, or as service credit (gross plus bonus)
INSERT INTO ledger_entries (journal, seq, program_key, enrolment_id, account, currency, amount_minor, kind,
                            payout_id, effective_at, created_at)
SELECT 'payout-paid:' || p.id, leg.seq, p.program_key, p.enrolment_id, leg.account::"LedgerAccount", p.currency,
       leg.amount, 'payout_paid', p.id, COALESCE(p.paid_at, p.updated_at), COALESCE(p.paid_at, p.updated_at)
FROM payout_requests p
CROSS JOIN LATERAL (VALUES
  (0, 'reserved', -p.gross_minor),
  (1, 'external_payments', CASE WHEN p.credit_minor IS NULL THEN p.net_minor ELSE 0 END),
  (2, 'tax_withheld', CASE WHEN p.credit_minor IS NULL THEN p.tax_minor ELSE 0 END),
  (3, 'fees', CASE WHEN p.credit_minor IS NULL THEN p.fee_minor ELSE 0 END),
  (4, 'service_credit', COALESCE(p.credit_minor, 0)),
  (5, 'commission_expense', CASE WHEN p.credit_minor IS NULL THEN 0 ELSE p.gross_minor - p.credit_minor END)
) AS leg(seq, account, amount)
WHERE p.status = 'paid' AND leg.amount <> 0
  AND EXISTS (SELECT 1 FROM ledger_entries r WHERE r.journal = 'payout:' || p.id);

-- every other journal (commissions, reversals, annulments, penalties, settlements at a new amount) is balanced by
-- the program's commission expense; those that balance already (holds, releases at the same amount) stay as they are
INSERT INTO ledger_entries (journal, seq, program_key, enrolment_id, account, currency, amount_minor, kind, reason,
                            commission_id, event_id, effective_at, created_at)
SELECT j.journal, j.next_seq, j.program_key, j.enrolment_id, 'commission_expense', j.currency, -j.total, j.kind, j.reason,
       j.commission_id, j.event_id, j.created_at, j.created_at
FROM (
  SELECT l.journal, l.currency, SUM(l.amount_minor) AS total, MAX(l.seq) + 1 AS next_seq,
         (array_agg(l.program_key ORDER BY l.seq))[1] AS program_key,
         (array_agg(l.enrolment_id ORDER BY l.seq))[1] AS enrolment_id,
         (array_agg(l.kind ORDER BY l.seq))[1] AS kind,
         (array_agg(l.reason ORDER BY l.seq))[1] AS reason,
         (array_agg(l.commission_id ORDER BY l.seq))[1] AS commission_id,
         (array_agg(l.event_id ORDER BY l.seq))[1] AS event_id,
         MAX(l.created_at) AS created_at
  FROM ledger_entries l
  GROUP BY l.journal, l.currency
  HAVING SUM(l.amount_minor) <> 0
) j;

-- every balance reads (enrolment, account, currency); nothing reads by (enrolment, effective date), and each index
-- costs every posting a write
DROP INDEX "ledger_entries_enrolment_id_effective_at_idx";
COMMIT;
