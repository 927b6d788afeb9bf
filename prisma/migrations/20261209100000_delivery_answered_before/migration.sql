-- A partner who answered a term change (an objection in /terms that ended their agreement) before its broadcast
-- reached them is not sent it: an outcome of its own, not a failed delivery (core/infra/db/terms-broadcasts.ts claim).
-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'answered_before_delivery';
