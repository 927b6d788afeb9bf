-- A published term change withdrawn before it took effect (its broadcast cancelled): it binds nobody, its commission
-- is no rule, and the partners it reached are told. The rules' revision counts withdrawals too, so every process
-- reloads the rules once one happens.
ALTER TABLE "terms_versions" ADD COLUMN "withdrawn_at" TIMESTAMPTZ(3);
