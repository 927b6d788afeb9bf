-- A postback makes at most one commission per rule (the event's unique key on commissions), except a volume tier's
-- top-ups (core/domain/month-tiers.ts): the new user that lifts a month to a higher tier tops up each of that month's
-- weeks and currencies, each a commission of its own under its own key (program_key, order_ref, rule).
-- DropIndex
DROP INDEX "commissions_event_id_rule_key";
CREATE UNIQUE INDEX "commissions_event_id_rule_key" ON "commissions"("event_id", "rule") WHERE "rule" <> 'revenue_share_tier';

-- A top-up is for the partner's month, not for one customer's link or sub-ids: the performance rollup counts it under
-- no link (as a commission of no customer already was) and under no sub-id, instead of the sub-ids of the postback
-- that made the month's new user.
CREATE OR REPLACE FUNCTION "performance_count_commissions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "performance_days" AS p ("enrolment_id", "dim", "day", "code_id", "value", "currency", "commission_minor")
  SELECT x."enrolment_id", d."dim", x."day", d."code_id", d."value", x."currency", SUM(x."amount_minor")
  FROM (
    SELECT cm."enrolment_id",
           (COALESCE(cm."occurred_at", ev."occurred_at") AT TIME ZONE COALESCE(pr."definition"->>'timeZone', 'UTC'))::date AS "day",
           COALESCE(cu."code_id", '00000000-0000-0000-0000-000000000000'::uuid) AS "code_id",
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
