-- AlterTable
ALTER TABLE "clicks" ADD COLUMN     "first_of_day" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "sub1" VARCHAR(100),
ADD COLUMN     "sub2" VARCHAR(100),
ADD COLUMN     "sub3" VARCHAR(100),
ADD COLUMN     "sub4" VARCHAR(100),
ADD COLUMN     "sub5" VARCHAR(100),
ADD COLUMN     "visitor" VARCHAR(64);

-- AlterTable
ALTER TABLE "commissions" ADD COLUMN     "occurred_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "converted_at" TIMESTAMPTZ(3),
ADD COLUMN     "sub1" VARCHAR(100),
ADD COLUMN     "sub2" VARCHAR(100),
ADD COLUMN     "sub3" VARCHAR(100),
ADD COLUMN     "sub4" VARCHAR(100),
ADD COLUMN     "sub5" VARCHAR(100);

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "sub1" VARCHAR(100),
ADD COLUMN     "sub2" VARCHAR(100),
ADD COLUMN     "sub3" VARCHAR(100),
ADD COLUMN     "sub4" VARCHAR(100),
ADD COLUMN     "sub5" VARCHAR(100);

-- CreateTable
CREATE TABLE "click_visitors" (
    "enrolment_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "visitor" VARCHAR(64) NOT NULL,

    CONSTRAINT "click_visitors_pkey" PRIMARY KEY ("enrolment_id","day","visitor")
);

-- CreateTable
CREATE TABLE "performance_days" (
    "enrolment_id" UUID NOT NULL,
    "dim" VARCHAR(4) NOT NULL,
    "day" DATE NOT NULL,
    "code_id" UUID NOT NULL,
    "value" VARCHAR(100) NOT NULL DEFAULT '',
    "currency" VARCHAR(3) NOT NULL DEFAULT '',
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "unique_clicks" INTEGER NOT NULL DEFAULT 0,
    "signups" INTEGER NOT NULL DEFAULT 0,
    "first_payments" INTEGER NOT NULL DEFAULT 0,
    "commission_minor" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "performance_days_pkey" PRIMARY KEY ("enrolment_id","dim","day","code_id","value","currency")
);

-- CreateIndex
CREATE INDEX "commissions_enrolment_id_occurred_at_id_idx" ON "commissions"("enrolment_id", "occurred_at", "id");

-- Commissions are listed by their event's date.
UPDATE "commissions" c SET "occurred_at" = e."occurred_at" FROM "events" e WHERE e."id" = c."event_id";

-- Commissions earned on each day's conversions, net of what was taken back later: every posting on a partner's
-- account (earned, held) that names a commission counts on the commission's day (the program's time zone), link
-- and sub-ids, in the transaction that posts it, whichever use-case does (a postback, a review, a restore, a
-- sanction). A hold or a release moves money between the two accounts and nets out.
CREATE FUNCTION "performance_count_commissions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "performance_days" AS p ("enrolment_id", "dim", "day", "code_id", "value", "currency", "commission_minor")
  SELECT x."enrolment_id", d."dim", x."day", d."code_id", d."value", x."currency", SUM(x."amount_minor")
  FROM (
    SELECT cm."enrolment_id",
           (COALESCE(cm."occurred_at", ev."occurred_at") AT TIME ZONE COALESCE(pr."definition"->>'timeZone', 'UTC'))::date AS "day",
           COALESCE(cu."code_id", '00000000-0000-0000-0000-000000000000'::uuid) AS "code_id",
           ev."sub1", ev."sub2", ev."sub3", ev."sub4", ev."sub5", n."currency", n."amount_minor"
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

CREATE TRIGGER "ledger_entries_performance" AFTER INSERT ON "ledger_entries"
  REFERENCING NEW TABLE AS "new_entries" FOR EACH STATEMENT EXECUTE FUNCTION "performance_count_commissions"();

-- The rollup of what was recorded before it: clicks (no visitor was kept, so none is a unique click), sign-ups
-- (customers attributed, on their first event's day), first payments and commissions.
UPDATE "customers" cu SET "converted_at" = f."at"
FROM (SELECT e."customer_id", min(e."occurred_at") AS "at" FROM "events" e
      WHERE e."type" IN ('payment', 'first_deposit') GROUP BY 1) f
WHERE f."customer_id" = cu."id" AND cu."enrolment_id" IS NOT NULL;

INSERT INTO "performance_days" AS p ("enrolment_id", "dim", "day", "code_id", "clicks")
SELECT rc."enrolment_id", '', (cl."at" AT TIME ZONE COALESCE(pr."definition"->>'timeZone', 'UTC'))::date, cl."code_id", count(*)
FROM "clicks" cl JOIN "referral_codes" rc ON rc."id" = cl."code_id" JOIN "programs" pr ON pr."key" = rc."program_key"
GROUP BY 1, 3, 4;

INSERT INTO "performance_days" AS p ("enrolment_id", "dim", "day", "code_id", "signups", "first_payments")
SELECT x."enrolment_id", '', x."day", x."code_id", sum(x."signups"), sum(x."first_payments")
FROM (
  SELECT cu."enrolment_id", cu."code_id",
         ((SELECT min(e."occurred_at") FROM "events" e WHERE e."customer_id" = cu."id")
           AT TIME ZONE COALESCE(pr."definition"->>'timeZone', 'UTC'))::date AS "day", 1 AS "signups", 0 AS "first_payments"
  FROM "customers" cu JOIN "programs" pr ON pr."key" = cu."program_key"
  WHERE cu."enrolment_id" IS NOT NULL AND cu."code_id" IS NOT NULL
  UNION ALL
  SELECT cu."enrolment_id", cu."code_id", (cu."converted_at" AT TIME ZONE COALESCE(pr."definition"->>'timeZone', 'UTC'))::date, 0, 1
  FROM "customers" cu JOIN "programs" pr ON pr."key" = cu."program_key"
  WHERE cu."converted_at" IS NOT NULL AND cu."code_id" IS NOT NULL
) x
WHERE x."day" IS NOT NULL
GROUP BY 1, 3, 4
ON CONFLICT ("enrolment_id", "dim", "day", "code_id", "value", "currency")
DO UPDATE SET "signups" = p."signups" + EXCLUDED."signups", "first_payments" = p."first_payments" + EXCLUDED."first_payments";

INSERT INTO "performance_days" AS p ("enrolment_id", "dim", "day", "code_id", "currency", "commission_minor")
SELECT cm."enrolment_id", '', (cm."occurred_at" AT TIME ZONE COALESCE(pr."definition"->>'timeZone', 'UTC'))::date,
       COALESCE(cu."code_id", '00000000-0000-0000-0000-000000000000'::uuid), le."currency", sum(le."amount_minor")
FROM "ledger_entries" le
JOIN "commissions" cm ON cm."id" = le."commission_id"
JOIN "programs" pr ON pr."key" = cm."program_key"
LEFT JOIN "customers" cu ON cu."id" = cm."customer_id"
WHERE le."account" IN ('earned', 'held') AND cm."occurred_at" IS NOT NULL
GROUP BY 1, 3, 4, 5;
