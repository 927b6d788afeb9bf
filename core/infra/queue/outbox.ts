import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UnavailableError } from '../../domain/errors.ts'
import type {
  Announcement,
  EnqueueOptions,
  JobData,
  JobQueue,
  JobTransport,
  QueueName,
  RawJob,
} from '../../ports/jobs.ts'
import type { Logger } from '../../ports/logger.ts'

/** What a row keeps of EnqueueOptions; a delay becomes an absolute due time, so waiting in the outbox shortens it. */
interface StoredOpts {
  jobId?: string
  attempts?: number
  removeWhenDone?: boolean
  /** When a delayed job is due (epoch ms). */
  notBefore?: number
}

type Row = {
  id: bigint
  queue: QueueName
  name: string
  data: JobData
  opts: StoredOpts | null
  job_id: string | null
  refusals?: number
}

/** The state a queue reports for a job id: enough to tell a job Redis lost from one waiting, running or done. */
export type JobState = 'pending' | 'finished' | 'missing'

/** What the relay needs of the queues: enqueue with a job id, and the state of a job id. */
export interface RelayQueues extends JobTransport {
  jobState(queue: QueueName, jobId: string): Promise<JobState>
}

const stored = (opts: EnqueueOptions = {}, now = Date.now()): StoredOpts => ({
  jobId: opts.jobId,
  attempts: opts.attempts,
  removeWhenDone: opts.removeWhenDone,
  notBefore: opts.delayMs ? now + opts.delayMs : undefined,
})

const jobIdOf = (r: Pick<Row, 'id' | 'job_id'>) => r.job_id ?? `outbox-${r.id}`

const optsOf = (r: Row, now: number): EnqueueOptions => {
  const o = r.opts ?? {}
  return {
    jobId: jobIdOf(r),
    attempts: o.attempts,
    removeWhenDone: o.removeWhenDone,
    delayMs: o.notBefore ? Math.max(0, o.notBefore - now) : undefined,
  }
}

export type Announce = (...jobs: Announcement[]) => Promise<void>

/** Writes announced jobs as outbox rows in the caller's transaction: they exist if and only if it commits. */
async function writeOutbox(tx: Prisma.TransactionClient, jobs: (RawJob & { queue: QueueName })[]): Promise<void> {
  if (!jobs.length) return
  // BullMQ refuses such an id for ever: a row with one would be given back at each relay, and hold up the rows
  // relayed with it. Refused here instead, in the transaction that announces it.
  const bad = jobs.find((j) => j.opts?.jobId?.includes(':'))
  if (bad) throw new Error(`job ${bad.queue}/${bad.name}: a custom job id may not contain ":" (${bad.opts?.jobId})`)
  const now = Date.now()
  await tx.outboxJob.createMany({
    data: jobs.map((j) => ({
      queue: j.queue,
      name: j.name,
      data: j.data as Prisma.InputJsonValue,
      opts: stored(j.opts, now) as Prisma.InputJsonValue,
      jobId: j.opts?.jobId ?? null,
      createdAt: new Date(now),
    })),
  })
}

/**
 * `prisma.$transaction` whose callback may announce jobs: they are written in the transaction (the transactional
 * outbox) and `afterCommit` runs once it has committed with any, so they are relayed at once instead of at the next
 * poll. A rolled-back transaction announces nothing.
 */
export async function announcingTransaction<T>(
  prisma: PrismaClient,
  fn: (tx: Prisma.TransactionClient, announce: Announce) => Promise<T>,
  opts: { timeout: number; maxWait: number },
  afterCommit: () => void = () => {},
): Promise<T> {
  let announced = false
  const result = await prisma.$transaction(
    (tx) =>
      fn(tx, async (...jobs) => {
        if (!jobs.length) return
        announced = true
        await writeOutbox(tx, jobs)
      }),
    opts,
  )
  if (announced) afterCommit()
  return result
}

/**
 * A store's `transaction` method: each transaction gets the store's transaction object, made by `make` with the
 * announce of that transaction (see announcingTransaction).
 */
export function announcingTransactions<Tx>(
  prisma: PrismaClient,
  make: (tx: Prisma.TransactionClient, announce: Announce) => Tx,
  opts: { timeout: number; maxWait: number },
  afterCommit?: () => void,
) {
  return <T>(fn: (tx: Tx) => Promise<T>): Promise<T> =>
    announcingTransaction(prisma, (tx, announce) => fn(make(tx, announce)), opts, afterCommit)
}

/**
 * The outbox's other half. Every job a change announces is a row written in that change's transaction; the relay
 * hands unrelayed rows to their BullMQ queues (under the row's job id, so a row relayed twice is one job), and a
 * row is forgotten only when a worker has finished its job. A row whose job Redis no longer has (a Redis that came
 * back empty, a private Redis replaced after a crash) is queued again by `recover`. So a committed change's jobs
 * run, and run once while BullMQ keeps finished jobs (24 hours).
 *
 * `jobs` is the JobQueue for work that is not announced by a transaction (a broadcast pump, a catch-up run): it
 * goes straight to its queue, and to the outbox when Redis refuses it.
 */
export function outboxRelay(queues: RelayQueues, prisma: PrismaClient, logger: Logger) {
  const ctx: RelayContext = { queues, prisma, logger }
  const relay = (limit = 500) => relayRows(ctx, limit)
  const recover = (olderThanMs = 60_000, limit = 200) => recoverRows(ctx, olderThanMs, limit)
  const loop = relayLoop(relay, recover, logger)
  return {
    jobs: outboxJobs(ctx),
    relay,
    recover,
    /** A worker finished the job: its rows are forgotten (relayed ones only: an identical later one still waits). */
    done: async (jobId: string): Promise<void> => {
      await prisma.$executeRaw`DELETE FROM outbox_jobs WHERE job_id = ${jobId} AND relayed_at IS NOT NULL`
    },
    /** Rows not in their queue yet, and of them those their queue refused (see refuseRow). */
    backlog: async (): Promise<{ waiting: number; refused: number }> => {
      const [b] = await prisma.$queryRaw<{ waiting: number; refused: number }[]>`
        SELECT count(*)::int AS waiting, (count(*) FILTER (WHERE refusals > 0))::int AS refused
        FROM outbox_jobs WHERE relayed_at IS NULL`
      return b ?? { waiting: 0, refused: 0 }
    },
    kick: loop.kick,
    start: loop.start,
  }
}

interface RelayContext {
  queues: RelayQueues
  prisma: PrismaClient
  logger: Logger
}

/** Straight to the queue; to the outbox (relayed later) when Redis refuses it. */
function outboxJobs({ queues, prisma, logger }: RelayContext): JobQueue {
  const keep = async (name: QueueName, list: RawJob[], cause: unknown) => {
    await prisma.$transaction((tx) =>
      writeOutbox(
        tx,
        list.map((j) => ({ queue: name, ...j })),
      ),
    )
    logger.warn({ err: cause, queue: name, jobs: list.length }, 'queue unavailable: jobs kept in the outbox')
  }
  return {
    async enqueue(name, job, data, opts) {
      try {
        await queues.enqueue(name, job, data, opts)
      } catch (e) {
        if (!(e instanceof UnavailableError)) throw e
        await keep(name, [{ name: job, data, opts }], e)
      }
    },
    async enqueueMany(name, list) {
      if (!list.length) return
      try {
        await queues.enqueueMany(name, list)
      } catch (e) {
        if (!(e instanceof UnavailableError)) throw e
        await keep(name, list, e)
      }
    },
  }
}

/**
 * Hands unrelayed rows to their queues, oldest first. Rows are claimed (marked relayed) in one statement and
 * queued after it, so no database connection waits on Redis; SKIP LOCKED lets every instance relay at once. Rows
 * Redis refuses are given back; a crash between the claim and the queueing leaves them for `recover`. When the
 * queues refuse a batch for a reason of its own (not Redis being down), its rows are queued one by one and only
 * those refused are put back, each to be tried again later (`refuseRow`): one bad row never holds up the others.
 */
async function relayRows(ctx: RelayContext, limit: number): Promise<number> {
  const { prisma } = ctx
  const rows = await prisma.$queryRaw<Row[]>`
    UPDATE outbox_jobs o SET relayed_at = ${new Date()}, job_id = COALESCE(o.job_id, 'outbox-' || o.id::text)
    FROM (SELECT id FROM outbox_jobs WHERE relayed_at IS NULL AND (retry_at IS NULL OR retry_at <= ${new Date()})
          ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED) c
    WHERE o.id = c.id
    RETURNING o.id, o.queue, o.name, o.data, o.opts, o.job_id, o.refusals`
  if (!rows.length) return 0
  rows.sort((x, y) => (x.id < y.id ? -1 : 1))
  await queueRows(
    ctx,
    rows,
    (list) =>
      prisma.$executeRaw`UPDATE outbox_jobs SET relayed_at = NULL WHERE id = ANY(${list.map((r) => r.id)}::bigint[])`,
  )
  return rows.length
}

/**
 * Queues rows, queue by queue, in order; when Redis is down, `giveBack` gets the rows not queued and the error is
 * thrown. When a queue refuses its rows for a reason of its own, they are queued one by one and each refused one is
 * put back by `refuseRow`; the other queues' rows are not queued again.
 */
async function queueRows(ctx: RelayContext, rows: Row[], giveBack: (rows: Row[]) => Promise<unknown>): Promise<void> {
  const byQueue = new Map<QueueName, Row[]>()
  for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r])
  const groups = [...byQueue.values()]
  for (const [g, list] of groups.entries()) {
    try {
      await enqueueRows(ctx.queues, list)
      continue
    } catch (e) {
      if (e instanceof UnavailableError) {
        await giveBack(groups.slice(g).flat())
        throw e
      }
    }
    for (const [i, r] of list.entries()) {
      try {
        await enqueueRows(ctx.queues, [r])
      } catch (e) {
        if (!(e instanceof UnavailableError)) {
          await refuseRow(ctx, r, e)
          continue
        }
        await giveBack([...list.slice(i), ...groups.slice(g + 1).flat()])
        throw e
      }
    }
  }
}

/** The longest a refused row waits before it is tried again. */
const RETRY_AT_MOST_MS = 10 * 60_000

/**
 * A row its queue refused is put back to be tried again after 2, 4, 8 ... seconds, at most ten minutes apart: a
 * queue this version does not know may be another instance's (a rolling deploy), which relays it meanwhile. Said
 * at each refusal, as an error from the fifth on; the row's data is never logged.
 */
async function refuseRow({ prisma, logger }: RelayContext, r: Row, e: unknown): Promise<void> {
  const refusals = (r.refusals ?? 0) + 1
  const wait = Math.min(RETRY_AT_MOST_MS, 1000 * 2 ** Math.min(refusals, 20))
  const message = (e instanceof Error ? e.message : String(e)).slice(0, 500)
  await prisma.$executeRaw`
    UPDATE outbox_jobs SET relayed_at = NULL, refusals = ${refusals}, retry_at = ${new Date(Date.now() + wait)},
           last_error = ${message}
    WHERE id = ${r.id}`
  const line = { outboxId: String(r.id), queue: r.queue, job: r.name, refusals, retryInMs: wait, reason: message }
  if (refusals >= 5) logger.error(line, 'outbox: a job its queue keeps refusing; the others go on')
  else logger.warn(line, 'outbox: a job its queue refused is tried again later; the others go on')
}

async function enqueueRows(queues: RelayQueues, rows: Row[]) {
  const now = Date.now()
  const byQueue = new Map<QueueName, { name: string; data: JobData; opts: EnqueueOptions }[]>()
  for (const r of rows) {
    const list = byQueue.get(r.queue) ?? []
    list.push({ name: r.name, data: r.data, opts: optsOf(r, now) })
    byQueue.set(r.queue, list)
  }
  for (const [name, list] of byQueue) await queues.enqueueMany(name, list)
}

/**
 * Rows relayed more than `olderThanMs` ago: a job the queue no longer has is queued again (Redis lost it); one it
 * has finished is forgotten (the worker's own `done` did not get through); one still waiting is looked at again
 * after the next interval. A job forgotten by design once done (`removeWhenDone`, re-ensured by its producer)
 * cannot be told from a lost one: its row is dropped.
 */
async function recoverRows(
  ctx: RelayContext,
  olderThanMs: number,
  limit: number,
): Promise<{ requeued: number; forgotten: number }> {
  const { queues, prisma, logger } = ctx
  // claimed like the relay claims: touched now, so other instances look at other rows meanwhile
  const rows = await prisma.$queryRaw<Row[]>`
    UPDATE outbox_jobs o SET relayed_at = ${new Date()}
    FROM (SELECT id FROM outbox_jobs WHERE relayed_at < ${new Date(Date.now() - olderThanMs)}
          ORDER BY relayed_at LIMIT ${limit} FOR UPDATE SKIP LOCKED) c
    WHERE o.id = c.id
    RETURNING o.id, o.queue, o.name, o.data, o.opts, o.job_id, o.refusals`
  if (!rows.length) return { requeued: 0, forgotten: 0 }
  // a state this version cannot read (a queue it does not know) leaves the row to be looked at again later
  const settled = await Promise.allSettled(rows.map((r) => queues.jobState(r.queue, jobIdOf(r))))
  const down = settled.find((x) => x.status === 'rejected' && x.reason instanceof UnavailableError)
  if (down?.status === 'rejected') throw down.reason
  const states = settled.map((x) => (x.status === 'fulfilled' ? x.value : undefined))
  const lost = rows.filter((r, i) => states[i] === 'missing' && !r.opts?.removeWhenDone)
  const forget = rows.filter((r, i) => states[i] === 'finished' || (states[i] === 'missing' && r.opts?.removeWhenDone))
  if (forget.length) {
    await prisma.$executeRaw`DELETE FROM outbox_jobs WHERE id = ANY(${forget.map((r) => r.id)}::bigint[])`
  }
  if (lost.length) {
    // rows not queued stay relayed (touched now): looked at again after the next interval
    await queueRows(
      ctx,
      lost.sort((x, y) => (x.id < y.id ? -1 : 1)),
      async () => {},
    )
    logger.warn({ jobs: lost.length }, 'outbox: jobs the queue had lost were queued again')
  }
  return { requeued: lost.length, forgotten: forget.length }
}

/** Relays one at a time in this process: now, or right after the relay in progress; and on timers once started. */
function relayLoop(relay: () => Promise<number>, recover: () => Promise<unknown>, logger: Logger) {
  let running: Promise<unknown> | undefined
  let again = false
  let stopped = false
  /** Relays now, or right after the relay in progress (one at a time in this process); nothing once stopped. */
  function kick(): void {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        try {
          while (!stopped && (await relay()) === 500) {
            // a backlog: keep going
          }
        } catch (err) {
          // Redis down is expected to pass (the rows wait); anything else would repeat: say so
          if (err instanceof UnavailableError) logger.debug({ err }, 'outbox: not relayed yet')
          else logger.warn({ err }, 'outbox: relay failed')
        }
      } while (again && !stopped)
    })().finally(() => {
      running = undefined
    })
  }

  /** Polls for rows other instances or an earlier run left (every `relayEveryMs`) and recovers lost jobs. */
  function start(opts: { relayEveryMs?: number; recoverEveryMs?: number } = {}) {
    const relayTimer = setInterval(kick, opts.relayEveryMs ?? 1000)
    const recoverTimer = setInterval(() => {
      recover().catch((err) => logger.debug({ err }, 'outbox: recovery not run'))
    }, opts.recoverEveryMs ?? 30_000)
    relayTimer.unref()
    recoverTimer.unref()
    kick()
    return async () => {
      stopped = true
      clearInterval(relayTimer)
      clearInterval(recoverTimer)
      await running
    }
  }

  return { kick, start }
}
