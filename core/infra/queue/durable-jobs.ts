import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UnavailableError } from '../../domain/errors.ts'
import type { EnqueueOptions, JobData, JobQueue, QueueName } from '../../ports/jobs.ts'
import type { Logger } from '../../ports/logger.ts'

type Job = { name: string; data: JobData; opts?: EnqueueOptions }
interface StoredOpts {
  jobId?: string
  attempts?: number
  removeWhenDone?: boolean
  /** When a delayed job is due (epoch ms): the delay still left is worked out when it is queued. */
  notBefore?: number
}

const stored = (opts: EnqueueOptions = {}, now = Date.now()): StoredOpts => ({
  jobId: opts.jobId,
  attempts: opts.attempts,
  removeWhenDone: opts.removeWhenDone,
  notBefore: opts.delayMs ? now + opts.delayMs : undefined,
})

/**
 * A JobQueue that does not lose a job while Redis is down: what the queue refuses (UnavailableError) is written
 * to the `outbox_jobs` table instead, and `relay()` moves it to its queue once Redis answers again (same jobId, so
 * a job relayed twice after a crash is still one job while BullMQ keeps it). Use-cases see a success.
 *
 * Not covered: a process that dies between a use-case's commit and this call (milliseconds) — a transactional
 * outbox written inside each use-case's transaction would close that too.
 */
export function durableJobQueue(queue: JobQueue, prisma: PrismaClient, logger: Logger) {
  const keep = async (name: QueueName, jobs: Job[], cause: unknown) => {
    const now = Date.now()
    await prisma.outboxJob.createMany({
      data: jobs.map((j) => ({
        queue: name,
        name: j.name,
        data: j.data as Prisma.InputJsonValue,
        opts: stored(j.opts, now) as Prisma.InputJsonValue,
        createdAt: new Date(now),
      })),
    })
    logger.warn({ err: cause, queue: name, jobs: jobs.length }, 'queue unavailable: jobs kept in the outbox')
  }
  const jobs: JobQueue & { relay(limit?: number): Promise<number> } = {
    async enqueue(name, job, data, opts) {
      try {
        await queue.enqueue(name, job, data, opts)
      } catch (e) {
        if (!(e instanceof UnavailableError)) throw e
        await keep(name, [{ name: job, data, opts }], e)
      }
    },
    async enqueueMany(name, list) {
      if (!list.length) return
      try {
        await queue.enqueueMany(name, list)
      } catch (e) {
        if (!(e instanceof UnavailableError)) throw e
        await keep(name, list, e)
      }
    },
    /**
     * Moves kept jobs to their queues, oldest first, and forgets them only once queued (one transaction: if Redis
     * is still down, they stay). SKIP LOCKED lets every process relay at once without taking the same rows.
     */
    async relay(limit = 500) {
      return prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<
          { id: bigint; queue: QueueName; name: string; data: JobData; opts: StoredOpts }[]
        >`
          SELECT id, queue, name, data, opts FROM outbox_jobs ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`
        if (!rows.length) return 0
        const now = Date.now()
        const byQueue = new Map<QueueName, Job[]>()
        for (const r of rows) {
          const o = r.opts ?? {}
          const list = byQueue.get(r.queue) ?? []
          list.push({
            name: r.name,
            data: r.data,
            opts: {
              jobId: o.jobId,
              attempts: o.attempts,
              removeWhenDone: o.removeWhenDone,
              delayMs: o.notBefore ? Math.max(0, o.notBefore - now) : undefined,
            },
          })
          byQueue.set(r.queue, list)
        }
        for (const [name, list] of byQueue) await queue.enqueueMany(name, list)
        await tx.$executeRaw`DELETE FROM outbox_jobs WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`
        logger.info({ jobs: rows.length }, 'outbox: kept jobs queued')
        return rows.length
      })
    },
  }
  return jobs
}
