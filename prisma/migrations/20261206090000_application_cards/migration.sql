-- Where an application's card was posted in the disputes channel, so that the card says who decided whatever
-- surface decided (the card itself, its App Home copy, the operator API). Before, only the pressed message was
-- updated and the channel's card kept asking for a decision. Applications carded before this have no reference:
-- their cards stay as they are.
ALTER TABLE "enrolments" ADD COLUMN "slack_channel" VARCHAR(32),
                         ADD COLUMN "slack_ts" VARCHAR(32);
