-- Who lifted a sanction (a desk user, the operator API, or system:expiry when its end came): the partner card's
-- history says "lifted by …" or "ended on …".
-- AlterTable
ALTER TABLE "sanctions" ADD COLUMN "lifted_by" VARCHAR(128);

-- Sanctions lifted before: the actor of their lift in the audit log (sanction.lift.<kind>, data.sanction).
UPDATE "sanctions" AS s
SET "lifted_by" = a."actor"
FROM "audit_log" AS a
WHERE s."lifted_at" IS NOT NULL
  AND a."subject_type" = 'partner'
  AND a."action" = 'sanction.lift.' || s."kind"::text
  AND a."data"->>'sanction' = s."id"::text;

-- A payout block an overdue warning became is lifted with that warning, by whoever lifted it.
UPDATE "sanctions" AS h
SET "lifted_by" = w."lifted_by"
FROM "sanctions" AS w
WHERE h."lifted_at" IS NOT NULL
  AND h."lifted_by" IS NULL
  AND w."escalated_to" = h."id";
