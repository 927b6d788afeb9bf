import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { UnavailableError } from '../../core/domain/errors.ts'
import { type Database, openDatabase } from '../../core/infra/db/open-database.ts'
import { createQueues } from '../../core/infra/queue/bullmq.ts'
import { announcingTransaction, type JobState, outboxRelay, type RelayQueues } from '../../core/infra/queue/outbox.ts'
import { openRedis } from '../../core/infra/redis.ts'
import type { Announcement, EnqueueOptions, JobData, QueueName } from '../../core/ports/jobs.ts'
import { type Logger, silentLogger } from '../../core/ports/logger.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'

type Queued = { queue: QueueName; name: string; data: JobData; opts?: EnqueueOptions }

/** A logger that keeps what it is told, level by level. */
function recordingLogger() {
  const lines: { level: string; obj: object; msg?: string }[] = []
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, msg })
    }
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  }
  return { logger, lines }
}

/** A queue whose Redis can be switched off, emptied, and asked for a job's state; what it took is recorded. */
class SwitchableQueue implements RelayQueues {
  up = true
  readonly jobs: Queued[] = []
  readonly states = new Map<string, JobState>()
  /** Job names refused by the queue itself (as BullMQ refuses an id or options it does not accept). */
  readonly refuse = new Set<string>()
  /** Every job id offered to a queue, refused or not, in order. */
  readonly offered: string[] = []
  async enqueue(queue: QueueName, name: string, data: JobData, opts?: EnqueueOptions) {
    await this.enqueueMany(queue, [{ name, data, opts }])
  }
  async enqueueMany(queue: QueueName, jobs: { name: string; data: JobData; opts?: EnqueueOptions }[]) {
    if (!this.up) throw new UnavailableError('redis')
    this.offered.push(...jobs.map((j) => j.opts?.jobId ?? ''))
    const refused = jobs.find((j) => this.refuse.has(j.name))
    if (refused) throw new Error(`job ${refused.name} refused`)
    for (const j of jobs) {
      // BullMQ: a job id it still has is not queued again
      if (j.opts?.jobId && this.states.has(j.opts.jobId)) continue
      this.jobs.push({ queue, ...j })
      if (j.opts?.jobId) this.states.set(j.opts.jobId, 'pending')
    }
  }
  async jobState(_queue: QueueName, jobId: string): Promise<JobState> {
    if (!this.up) throw new UnavailableError('redis')
    return this.states.get(jobId) ?? 'missing'
  }
  /** Redis came back without its data. */
  flush() {
    this.states.clear()
  }
}

/**
 * The transactional outbox: jobs announced in a transaction exist exactly when it commits, are relayed to their
 * queue under their job id, stay until a worker has finished them, and are queued again when Redis lost them.
 */
describe('transactional outbox', () => {
  const fresh = freshDatabaseUrl()
  let db: Database
  beforeAll(async () => {
    db = await openDatabase({ url: fresh.url, migrate: true })
  })
  beforeEach(async () => {
    await db.prisma.outboxJob.deleteMany()
  })
  afterAll(async () => {
    await db.close()
    await fresh.drop()
  })
  const tx = { timeout: 10_000, maxWait: 5_000 }
  const rows = () => db.prisma.outboxJob.findMany({ orderBy: { id: 'asc' } })
  /** Jobs announced by a committed transaction. */
  const announced = (...jobs: Announcement[]) =>
    announcingTransaction(db.prisma, (_tx, announce) => announce(...jobs), tx)
  /** A partner's payout notice, under its own job id. */
  const paid = (payoutId: string, jobId: string): Announcement => ({
    queue: 'notifications',
    name: 'payout_status',
    data: { payoutId, status: 'paid' },
    opts: { jobId },
  })

  it('a committed transaction leaves its announcements, a rolled-back one none; the commit kicks the relay', async () => {
    let kicked = 0
    await announcingTransaction(
      db.prisma,
      async (_tx, announce) => {
        await announce({
          queue: 'notifications',
          name: 'payout_status',
          data: { payoutId: 'p1', status: 'paid' },
          opts: { jobId: 'a' },
        })
      },
      tx,
      () => kicked++,
    )
    await expect(
      announcingTransaction(
        db.prisma,
        async (_tx, announce) => {
          await announce({ queue: 'notifications', name: 'payout_status', data: { payoutId: 'p2', status: 'paid' } })
          throw new Error('the change failed')
        },
        tx,
        () => kicked++,
      ),
    ).rejects.toThrow('the change failed')
    // nothing announced: no kick
    await announcingTransaction(
      db.prisma,
      async () => 1,
      tx,
      () => kicked++,
    )
    expect((await rows()).map((r) => r.data)).toEqual([{ payoutId: 'p1', status: 'paid' }])
    expect(kicked).toBe(1)
  })

  it('a job id BullMQ would refuse for ever (a colon in it) fails the announcing transaction, not the relay later', async () => {
    const before = (await rows()).length
    await expect(
      announcingTransaction(
        db.prisma,
        async (_tx, announce) => {
          await announce({
            queue: 'notifications',
            name: 'payout_status',
            data: { payoutId: 'p3', status: 'paid' },
            opts: { jobId: 'card:p3' },
          })
        },
        tx,
      ),
    ).rejects.toThrow(/may not contain ":"/)
    expect((await rows()).length).toBe(before)
  })

  it('relays under each row its own job id, keeps rows while Redis is down, forgets them only when done', async () => {
    const redis = new SwitchableQueue()
    const outbox = outboxRelay(redis, db.prisma, silentLogger)
    await announcingTransaction(
      db.prisma,
      async (_tx, announce) => {
        await announce(
          {
            queue: 'notifications',
            name: 'sanction_applied',
            data: { sanctionId: 's1' },
            opts: { jobId: 'sanction-s1' },
          },
          { queue: 'desk', name: 'dispute_card', data: { disputeId: 'd1' } },
          {
            queue: 'disputes',
            name: 'dispute_timer',
            data: { disputeId: 'd1', kind: 'reminder' },
            opts: { delayMs: 3_600_000, jobId: 't1' },
          },
        )
      },
      tx,
    )
    redis.up = false
    await expect(outbox.relay()).rejects.toBeInstanceOf(UnavailableError)
    expect((await rows()).every((r) => r.relayedAt === null)).toBe(true)

    redis.up = true
    expect(await outbox.relay()).toBe(3)
    const card = (await rows()).find((r) => r.name === 'dispute_card')!
    expect(redis.jobs.map((j) => [j.queue, j.name, j.opts?.jobId])).toEqual([
      ['notifications', 'sanction_applied', 'sanction-s1'],
      ['desk', 'dispute_card', `outbox-${card.id}`],
      ['disputes', 'dispute_timer', 't1'],
    ])
    // a delayed job keeps its due time, less the time it waited
    expect(redis.jobs[2]!.opts!.delayMs).toBeGreaterThan(3_500_000)
    expect(redis.jobs[2]!.opts!.delayMs).toBeLessThanOrEqual(3_600_000)
    // relayed rows stay until their job is done; a second relay queues nothing
    expect(await outbox.relay()).toBe(0)
    expect(await rows()).toHaveLength(3)
    await outbox.done('sanction-s1')
    await outbox.done(`outbox-${card.id}`)
    expect((await rows()).map((r) => r.jobId)).toEqual(['t1'])
  })

  it('Redis that came back empty gets the unfinished jobs again, once; finished ones are forgotten', async () => {
    const redis = new SwitchableQueue()
    const outbox = outboxRelay(redis, db.prisma, silentLogger)
    await outbox.jobs.enqueueMany('notifications', [
      { name: 'payout_status', data: { payoutId: 'p1', status: 'paid' }, opts: { jobId: 'n1' } },
      { name: 'payout_status', data: { payoutId: 'p2', status: 'paid' }, opts: { jobId: 'n2' } },
    ])
    await outbox.jobs.enqueue(
      'broadcasts',
      'broadcast',
      { broadcastId: 'b1' },
      { jobId: 'pump-b1', removeWhenDone: true },
    )
    // Redis was up: straight to the queue, and to the outbox only when refused
    expect(await rows()).toHaveLength(0)
    redis.up = false
    await outbox.jobs.enqueueMany('notifications', [
      { name: 'payout_status', data: { payoutId: 'p3', status: 'paid' }, opts: { jobId: 'n3' } },
      { name: 'payout_status', data: { payoutId: 'p4', status: 'paid' }, opts: { jobId: 'n4' } },
    ])
    await outbox.jobs.enqueue(
      'broadcasts',
      'broadcast',
      { broadcastId: 'b2' },
      { jobId: 'pump-b2', removeWhenDone: true },
    )
    redis.up = true
    expect(await outbox.relay()).toBe(3)
    redis.states.set('n3', 'finished') // n3 ran; its worker's `done` did not get through
    redis.flush() // ...and then Redis lost everything
    redis.states.set('n3', 'finished')
    const before = redis.jobs.length
    expect(await outbox.recover(0)).toEqual({ requeued: 1, forgotten: 2 })
    expect(redis.jobs.slice(before).map((j) => j.opts?.jobId)).toEqual(['n4'])
    // a pump (forgotten once done by design) cannot be told from a lost one: its producer re-ensures it
    expect((await rows()).map((r) => r.jobId)).toEqual(['n4'])
    // still pending: looked at again, not queued twice
    expect(await outbox.recover(0)).toEqual({ requeued: 0, forgotten: 0 })
    expect(redis.jobs.length).toBe(before + 1)
  })

  it('a job its queue refuses is put back to be tried later, and the jobs around it are relayed in order', async () => {
    const redis = new SwitchableQueue()
    const { logger, lines } = recordingLogger()
    const outbox = outboxRelay(redis, db.prisma, logger)
    redis.refuse.add('dispute_card')
    await announced(
      paid('p1', 'a1'),
      { queue: 'desk', name: 'dispute_card', data: { disputeId: 'secret-d1' }, opts: { jobId: 'a2' } },
      paid('p3', 'a3'),
    )
    const started = Date.now()
    expect(await outbox.relay()).toBe(3)
    expect(redis.jobs.map((j) => j.opts?.jobId)).toEqual(['a1', 'a3'])
    const refused = (await rows()).find((r) => r.jobId === 'a2')!
    expect(refused).toMatchObject({ relayedAt: null, refusals: 1, lastError: 'job dispute_card refused' })
    expect(refused.retryAt!.getTime()).toBeGreaterThanOrEqual(started + 2000)
    expect(await outbox.backlog()).toEqual({ waiting: 1, refused: 1 })
    // said, without the job's data
    const said = lines.filter((l) => l.level === 'warn')
    expect(said).toHaveLength(1)
    expect(said[0]!.obj).toMatchObject({
      queue: 'desk',
      job: 'dispute_card',
      refusals: 1,
      reason: 'job dispute_card refused',
    })
    expect(JSON.stringify(said)).not.toContain('secret-d1')

    // not before its time: later jobs are relayed past it
    await announced(paid('p4', 'a4'))
    expect(await outbox.relay()).toBe(1)
    expect(redis.jobs.map((j) => j.opts?.jobId)).toEqual(['a1', 'a3', 'a4'])

    // refused again at its time: it waits twice as long, and from the fifth refusal on it is an error
    await db.prisma.outboxJob.update({ where: { id: refused.id }, data: { retryAt: new Date(0), refusals: 4 } })
    expect(await outbox.relay()).toBe(1)
    const again = (await rows()).find((r) => r.jobId === 'a2')!
    expect(again.refusals).toBe(5)
    expect(again.retryAt!.getTime() - Date.now()).toBeGreaterThan(30_000)
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1)

    // once its queue takes it (another instance's version, a fix deployed), it is relayed like any other
    redis.refuse.clear()
    await db.prisma.outboxJob.update({ where: { id: refused.id }, data: { retryAt: new Date(0) } })
    expect(await outbox.relay()).toBe(1)
    expect(redis.jobs.map((j) => j.opts?.jobId)).toEqual(['a1', 'a3', 'a4', 'a2'])
    expect(await outbox.backlog()).toEqual({ waiting: 0, refused: 0 })
  })

  it("a queue that refuses its rows leaves the other queues' rows queued once", async () => {
    const redis = new SwitchableQueue()
    const outbox = outboxRelay(redis, db.prisma, silentLogger)
    redis.refuse.add('dispute_card')
    await announced(
      paid('p1', 'q1'),
      { queue: 'desk', name: 'dispute_card', data: { disputeId: 'd1' }, opts: { jobId: 'q2' } },
      {
        queue: 'desk',
        name: 'details_review',
        data: { partnerId: 'a', programKey: 'melbet', detailsId: 'b' },
        opts: { jobId: 'q3' },
      },
      paid('p4', 'q4'),
    )
    expect(await outbox.relay()).toBe(4)
    // notifications once; the desk's pair refused together, then one by one: the card refused, the review queued
    expect(redis.offered).toEqual(['q1', 'q4', 'q2', 'q3', 'q2', 'q3'])
    expect(redis.jobs.map((j) => j.opts?.jobId)).toEqual(['q1', 'q4', 'q3'])
    expect((await rows()).filter((r) => r.relayedAt === null).map((r) => r.jobId)).toEqual(['q2'])
  })

  it('on real BullMQ: a queue this version does not know and an id BullMQ refuses hold up nothing', async () => {
    const redis = await openRedis(inject('redisUrl'))
    const queues = await createQueues(redis, `t${randomBytes(4).toString('hex')}`)
    try {
      const outbox = outboxRelay(queues, db.prisma, silentLogger)
      await announced(
        // a queue of a newer version
        { queue: 'reports', name: 'weekly', data: {}, opts: { jobId: 'r1' } } as unknown as Announcement,
        paid('p1', '12345'),
        paid('p2', 'b2'),
      )
      expect(await outbox.relay()).toBe(3)
      expect(await queues.jobState('notifications', 'b2')).toBe('pending')
      const left = (await rows()).filter((r) => r.relayedAt === null)
      expect(left.map((r) => [r.queue, r.refusals, r.lastError])).toEqual([
        ['reports', 1, 'unknown queue reports'],
        ['notifications', 1, 'Custom Id cannot be integers'],
      ])
      // Redis down is still Redis down: what its queue would take waits, not counted as refused (the unknown queue
      // is unknown whether Redis is up or not)
      await redis.stop()
      await db.prisma.outboxJob.updateMany({ data: { retryAt: new Date(0) } })
      await expect(outbox.relay()).rejects.toBeInstanceOf(UnavailableError)
      expect((await rows()).filter((r) => r.relayedAt === null).map((r) => r.refusals)).toEqual([2, 1])
    } finally {
      await queues.close({ force: true })
      await redis.stop()
    }
  })
})
