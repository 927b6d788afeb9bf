-- Codes are case-insensitive (contract): a click on /r/anna10 finds the vanity code "Anna10". Clicks read codes by
-- lower(code) across programs (the unique index on (program_key, lower(code)) leads with the program).
CREATE INDEX "referral_codes_lower_code_idx" ON "referral_codes"(lower("code"));
