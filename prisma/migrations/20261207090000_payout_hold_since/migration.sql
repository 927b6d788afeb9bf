-- When the running payout hold began: extending a hold keeps it, so that the program's limit (melbet 8.2: up to
-- 2 months) counts from it rather than from each extension. A hold set before this migration: it began with the
-- latest of its program's payout settings (the audit log) that set a hold while none was running, or, with none
-- recorded, when the enrolment was last updated.
ALTER TABLE "enrolments" ADD COLUMN "payout_hold_since" TIMESTAMPTZ(3);

WITH "settings" AS (
  SELECT "subject_id", "data"->>'program' AS "program_key", "at",
         ("data"->>'holdUntil')::timestamptz AS "until",
         LAG(("data"->>'holdUntil')::timestamptz) OVER (
           PARTITION BY "subject_id", "data"->>'program' ORDER BY "at", "id"
         ) AS "previous_until"
  FROM "audit_log"
  WHERE "action" = 'payout.settings' AND "subject_type" = 'partner' AND "data" ? 'holdUntil'
), "starts" AS (
  SELECT "subject_id", "program_key", MAX("at") AS "since"
  FROM "settings"
  WHERE "until" IS NOT NULL AND ("previous_until" IS NULL OR "previous_until" <= "at")
  GROUP BY "subject_id", "program_key"
)
UPDATE "enrolments" AS e SET "payout_hold_since" = s."since"
FROM "starts" AS s
WHERE e."payout_hold_until" IS NOT NULL AND e."partner_id"::text = s."subject_id" AND e."program_key" = s."program_key";

UPDATE "enrolments" SET "payout_hold_since" = "updated_at"
WHERE "payout_hold_until" IS NOT NULL AND "payout_hold_since" IS NULL;

-- A running hold renewed past the program's limit before this migration (the old check counted from each renewal)
-- ends where the limit from its beginning ends: the program's days, or its calendar months to the same local time.
UPDATE "enrolments" AS e SET "payout_hold_until" = LEAST(e."payout_hold_until", CASE
    WHEN p."definition"->'payout' ? 'maxHoldDays'
      THEN e."payout_hold_since" + ((p."definition"->'payout'->>'maxHoldDays')::int * INTERVAL '1 day')
    WHEN p."definition"->'payout' ? 'maxHoldMonths'
      THEN ((e."payout_hold_since" AT TIME ZONE COALESCE(p."definition"->>'timeZone', 'UTC'))
            + ((p."definition"->'payout'->>'maxHoldMonths')::int * INTERVAL '1 month'))
           AT TIME ZONE COALESCE(p."definition"->>'timeZone', 'UTC')
  END)
FROM "programs" AS p
WHERE p."key" = e."program_key" AND e."payout_hold_until" IS NOT NULL AND e."payout_hold_since" IS NOT NULL;
