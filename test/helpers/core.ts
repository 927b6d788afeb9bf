import { type CoreStores, createCore } from '../../core/index.ts'
import { aesGcmCipher } from '../../core/infra/crypto/details-cipher.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { type Clock, ManualClock } from '../../core/ports/clock.ts'
import type { HealthProbe } from '../../core/ports/health.ts'
import type { EnqueueOptions, JobData, JobQueue, QueueName } from '../../core/ports/jobs.ts'
import { silentLogger } from '../../core/ports/logger.ts'
import { ProgramCatalog } from '../../core/programs/catalog.ts'

/** A JobQueue that keeps what it was given, for assertions. */
export class RecordingJobQueue implements JobQueue {
  readonly jobs: { queue: QueueName; name: string; data: JobData; opts?: EnqueueOptions }[] = []
  async enqueue(queue: QueueName, name: string, data: JobData, opts?: EnqueueOptions) {
    this.jobs.push({ queue, name, data, opts })
  }
  async enqueueMany(queue: QueueName, jobs: { name: string; data: JobData; opts?: EnqueueOptions }[]) {
    for (const j of jobs) this.jobs.push({ queue, ...j })
  }
}

/** Stores for tests that must not touch persistence: any call fails the test loudly. */
function unusedStores(): CoreStores {
  const refuse = (name: string) =>
    new Proxy(
      {},
      { get: (_t, prop) => () => Promise.reject(new Error(`${name}.${String(prop)} is not part of this test`)) },
    )
  return {
    earnings: refuse('earnings') as CoreStores['earnings'],
    partners: refuse('partners') as CoreStores['partners'],
    statements: refuse('statements') as CoreStores['statements'],
    clicks: refuse('clicks') as CoreStores['clicks'],
    ledger: refuse('ledger') as CoreStores['ledger'],
    // every update asks who the Telegram user is: a stranger, unless a test says otherwise
    directory: new Proxy(refuse('directory'), {
      get: (t, prop) => (prop === 'byTelegram' ? async () => null : (t as Record<string | symbol, unknown>)[prop]),
    }) as CoreStores['directory'],
    payouts: refuse('payouts') as CoreStores['payouts'],
    flags: refuse('flags') as CoreStores['flags'],
    refereeBonuses: refuse('refereeBonuses') as CoreStores['refereeBonuses'],
    disputes: refuse('disputes') as CoreStores['disputes'],
    // workers look for broadcasts to resume when they start: none
    terms: new Proxy(refuse('terms'), {
      get: (t, prop) => (prop === 'running' ? async () => [] : (t as Record<string | symbol, unknown>)[prop]),
    }) as CoreStores['terms'],
    lookup: refuse('lookup') as CoreStores['lookup'],
    deals: refuse('deals') as CoreStores['deals'],
    codes: refuse('codes') as CoreStores['codes'],
    queues: refuse('queues') as CoreStores['queues'],
    performance: refuse('performance') as CoreStores['performance'],
  }
}

/** Core wired to fakes: a manual clock, a recording queue, probes that pass unless told otherwise. */
export function fakeCore(opts: { clock?: Clock; probes?: HealthProbe[]; stores?: CoreStores } = {}) {
  const jobs = new RecordingJobQueue()
  const clock = opts.clock ?? new ManualClock('2026-03-02T09:00:00Z')
  const probes = opts.probes ?? [{ name: 'database', check: async () => {} }]
  const core = createCore({
    clock,
    logger: silentLogger,
    jobs,
    probes,
    programs: new ProgramCatalog(loadProgramDefinitions()),
    stores: opts.stores ?? unusedStores(),
    hashIp: (ip) => `h:${ip}`,
    cipher: aesGcmCipher([{ id: 'test', key: Buffer.alloc(32, 7) }]),
  })
  return { core, jobs, clock }
}
