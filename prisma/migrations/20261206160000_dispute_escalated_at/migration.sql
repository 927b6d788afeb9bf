-- When a dispute was escalated: asked for evidence meanwhile, it is escalated again when the partner answers
-- (instead of going back to its agent as an ordinary case). Disputes escalated before this migration: those still
-- escalated, and those escalated by their deadline and then asked for evidence (overdue_at).
ALTER TABLE "disputes" ADD COLUMN "escalated_at" TIMESTAMPTZ(3);
UPDATE "disputes" SET "escalated_at" = COALESCE("overdue_at", "updated_at")
WHERE "status" = 'escalated' OR ("status" = 'awaiting_partner' AND "overdue_at" IS NOT NULL);
