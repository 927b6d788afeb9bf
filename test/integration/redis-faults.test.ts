import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../bots/config.ts'
import { type Service, startService } from '../../bots/service.ts'
import { openRedis, type PrivateRedisEvent } from '../../core/infra/redis.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { ADMIN_TOKEN, secretOf, sign } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { ownRedis } from '../helpers/own-redis.ts'
import { freePort, waitFor } from '../helpers/ports.ts'

/**
 * Redis restarts without its data while the service runs: every repeatable job (pay days, deadlines, digests...)
 * and every queued job is gone. The service must notice by itself: schedules are asserted again (readiness says
 * which are missing meanwhile), a pay day that fell in the gap is paid now, and each partner is told once.
 */
describe('Redis comes back empty', () => {
  const fresh = freshDatabaseUrl()
  const clock = new ManualClock('2026-03-01T08:00:00Z')
  let port: number
  let redis: ChildProcess
  let telegram: FakeTelegram
  let service: Service
  const op = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: r.status, body: (await r.json()) as any }
  }

  beforeAll(async () => {
    port = await freePort()
    redis = await ownRedis(port)
    telegram = await new FakeTelegram().start()
    service = await startService(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DATABASE_URL: fresh.url,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        ADMIN_API_TOKEN: ADMIN_TOKEN,
        POSTBACK_SECRET_CHETUP: secretOf('chetup'),
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_SANDBOX: 'false',
      }),
      { clock, intervals: { scheduleCheckMs: 500, outboxRecoverMs: 500 } },
    )
  })
  afterAll(async () => {
    await service?.close()
    await telegram?.stop()
    redis?.kill('SIGKILL')
    await fresh.drop()
  })

  it('schedules come back by themselves, the pay day that fell in the gap is paid, the partner is told once', async () => {
    const telegramId = 91_001
    const enrolled = await op('POST', '/v1/programs/chetup/partners', {
      name: 'Nino',
      language: 'ka',
      legalType: 'company',
      country: 'GE',
      telegramId,
      campaigns: ['cafe-sale'],
    })
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201)
    const partner = enrolled.body.partner.id as string
    clock.advance(60_000)
    const body = JSON.stringify({
      id: 'gap-1',
      type: 'payment',
      occurredAt: clock.now().toISOString(),
      customer: 'gap-customer',
      ref: enrolled.body.codes[0].code,
      campaign: 'cafe-sale',
      order: 'gap-order',
      amount: '1500.00',
      currency: 'GEL',
      country: 'GE',
    })
    const ts = Math.floor(clock.now().getTime() / 1000)
    const posted = await fetch(`${service.url}/v1/programs/chetup/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'gap-1',
        'webhook-timestamp': String(ts),
        'webhook-signature': sign(secretOf('chetup'), 'gap-1', ts, body),
      },
      body,
    })
    expect(posted.status).toBe(201)
    clock.set('2026-03-12T08:00:00Z') // verified after 10 days
    const requested = await op(
      'POST',
      `/v1/partners/${partner}/payouts`,
      { program: 'chetup', currency: 'GEL', method: 'bank', details: { iban: 'GE29NB0000000101904917' } },
      { 'idempotency-key': 'gap-request' },
    )
    expect(requested.status, JSON.stringify(requested.body)).toBe(201)
    await telegram.nthText(telegramId, 1) // "requested"

    // 07:00 in Tbilisi on the 25th: the 06:00 pay day fell while Redis was gone
    clock.set('2026-03-25T03:00:00Z')
    redis.kill('SIGKILL')
    await new Promise((r) => redis.once('exit', r))
    redis = await ownRedis(port)

    const batch = await waitFor(
      () => service.db.prisma.payoutBatch.findFirst({ where: { programKey: 'chetup', status: 'closed' } }),
      20_000,
    )
    expect(batch).toBeTruthy()
    const payout = await service.db.prisma.payoutRequest.findUniqueOrThrow({ where: { id: requested.body.payout.id } })
    expect(payout).toMatchObject({ status: 'approved', batchId: batch!.id })
    const notices = (mark: string) => telegram.textsTo(telegramId).filter((t) => t.startsWith(mark))
    await waitFor(() => notices('✅').length > 0 || undefined, 10_000) // "approved"
    const ready = await waitFor(async () => {
      const r = await fetch(`${service.url}/readyz`)
      return r.status === 200 ? r.json() : undefined
    }, 10_000)
    expect(ready.checks.find((c: { name: string }) => c.name === 'schedules')).toMatchObject({ ok: true })
    // told once each: a little later there is still one "requested" and one "approved" notice (beside the earnings
    // digest, whose schedule came back too)
    await new Promise((r) => setTimeout(r, 1500))
    expect([notices('🧾').length, notices('✅').length]).toEqual([1, 1])
  }, 60_000)
})

/**
 * The private redis-server of the embedded mode dies while the service runs (the OOM killer, a mistaken kill): it is
 * started again on its directory, password and port, and its append-only data reloads. One that cannot start any
 * more is not started in a loop: when five restarts in a row died at once, it is given up, with an error.
 */
describe('the private Redis dies while the service runs', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-redis-dies-'))
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))
  const server = () =>
    JSON.parse(fs.readFileSync(path.join(dataDir, 'redis', 'server.json'), 'utf8')) as { pid: number; port: number }

  it('is started again with its data; one that keeps dying at start is given up after five tries', async () => {
    const events: PrivateRedisEvent[] = []
    const redis = await openRedis(undefined, { dataDir, log: (e) => events.push(e) })
    const client = redis.connect()
    try {
      await client.set('kept', 'yes')
      await new Promise((r) => setTimeout(r, 1200)) // the append-only file is synced every second
      const first = server()
      process.kill(first.pid, 'SIGKILL')
      await waitFor(() => events.some((e) => e.event === 'restarted') || undefined, 15_000, 50)
      expect(await waitFor(() => client.get('kept').catch(() => undefined), 15_000, 100)).toBe('yes')
      const second = server()
      expect(second).toMatchObject({ port: first.port })
      expect(events.map((e) => e.event)).toEqual(['started', 'exited', 'restarted'])
      expect(events[1]).toMatchObject({ pid: first.pid, signal: 'SIGKILL', restartInMs: 250 })

      // a redis-server that cannot start any more (here: its config broken)
      fs.appendFileSync(path.join(dataDir, 'redis', 'redis.conf'), 'no-such-directive yes\n')
      process.kill(second.pid, 'SIGKILL')
      await waitFor(() => events.some((e) => e.event === 'abandoned') || undefined, 30_000, 100)
      const tries = events.slice(3)
      expect(tries.at(-1)).toMatchObject({ event: 'abandoned', failures: 5 })
      // five restarts in a row that died at once: the one just killed, then four that could not start
      expect(tries.map((e) => e.event)).toEqual([
        'exited',
        'restart failed',
        'restart failed',
        'restart failed',
        'abandoned',
      ])
      await new Promise((r) => setTimeout(r, 1500))
      expect(events.length).toBe(3 + tries.length) // no more tries
    } finally {
      await redis.stop()
    }
  }, 60_000)
})
