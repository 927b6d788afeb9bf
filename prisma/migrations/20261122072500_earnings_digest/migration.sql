-- AlterTable
ALTER TABLE "partners" ADD COLUMN     "digest_cursor" BIGINT NOT NULL DEFAULT 0;

