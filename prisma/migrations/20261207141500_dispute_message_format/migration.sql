-- support's formatting (bold, italic, code...) kept beside a dispute message's plain text, as spans in UTF-16 units
ALTER TABLE "dispute_messages" ADD COLUMN "format" JSONB NOT NULL DEFAULT '[]';
