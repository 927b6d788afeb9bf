-- The performance report's sign-up of a customer is its first registration, never an engagement action (a chetup
-- visit, click or download): a customer brought by one signs up at its first other event. Until now the event that
-- attributed the customer counted, whatever it was.
ALTER TABLE "customers" ADD COLUMN "signed_up_at" TIMESTAMPTZ(3);

-- An attributed customer with a registration among its events has had its sign-up counted: it is not counted again.
UPDATE "customers" cu SET "signed_up_at" = COALESCE(cu."attributed_at", cu."created_at")
WHERE cu."enrolment_id" IS NOT NULL AND cu."code_id" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "events" e
              WHERE e."customer_id" = cu."id" AND e."type"::text NOT IN ('click', 'visit', 'download'));

-- One whose events are all engagement actions has not signed up: the sign-up its first event counted is taken out
-- of the rollup, on that event's day, under the link and under each of its sub-ids (what the postback counted).
WITH engaged AS (
  SELECT cu."enrolment_id", cu."code_id", e."sub1", e."sub2", e."sub3", e."sub4", e."sub5",
         (e."occurred_at" AT TIME ZONE COALESCE(pr."definition"->>'timeZone', 'UTC'))::date AS "day"
  FROM "customers" cu
  JOIN "programs" pr ON pr."key" = cu."program_key"
  JOIN LATERAL (SELECT * FROM "events" ev WHERE ev."customer_id" = cu."id"
                ORDER BY ev."received_at", ev."id" LIMIT 1) e ON true
  WHERE cu."enrolment_id" IS NOT NULL AND cu."code_id" IS NOT NULL AND cu."signed_up_at" IS NULL
), counted AS (
  SELECT g."enrolment_id", d."dim", g."day", d."code_id", d."value", count(*)::int AS "n"
  FROM engaged g
  CROSS JOIN LATERAL (VALUES ('', g."code_id", ''),
                             ('sub1', '00000000-0000-0000-0000-000000000000'::uuid, g."sub1"),
                             ('sub2', '00000000-0000-0000-0000-000000000000'::uuid, g."sub2"),
                             ('sub3', '00000000-0000-0000-0000-000000000000'::uuid, g."sub3"),
                             ('sub4', '00000000-0000-0000-0000-000000000000'::uuid, g."sub4"),
                             ('sub5', '00000000-0000-0000-0000-000000000000'::uuid, g."sub5")) AS d("dim", "code_id", "value")
  WHERE d."value" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5
)
UPDATE "performance_days" p SET "signups" = GREATEST(0, p."signups" - c."n")
FROM counted c
WHERE p."enrolment_id" = c."enrolment_id" AND p."dim" = c."dim" AND p."day" = c."day"
  AND p."code_id" = c."code_id" AND p."value" = c."value" AND p."currency" = '';
