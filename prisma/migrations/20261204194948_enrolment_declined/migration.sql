-- A worksection-partner application the company refused ends as `declined` (contract section 7); it is final.
-- AlterEnum
ALTER TYPE "EnrolmentStatus" ADD VALUE 'declined';
