-- Cards the desk posts that name a partner and were not recorded anywhere (payment details to agree, an overdue
-- ad-rule warning): where each is, so that "delete my personal data" edits them too. Cards posted before this stay.
CREATE TABLE "desk_cards" (
    "kind" VARCHAR(32) NOT NULL,
    "subject" VARCHAR(128) NOT NULL,
    "partner_id" UUID NOT NULL,
    "program_key" VARCHAR(64) NOT NULL,
    "channel" VARCHAR(32) NOT NULL,
    "ts" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "desk_cards_pkey" PRIMARY KEY ("kind","subject")
);

CREATE INDEX "desk_cards_partner_id_idx" ON "desk_cards"("partner_id");
