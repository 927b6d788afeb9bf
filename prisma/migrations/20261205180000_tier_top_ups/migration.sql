-- A postback makes at most one commission per rule (the event's unique key on commissions), except a volume tier's
-- top-ups (core/domain/month-tiers.ts): the new user that lifts a month to a higher tier tops up each of that month's
-- weeks and currencies, each a commission of its own under its own key (program_key, order_ref, rule).
-- DropIndex
DROP INDEX "commissions_event_id_rule_key";
CREATE UNIQUE INDEX "commissions_event_id_rule_key" ON "commissions"("event_id", "rule") WHERE "rule" <> 'revenue_share_tier';
