-- The level a customer was acquired at, as the partner's count of paying customers before it: a deal keeps each
-- customer at its level for life, whatever is refunded or reported later. Customers acquired before this migration
-- have none: their level is counted as of their first payment.
ALTER TABLE "customers" ADD COLUMN "acquired_level_count" INTEGER;
