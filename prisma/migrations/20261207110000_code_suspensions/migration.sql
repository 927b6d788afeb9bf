-- The periods each code was suspended ([{"from", "until"}], "until" missing while it still is): an event is judged
-- by the code's standing when it occurred, not when its postback arrives (core/domain/codes.ts suspendedAt).
ALTER TABLE "referral_codes" ADD COLUMN "suspensions" JSONB NOT NULL DEFAULT '[]';

-- A code suspended now: since its last suspension in the audit log (a single code) or the start of the first
-- sanction in force that suspends codes (a second one in force changed nothing); with neither known, since always,
-- as it was judged before.
UPDATE "referral_codes" rc
SET "suspensions" = jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('from', (
  CASE rc."suspended_by"
    WHEN 'single' THEN (SELECT max(a."at") FROM "audit_log" a
                        WHERE a."action" = 'code.suspend' AND a."data"->>'codeId' = rc."id"::text)
    WHEN 'sanction' THEN (SELECT min(s."created_at") FROM "sanctions" s
                          WHERE s."enrolment_id" = rc."enrolment_id" AND s."kind" IN ('suspend_codes', 'disqualify')
                            AND s."lifted_at" IS NULL)
  END))))
WHERE rc."status" = 'suspended';
