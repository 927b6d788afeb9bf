import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UnavailableError } from '../../core/domain/errors.ts'
import { type Database, openDatabase } from '../../core/infra/db/open-database.ts'
import { durableJobQueue } from '../../core/infra/queue/durable-jobs.ts'
import type { EnqueueOptions, JobData, JobQueue, QueueName } from '../../core/ports/jobs.ts'
import { silentLogger } from '../../core/ports/logger.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'

/** A queue whose Redis can be switched off and on; what it took is recorded. */
class SwitchableQueue implements JobQueue {
  up = true
  readonly jobs: { queue: QueueName; name: string; data: JobData; opts?: EnqueueOptions }[] = []
  async enqueue(queue: QueueName, name: string, data: JobData, opts?: EnqueueOptions) {
    if (!this.up) throw new UnavailableError('redis')
    this.jobs.push({ queue, name, data, opts })
  }
  async enqueueMany(queue: QueueName, jobs: { name: string; data: JobData; opts?: EnqueueOptions }[]) {
    if (!this.up) throw new UnavailableError('redis')
    for (const j of jobs) this.jobs.push({ queue, ...j })
  }
}

/** Jobs refused while Redis is down wait in the database and reach their queue once it is back, in order. */
describe('durable job queue (outbox)', () => {
  const fresh = freshDatabaseUrl()
  let db: Database
  beforeAll(async () => {
    db = await openDatabase({ url: fresh.url, migrate: true })
  })
  afterAll(async () => {
    await db.close()
    await fresh.drop()
  })

  it('keeps what Redis refuses, relays it when Redis answers, and never twice', async () => {
    const redis = new SwitchableQueue()
    const jobs = durableJobQueue(redis, db.prisma, silentLogger)
    await jobs.enqueue(
      'notifications',
      'payout_status',
      { payoutId: 'p1', status: 'approved' },
      { jobId: 'payout-p1-approved' },
    )
    expect(redis.jobs).toHaveLength(1) // Redis up: straight to the queue, nothing kept
    expect(await db.prisma.outboxJob.count()).toBe(0)

    redis.up = false
    await jobs.enqueue('notifications', 'sanction_applied', { sanctionId: 's1' }, { jobId: 'sanction-s1-applied' })
    await jobs.enqueueMany('desk', [
      { name: 'dispute_card', data: { disputeId: 'd1' } },
      { name: 'dispute_timer', data: { disputeId: 'd1', kind: 'deadline' }, opts: { delayMs: 3_600_000, jobId: 't1' } },
    ])
    expect(await db.prisma.outboxJob.count()).toBe(3)
    // still down: the relay fails and keeps everything
    await expect(jobs.relay()).rejects.toBeInstanceOf(UnavailableError)
    expect(await db.prisma.outboxJob.count()).toBe(3)

    redis.up = true
    expect(await jobs.relay()).toBe(3)
    expect(await db.prisma.outboxJob.count()).toBe(0)
    expect(redis.jobs.slice(1).map((j) => [j.queue, j.name, j.opts?.jobId])).toEqual([
      ['notifications', 'sanction_applied', 'sanction-s1-applied'],
      ['desk', 'dispute_card', undefined],
      ['desk', 'dispute_timer', 't1'],
    ])
    // a delayed job keeps its due time, less the time it waited
    const delay = redis.jobs[3]!.opts!.delayMs!
    expect(delay).toBeGreaterThan(3_500_000)
    expect(delay).toBeLessThanOrEqual(3_600_000)
    expect(await jobs.relay()).toBe(0)
    expect(redis.jobs).toHaveLength(4)
  })
})
