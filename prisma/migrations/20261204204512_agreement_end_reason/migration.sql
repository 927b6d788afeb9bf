-- AlterTable
ALTER TABLE "enrolments" ADD COLUMN     "end_reason" VARCHAR(32);
