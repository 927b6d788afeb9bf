-- A sanction remembers the request that applied it: a second submission of one form (a double click on Warn opened
-- two) finds it and is answered as the first, instead of warning the partner twice.
ALTER TABLE "sanctions" ADD COLUMN "request_key" VARCHAR(64);

CREATE UNIQUE INDEX "sanctions_request_key_key" ON "sanctions"("request_key");
