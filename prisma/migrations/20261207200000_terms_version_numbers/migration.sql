-- A terms version takes its number when published (core/use-cases/terms.ts publishTerms), in the order of
-- publication, so drafts abandoned leave no gaps in the numbers partners read; a draft carries the number it would be
-- published as, the same for every draft of the program. The number is unique among published versions only.
-- DropIndex
DROP INDEX "terms_versions_program_key_version_key";
CREATE UNIQUE INDEX "terms_versions_program_key_version_key" ON "terms_versions"("program_key", "version") WHERE "published_at" IS NOT NULL;

-- The drafts already there read as the number they would be published as (published numbers stay as partners read them).
UPDATE "terms_versions" d
SET "version" = COALESCE(
  (SELECT max(p."version") FROM "terms_versions" p WHERE p."program_key" = d."program_key" AND p."published_at" IS NOT NULL),
  0) + 1
WHERE d."published_at" IS NULL;
