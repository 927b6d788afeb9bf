-- A client reported late raises the level of clients that paid after it (core/domain/level-raises.ts): each of their
-- commissions it lifts gets a top-up of its own (rule level_top_up) on the same order and event, so that a refund of
-- the order takes it back with the rest. A client may be raised more than once (Silver, then Gold, then Platinum),
-- so neither key of one commission per event or order and rule holds for top-ups, as for a volume tier's.
DROP INDEX "commissions_event_id_rule_key";
CREATE UNIQUE INDEX "commissions_event_id_rule_key" ON "commissions"("event_id", "rule")
  WHERE "rule" NOT IN ('revenue_share_tier', 'level_top_up');
DROP INDEX "commissions_program_key_order_ref_rule_key";
CREATE UNIQUE INDEX "commissions_program_key_order_ref_rule_key" ON "commissions"("program_key", "order_ref", "rule")
  WHERE "rule" <> 'level_top_up';
