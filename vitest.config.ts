import { defineConfig } from 'vitest/config'

// Three layers, all run by `npm test`:
//   core         pure rules with fakes that implement the ports (no I/O)
//   bots         real grammY and real Bolt against local fake Telegram and Slack APIs
//   integration  real PostgreSQL and Redis (TEST_DATABASE_URL / REDIS_URL, else embedded PGlite and a
//                private redis-server), including the service run as a process
//   seed-rules-pglite  the seed-rule integration files again, on embedded PGlite
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/setup/summary-reporter.ts'],
    setupFiles: ['test/setup/loopback-only.ts'],
    globalSetup: ['test/setup/global.ts'],
    projects: [
      { extends: true, test: { name: 'core', include: ['test/core/**/*.test.ts'] } },
      { extends: true, test: { name: 'bots', include: ['test/bots/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      // Issue 15 asks every seed rule to hold on embedded PGlite too (the default database of `npm start`):
      // the seed-rule files run a second time there, whatever TEST_DATABASE_URL says (see test/setup/global.ts).
      {
        extends: true,
        test: {
          name: 'seed-rules-pglite',
          include: [
            'test/integration/seed-*.test.ts',
            'test/integration/telegram-seed-rules.test.ts',
            'test/integration/{applications,slack-applications,slack-details,telegram-details,terms-broadcast}.test.ts',
          ],
        },
      },
    ],
  },
})
