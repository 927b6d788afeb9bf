-- Finance's words with a hold or rejection of a payout, which the partner reads under its reason as written (the
-- reason "other" says nothing by itself, so it needs them). Payouts decided before this have none.
ALTER TABLE "payout_requests" ADD COLUMN "note" TEXT;
