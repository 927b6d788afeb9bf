-- Postbacks arrive in any order: a refund or cancellation recorded before the order it undoes had nothing to take
-- back then, and the order's payment, when it arrives, looks it up to take back what it earns. Only refunds and
-- cancellations are in this index (partial), so a payment writes no entry in it.
CREATE INDEX "events_undone_orders" ON "events"("program_key", "order_ref", "customer_id")
  WHERE "type" IN ('refund', 'cancellation') AND "order_ref" IS NOT NULL;
