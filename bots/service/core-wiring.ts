import type { Logger } from 'pino'
import { type Core, createCore } from '../../core/index.ts'
import { prismaCodeStore } from '../../core/infra/db/code-store.ts'
import { prismaDealStore } from '../../core/infra/db/deal-store.ts'
import { prismaDisputeStore } from '../../core/infra/db/dispute-store.ts'
import { pgEarningsStore } from '../../core/infra/db/earnings-store.ts'
import { prismaLedgerStore, prismaPartnerDirectory } from '../../core/infra/db/ledger-store.ts'
import { prismaPartnerLookup } from '../../core/infra/db/partner-lookup.ts'
import { prismaClickStore, prismaPartnerStore } from '../../core/infra/db/partner-store.ts'
import { prismaPayoutStore } from '../../core/infra/db/payout-store.ts'
import { pgPerformanceReader } from '../../core/infra/db/performance.ts'
import { prismaQueueReader } from '../../core/infra/db/queues.ts'
import { prismaRefereeBonusStore } from '../../core/infra/db/referee-bonuses.ts'
import { prismaReviewFlagStore } from '../../core/infra/db/review-flags.ts'
import { prismaStatementReader } from '../../core/infra/db/statement-reader.ts'
import { analyzeOnGrowth } from '../../core/infra/db/table-statistics.ts'
import { prismaTermsStore } from '../../core/infra/db/terms-store.ts'
import type { Clock } from '../../core/ports/clock.ts'
import type { HealthProbe } from '../../core/ports/health.ts'
import { ProgramCatalog } from '../../core/programs/catalog.ts'
import type { Config } from '../config.ts'
import type { Metrics } from '../metrics.ts'
import type { Infrastructure } from './infrastructure.ts'

/** Core on the database's stores, the outbox's queue and the readiness probes. */
export function wireCore(
  config: Config,
  infra: Infrastructure,
  deps: { clock: Clock; logger: Logger; metrics: Metrics; checkSchedules: () => Promise<void> | undefined },
): Core {
  const { db, outbox } = infra
  const { logger, metrics } = deps
  // young tables' statistics, on a server (the embedded database is for one person trying the service)
  const server = db.kind !== 'pglite'
  const postbackTables = server
    ? analyzeOnGrowth(db.pool, {
        tables: ['events', 'customers', 'commissions', 'ledger_entries', 'performance_days'],
        logger,
      })
    : undefined
  const clickTables = server
    ? analyzeOnGrowth(db.pool, { tables: ['clicks', 'click_visitors', 'performance_days'], logger })
    : undefined
  return createCore({
    clock: deps.clock,
    logger,
    jobs: outbox.jobs,
    programs: new ProgramCatalog(infra.definitions),
    hashIp: infra.hashIp,
    broadcastRates: { normal: config.broadcast.rate, paid: config.broadcast.paidRate },
    stores: {
      earnings: pgEarningsStore(db.pool, {
        sharedSession: db.kind === 'pglite',
        onBatch: (b) => {
          if (b.outcome === 'committed') postbackTables?.wrote(b.size)
          metrics.postbackBatches.observe({ outcome: b.outcome }, b.size)
          metrics.postbackBatchSeconds.observe(b.seconds)
          if (b.outcome === 'split') {
            logger.warn({ size: b.size, reason: b.reason }, 'postback batch rolled back: its members run again alone')
          }
        },
      }),
      partners: prismaPartnerStore(db.prisma, outbox.kick),
      statements: prismaStatementReader(db.prisma),
      clicks: prismaClickStore(db.prisma, {
        pool: db.pool,
        named: server,
        onInserted: (rows) => clickTables?.wrote(rows),
      }),
      ledger: prismaLedgerStore(db.prisma, outbox.kick),
      directory: prismaPartnerDirectory(db.prisma, outbox.kick),
      payouts: prismaPayoutStore(db.prisma, outbox.kick),
      flags: prismaReviewFlagStore(db.prisma),
      refereeBonuses: prismaRefereeBonusStore(db.prisma),
      disputes: prismaDisputeStore(db.prisma, outbox.kick),
      terms: prismaTermsStore(db.prisma, outbox.kick),
      lookup: prismaPartnerLookup(db.prisma),
      deals: prismaDealStore(db.prisma, outbox.kick),
      codes: prismaCodeStore(db.prisma, outbox.kick),
      queues: prismaQueueReader(db.prisma),
      performance: pgPerformanceReader(db.pool, { named: db.kind !== 'pglite' }),
    },
    cipher: infra.cipher,
    probes: readinessProbes(infra, deps.checkSchedules),
  })
}

/** What /readyz checks: the database, its migrations, Redis, and the repeatable jobs Redis keeps. */
function readinessProbes(infra: Infrastructure, checkSchedules: () => Promise<void> | undefined): HealthProbe[] {
  const { db, probe } = infra
  return [
    { name: 'database', check: () => db.ping() },
    {
      name: 'migrations',
      check: async () => {
        const m = await db.migrations()
        if (m.failed.length) throw new Error(`failed: ${m.failed.join(', ')}`)
        if (m.pending.length) throw new Error(`pending: ${m.pending.join(', ')}`)
      },
    },
    { name: 'redis', check: async () => void (await probe.ping()) },
    // repeatable jobs (pay days, deadlines, digests...) live in Redis only: one that came back empty has none
    { name: 'schedules', check: async () => checkSchedules() },
  ]
}
