-- The deliveries recorded so far as failed with `left_program` were those partners: the value added by the previous
-- migration (a new enum value can only be used once the transaction that added it has committed).
UPDATE "broadcast_deliveries" SET "status" = 'answered_before_delivery', "last_error" = NULL
 WHERE "status" = 'failed' AND "last_error" = 'left_program';
