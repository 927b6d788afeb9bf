import { defineConfig } from 'vitest/config'

// Three layers, all run by `npm test`:
//   core         pure rules with fakes that implement the ports (no I/O)
//   bots         real grammY and real Bolt against local fake Telegram and Slack APIs
//   integration  real PostgreSQL and Redis (TEST_DATABASE_URL / REDIS_URL, else embedded PGlite and a
//                private redis-server), including the service run as a process
//   seed-rules-pglite  the seed-rule integration files again, on embedded PGlite
//
// Two files at a time (the CI machines have two cores, and most files wait on processes, timers and the network). The files that time the service itself (Slack's
// 3-second acknowledgement under an outage, exit within 10 s of a signal, the broadcast ceiling reached by three
// instances) and those that drive Chromium (which takes a core to itself) run afterwards, one at a time.
//
// Files share their worker's modules (isolate: false) everywhere but in core (whose tests mock modules): each
// integration file starts its own service, database and Redis prefix, so nothing a file keeps lives on in modules,
// and importing the service once per worker rather than once per file took the tests from 1,036 s to 708 s on a
// two-core machine (the imports alone had been a third of the workers' time).
const ALONE = [
  'test/integration/slack-outage.test.ts',
  'test/integration/three-instances.test.ts',
  'test/integration/process.test.ts',
  'test/integration/shutdown.test.ts',
  'test/integration/sandbox.test.ts',
  'test/integration/sandbox-numbers-ka-kk.test.ts',
  'test/integration/sandbox-phone-and-errors.test.ts',
  'test/integration/mini-app.test.ts',
  'test/integration/mini-app-edges.test.ts',
  'test/integration/mini-app-deep-link-builder.test.ts',
  'test/integration/mini-app-overview-no-share-when-inactive.test.ts',
  'test/integration/mini-app-default-program.test.ts',
  'test/integration/mini-app-payout-note.test.ts',
  'test/integration/mini-app-payout-expected.test.ts',
  'test/integration/mini-app-links-heading-kinds.test.ts',
  'test/integration/mini-app-balance-facts-fit.test.ts',
  'test/integration/mini-app-empty-history-says-how.test.ts',
  'test/integration/mini-app-earnings-empty-period.test.ts',
  'test/integration/mini-app-suspended-link-words.test.ts',
  'test/integration/mini-app-payout-late.test.ts',
  'test/integration/mini-app-overview-suspended.test.ts',
  'test/integration/mini-app-no-builder-for-codes.test.ts',
  'test/integration/mini-app-reward-word.test.ts',
  'test/integration/ops-payouts.test.ts',
  'test/integration/seed-melbet-tiers.test.ts',
]
/** The seed-rule files that run again on embedded PGlite (issue 15); those of them in ALONE run alone there too. */
const SEED_RULES = [
  'test/integration/seed-*.test.ts',
  'test/integration/telegram-seed-rules.test.ts',
  'test/integration/{applications,slack-applications,slack-details,telegram-details,terms-broadcast}.test.ts',
]
const alone = { maxWorkers: 1, isolate: false, sequence: { groupOrder: 1 } }

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/setup/summary-reporter.ts'],
    setupFiles: ['test/setup/loopback-only.ts'],
    globalSetup: ['test/setup/global.ts'],
    projects: [
      { extends: true, test: { name: 'core', include: ['test/core/**/*.test.ts'] } },
      { extends: true, test: { name: 'bots', include: ['test/bots/**/*.test.ts'], isolate: false } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], exclude: ALONE, isolate: false },
      },
      { extends: true, test: { name: 'integration-alone', include: ALONE, ...alone } },
      // Issue 15 asks every seed rule to hold on embedded PGlite too (the default database of `npm start`):
      // the seed-rule files run a second time there, whatever TEST_DATABASE_URL says (see test/setup/global.ts).
      { extends: true, test: { name: 'seed-rules-pglite', include: SEED_RULES, exclude: ALONE, isolate: false } },
      {
        extends: true,
        test: {
          name: 'seed-rules-pglite-alone',
          include: ALONE.filter((f) => /\/seed-[^/]+\.test\.ts$/.test(f)),
          ...alone,
        },
      },
    ],
  },
})
