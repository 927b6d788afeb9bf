-- A postback writes its event once (at its commit, with its customer and answer) through the indexes a read uses:
-- no read looks events up by order, and (program_key, ip_hash) answers the one-IP-per-campaign check too.
-- DropIndex
DROP INDEX "events_program_key_order_ref_idx";

-- DropIndex
DROP INDEX "events_program_key_campaign_key_ip_hash_idx";
