import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { createMetrics } from '../../bots/metrics.ts'
import { startWorkers, type Workers } from '../../bots/workers/index.ts'
import { UnavailableError } from '../../core/domain/errors.ts'
import { createQueues, type Queues } from '../../core/infra/queue/bullmq.ts'
import { openRedis, pingRedis, type RedisHandle } from '../../core/infra/redis.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { silentPino } from '../helpers/bots.ts'
import { fakeCore } from '../helpers/core.ts'
import { freePort, waitFor } from '../helpers/ports.ts'

describe('redis and BullMQ', () => {
  const cleanup: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c()
  })
  const prefix = () => `t${randomBytes(4).toString('hex')}`

  async function redisHandle(): Promise<RedisHandle> {
    const redis = await openRedis(inject('redisUrl'))
    cleanup.push(() => redis.stop())
    return redis
  }

  /** Queues and workers on a prefix of their own, closed after the test. */
  async function running(clock = new ManualClock('2026-03-02T09:00:00Z'), scheduleCheckEveryMs?: number) {
    const redis = await redisHandle()
    const p = prefix()
    const queues: Queues = await createQueues(redis, p)
    const metrics = createMetrics()
    const { core } = fakeCore({ clock })
    const workers: Workers = await startWorkers({
      core,
      redis,
      queues,
      prefix: p,
      logger: silentPino(),
      metrics,
      i18n: createI18n(),
      jobs: queues,
      finished: async () => {},
      scheduleCheckEveryMs,
    })
    cleanup.push(
      () => queues.close(),
      () => workers.close(),
    )
    return { queues, metrics, workers, prefix: p, redis }
  }

  it('workers process the heartbeat job on the service clock', async () => {
    const { metrics } = await running()
    // the scheduler's first heartbeat runs at once
    const value = await waitFor(async () => (await metrics.workerHeartbeat.get()).values[0]?.value || undefined, 10_000)
    expect(value).toBe(Date.parse('2026-03-02T09:00:00Z') / 1000)
    const counted = await metrics.jobs.get()
    expect(counted.values).toContainEqual(
      expect.objectContaining({ labels: { queue: 'system', name: 'heartbeat', outcome: 'ok' } }),
    )
  })

  it('schedules lost with Redis are reported by the readiness check and restored while running', async () => {
    const { workers, prefix: p, redis } = await running(undefined, 300)
    await workers.checkSchedules()
    // Redis loses everything of this service (a restart without persistence, a flush)
    const client = redis.connect()
    const keys = await client.keys(`${p}:*`)
    expect(keys.length).toBeGreaterThan(0)
    await client.del(...keys)
    await expect(workers.checkSchedules()).rejects.toThrow(/missing: heartbeat, low-activity, earnings-digests/)
    await waitFor(
      () =>
        workers.checkSchedules().then(
          () => true,
          () => undefined,
        ),
      5000,
    )
    // the pay days too, one per scheduled program, in its own time zone
    const other = await createQueues(redis, p)
    cleanup.push(() => other.close())
    const chetup = await other.queue('payouts').getJobScheduler('pay-day:chetup')
    expect(chetup).toMatchObject({ pattern: '0 6 * * *', tz: 'Asia/Tbilisi' })
    client.disconnect()
  })

  it('an unknown job fails at once, without retries', async () => {
    const { queues } = await running()
    // a name no producer can compile: queued past the catalogue, as an old or a foreign process might
    await queues.queue('system').add('no-such-job', { id: 'x' }, { jobId: 'unknown-1' })
    await waitFor(async () => {
      const j = await queues.queue('system').getJob('unknown-1')
      return j && (await j.isFailed()) ? j : undefined
    }, 10_000)
    // read again: the object fetched before the failure was recorded carries no failedReason
    const job = (await queues.queue('system').getJob('unknown-1'))!
    // failed for good: not waiting for a retry (attempts default to 5 for other jobs)
    expect(await job.getState()).toBe('failed')
    expect(job.attemptsMade).toBeLessThanOrEqual(1)
    expect(job.failedReason).toBe('unknown system job no-such-job')
  })

  it('a job whose payload does not match the catalogue is refused at once, without retries', async () => {
    const { queues } = await running()
    // as an old or a foreign producer might queue it: a status no notice exists for, and an amount it must not carry
    await queues.enqueue(
      'notifications',
      'payout_status',
      { payoutId: 'p1', status: 'lost_in_the_mail' },
      { jobId: 'invalid-1' },
    )
    await queues.enqueue('disputes', 'dispute_timer', { kind: 'deadline' }, { jobId: 'invalid-2' })
    for (const [queue, id, reason] of [
      ['notifications', 'invalid-1', 'invalid payload for notifications job payout_status'],
      ['disputes', 'invalid-2', 'invalid payload for disputes job dispute_timer'],
    ] as const) {
      await waitFor(async () => {
        const j = await queues.queue(queue).getJob(id)
        return j && (await j.isFailed()) ? j : undefined
      }, 10_000)
      const job = (await queues.queue(queue).getJob(id))!
      // refused by the check, not by the handler: these fake stores would fail it with a retry instead
      expect(job.failedReason).toBe(reason)
      expect(job.attemptsMade).toBeLessThanOrEqual(1)
      expect(await job.getState()).toBe('failed')
    }
  })

  it('a jobId enqueued twice is one job', async () => {
    const redis = await redisHandle()
    const queues = await createQueues(redis, prefix())
    cleanup.push(() => queues.close())
    await queues.enqueue('notifications', 'digest', { partnerId: 'p1' }, { jobId: 'digest:p1:2026-03-02' })
    await queues.enqueue('notifications', 'digest', { partnerId: 'p1' }, { jobId: 'digest:p1:2026-03-02' })
    expect(await queues.queue('notifications').getJobCounts('waiting')).toEqual({ waiting: 1 })
  })

  it('producers fail fast with UnavailableError when Redis is down', async () => {
    const port = await freePort()
    const { spawn } = await import('node:child_process')
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    )
    const url = `redis://127.0.0.1:${port}`
    await waitFor(
      async () =>
        pingRedis(url).then(
          () => true,
          () => undefined,
        ),
      5000,
    )
    const redis = await openRedis(url)
    const queues = await createQueues(redis, prefix())
    await queues.enqueue('system', 'heartbeat', {})
    server.kill('SIGKILL')
    await new Promise((r) => server.once('exit', r))
    const started = performance.now()
    const error = await waitFor(
      () =>
        queues.enqueue('system', 'heartbeat', {}).then(
          () => undefined,
          (e: unknown) => e,
        ),
      5000,
    )
    expect(error).toBeInstanceOf(UnavailableError)
    expect((error as UnavailableError).data).toEqual({ dependency: 'redis' })
    expect(performance.now() - started).toBeLessThan(3000)
    await queues.close()
    await redis.stop()
  })

  it('an unreachable REDIS_URL is refused at open with the reason', async () => {
    const port = await freePort()
    await expect(openRedis(`redis://127.0.0.1:${port}`)).rejects.toThrow(/ECONNREFUSED/)
  })

  it('a private Redis state file naming a pid that is no longer ours (a reboot): that process is left alone', async () => {
    const { spawn } = await import('node:child_process')
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-redis-pid-'))
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' })
    try {
      fs.mkdirSync(path.join(dataDir, 'redis'), { recursive: true })
      fs.writeFileSync(path.join(dataDir, 'redis', 'server.json'), JSON.stringify({ pid: bystander.pid, port: 1 }))
      const events: string[] = []
      const redis = await openRedis(undefined, { dataDir, log: (e) => events.push(e.event) })
      await redis.stop()
      expect(events).toEqual(['started'])
      expect(bystander.exitCode).toBeNull()
      expect(bystander.signalCode).toBeNull()
    } finally {
      bystander.kill('SIGKILL')
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('without REDIS_URL a private redis-server is started and stopped with the service', async () => {
    const redis = await openRedis(undefined)
    const client = new Redis(redis.url)
    expect(await client.ping()).toBe('PONG')
    client.disconnect()
    await redis.stop()
    await expect(pingRedis(redis.url, 500)).rejects.toThrow()
  })
})
