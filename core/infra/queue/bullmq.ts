import { Queue } from 'bullmq'
import { UnavailableError } from '../../domain/errors.ts'
import { type EnqueueOptions, type JobData, QUEUES, type QueueName } from '../../ports/jobs.ts'
import type { RedisHandle } from '../redis.ts'
import type { JobState, RelayQueues } from './outbox.ts'

export interface Queues extends RelayQueues {
  queue(name: QueueName): Queue
  /** Called each time the connection to Redis is made again after a loss; returns the unsubscribe. */
  onReconnect(listener: () => void): () => void
  /** `force`: Redis is gone, do not wait for it. */
  close(opts?: { force?: boolean }): Promise<void>
}

const bullOpts = (opts: EnqueueOptions = {}) => ({
  jobId: opts.jobId,
  delay: opts.delayMs,
  ...(opts.attempts ? { attempts: opts.attempts } : {}),
  ...(opts.removeWhenDone ? { removeOnComplete: true, removeOnFail: true } : {}),
})

/**
 * BullMQ's own refusals of a job's id or options, thrown before anything reaches Redis: the job would be refused
 * again at every try, so it is not Redis being unavailable. Anything else (a closed connection, a command timing
 * out, an error Redis answered) is taken for Redis's passing trouble.
 */
const refusedByBullmq = (e: unknown) =>
  e instanceof Error &&
  /^(Custom Id cannot|JobId cannot|The size of job|The following options cannot|Priority should|Deduplication|Jitter should)/.test(
    e.message,
  )

/**
 * BullMQ producers for every queue. Their Redis connection has no offline queue, so when Redis is down an
 * enqueue fails at once with UnavailableError instead of hanging until a request times out.
 */
export async function createQueues(redis: RedisHandle, prefix: string): Promise<Queues> {
  // no offline queue and a command deadline: a Redis that is down or hangs fails a call at once or within 5 s
  const connection = redis.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 5000 })
  connection.on('error', () => {}) // surfaced per call through enqueue()
  // after the first connection, each 'ready' is Redis coming back: possibly empty (see onReconnect)
  const reconnected = new Set<() => void>()
  let wasReady = false
  connection.on('ready', () => {
    if (wasReady) for (const listener of reconnected) listener()
    wasReady = true
  })
  const queues = new Map<QueueName, Queue>(
    QUEUES.map((name) => [
      name,
      new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: {
          // what people are told (notices, desk cards) outlasts an outage of Telegram or Slack of about an hour
          // (1 s doubling, 12 tries); other jobs are swept or rescheduled anyway
          attempts: name === 'notifications' || name === 'desk' ? 12 : 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    ]),
  )
  // a Queue re-emits its connection's errors; without a listener BullMQ prints them to stderr. They are surfaced
  // per call (UnavailableError) and by /readyz instead.
  for (const q of queues.values()) q.on('error', () => {})
  await Promise.all([...queues.values()].map((q) => q.waitUntilReady()))
  const queue = (name: QueueName) => {
    const q = queues.get(name)
    if (!q) throw new Error(`unknown queue ${name}`)
    return q
  }
  /** Unknown queue (a job of a newer version's queue): thrown as it is, like BullMQ's refusals. */
  const enqueueMany = async (name: QueueName, jobs: { name: string; data: JobData; opts?: EnqueueOptions }[]) => {
    const q = queue(name)
    if (connection.status !== 'ready') throw new UnavailableError('redis')
    try {
      for (let i = 0; i < jobs.length; i += 1000) {
        await q.addBulk(jobs.slice(i, i + 1000).map((j) => ({ name: j.name, data: j.data, opts: bullOpts(j.opts) })))
      }
    } catch (e) {
      throw refusedByBullmq(e) ? e : new UnavailableError('redis', e)
    }
  }
  return {
    queue,
    enqueue: (name: QueueName, job: string, data: JobData, opts: EnqueueOptions = {}) =>
      enqueueMany(name, [{ name: job, data, opts }]),
    enqueueMany,
    onReconnect(listener) {
      reconnected.add(listener)
      return () => reconnected.delete(listener)
    },
    async jobState(name: QueueName, jobId: string): Promise<JobState> {
      if (connection.status !== 'ready') throw new UnavailableError('redis')
      const state = await queue(name).getJobState(jobId)
      return state === 'unknown' ? 'missing' : state === 'completed' || state === 'failed' ? 'finished' : 'pending'
    },
    async close(opts = {}) {
      if (opts.force) connection.disconnect()
      await Promise.all([...queues.values()].map((q) => q.close()))
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect())
      else connection.disconnect()
    },
  }
}
