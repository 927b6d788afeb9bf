-- A program that credits each event to the code it names (attribution.perEvent: jqsee, chetup) pays the owner of the
-- code a payment was made with, which need not be the partner whose code brought the customer first. The commission
-- keeps that code (null: the customer's own, as every commission written before this), and the performance rollup
-- and report count it under that code, not under the customer's first partner's.
ALTER TABLE "commissions" ADD COLUMN "code_id" UUID;
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_code_id_fkey" FOREIGN KEY ("code_id") REFERENCES "referral_codes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE OR REPLACE FUNCTION "performance_count_commissions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "performance_days" AS p ("enrolment_id", "dim", "day", "code_id", "value", "currency", "commission_minor")
  SELECT x."enrolment_id", d."dim", x."day", d."code_id", d."value", x."currency", SUM(x."amount_minor")
  FROM (
    SELECT cm."enrolment_id",
           (COALESCE(cm."occurred_at", ev."occurred_at") AT TIME ZONE COALESCE(pr."definition"->>'timeZone', 'UTC'))::date AS "day",
           COALESCE(cm."code_id", cu."code_id", '00000000-0000-0000-0000-000000000000'::uuid) AS "code_id",
           CASE WHEN cm."customer_id" IS NOT NULL THEN ev."sub1" END AS "sub1",
           CASE WHEN cm."customer_id" IS NOT NULL THEN ev."sub2" END AS "sub2",
           CASE WHEN cm."customer_id" IS NOT NULL THEN ev."sub3" END AS "sub3",
           CASE WHEN cm."customer_id" IS NOT NULL THEN ev."sub4" END AS "sub4",
           CASE WHEN cm."customer_id" IS NOT NULL THEN ev."sub5" END AS "sub5",
           n."currency", n."amount_minor"
    FROM "new_entries" n
    JOIN "commissions" cm ON cm."id" = n."commission_id"
    JOIN "events" ev ON ev."id" = cm."event_id"
    JOIN "programs" pr ON pr."key" = cm."program_key"
    LEFT JOIN "customers" cu ON cu."id" = cm."customer_id"
    WHERE n."account" IN ('earned', 'held')
  ) x
  CROSS JOIN LATERAL (VALUES ('', x."code_id", ''),
                             ('sub1', '00000000-0000-0000-0000-000000000000'::uuid, x."sub1"),
                             ('sub2', '00000000-0000-0000-0000-000000000000'::uuid, x."sub2"),
                             ('sub3', '00000000-0000-0000-0000-000000000000'::uuid, x."sub3"),
                             ('sub4', '00000000-0000-0000-0000-000000000000'::uuid, x."sub4"),
                             ('sub5', '00000000-0000-0000-0000-000000000000'::uuid, x."sub5")) AS d("dim", "code_id", "value")
  WHERE d."value" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("enrolment_id", "dim", "day", "code_id", "value", "currency")
  DO UPDATE SET "commission_minor" = p."commission_minor" + EXCLUDED."commission_minor";
  RETURN NULL;
END
$$;
