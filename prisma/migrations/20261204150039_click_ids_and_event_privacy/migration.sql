-- Click ids become random UUIDs made by the service: the landing page receives them (`click=`), and a sequence
-- told anyone how many clicks there were. Existing clicks get a random id in place of their number (nothing
-- referenced clicks by id before this migration), and the sequence goes.
ALTER TABLE "clicks" DROP CONSTRAINT "clicks_pkey";
ALTER TABLE "clicks" ALTER COLUMN "id" DROP DEFAULT;
ALTER TABLE "clicks" ALTER COLUMN "id" SET DATA TYPE UUID USING gen_random_uuid();
ALTER TABLE "clicks" ADD CONSTRAINT "clicks_pkey" PRIMARY KEY ("id");
DROP SEQUENCE IF EXISTS "clicks_id_seq";

-- A postback may name the click it converted (`click`).
ALTER TABLE "events" ADD COLUMN "click_id" UUID;

-- Raw customer IP addresses are never stored: events keep only the keyed hash (ip_hash), so the copy of the body
-- drops its `ip`. The body hash that recognises a replay was taken from the body as sent and stays as it is.
UPDATE "events" SET "payload" = "payload" - 'ip' WHERE jsonb_typeof("payload") = 'object' AND "payload" ? 'ip';
