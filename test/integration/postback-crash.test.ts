import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDatabase } from '../../core/infra/db/open-database.ts'
import { ADMIN_TOKEN, secretOf, sign } from '../helpers/api.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { type RunningService, runService } from '../helpers/service-process.ts'

/**
 * Group commit under a crash: the service, in a process of its own, is SIGKILLed while 32 postbacks at a time
 * stream in, those in flight inside transactions not yet committed. The senders then send every postback again
 * (a program's system retries anything it has no answer for, and some resend the rest too). Each event must then
 * exist once, each answer given before the crash must come back unchanged, and the ledger must hold exactly the
 * money the final answers name: nothing lost, nothing twice.
 *
 * On PostgreSQL (TEST_DATABASE_URL) in a fresh schema; otherwise in a PGlite data directory that the restarted
 * service opens after the crash.
 */
describe('postbacks across a crash', () => {
  const server = inject('databaseUrl')
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-postback-crash-'))
  const fresh = server ? freshDatabaseUrl() : { url: `pglite:${path.join(dataDir, 'db')}`, drop: async () => {} }
  const env = {
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    DATABASE_URL: fresh.url,
    DATA_DIR: dataDir,
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `pbcrash${Math.random().toString(36).slice(2, 8)}`,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    POSTBACK_SECRET_JQSEE: secretOf('jqsee'),
  }
  let service: RunningService | undefined

  afterAll(async () => {
    if (service && service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL')
    await service?.exited
    await fresh.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const N = 600
  const IN_FLIGHT = 32

  /** Runs `one` for 0..n-1, `IN_FLIGHT` at a time. */
  async function stream(n: number, one: (i: number) => Promise<void>) {
    let next = 0
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = next++; i < n; i = next++) await one(i)
      }),
    )
  }

  it('a service SIGKILLed mid-stream: resending everything records each event once and each amount once', async () => {
    service = runService(env)
    let base = await service.up()
    const enrolled = await fetch(`${base}/v1/programs/jqsee/partners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Crash', language: 'en', legalType: 'individual' }),
    })
    const partner = (await enrolled.json()) as { partner: { id: string }; codes: { code: string }[] }
    const occurredAt = new Date(Date.now() - 60_000).toISOString()
    // a quarter are a second payment of an earlier customer, the rest a new customer's first
    const bodies = Array.from({ length: N }, (_, i) =>
      JSON.stringify({
        id: `crash-${i}`,
        type: 'payment',
        occurredAt,
        customer: `crash-c${i % 4 === 3 ? i - 1 : i}`,
        ref: partner.codes[0]!.code,
        order: `crash-o${i}`,
        amount: '120.00',
        currency: 'USD',
      }),
    )
    const post = async (url: string, i: number) => {
      const ts = Math.floor(Date.now() / 1000)
      const r = await fetch(`${url}/v1/programs/jqsee/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': `m-${i}`,
          'webhook-timestamp': String(ts),
          'webhook-signature': sign(secretOf('jqsee'), `m-${i}`, ts, bodies[i]!),
        },
        body: bodies[i],
      })
      return { status: r.status, body: await r.json() }
    }

    // 1. stream them in; kill the service without warning once a third have been answered
    const answered = new Map<number, unknown>()
    let killed = false
    await stream(N, async (i) => {
      if (killed) return
      try {
        const r = await post(base, i)
        if (r.status === 201) answered.set(i, r.body)
      } catch {
        return // the connection died with the service: no answer, so the sender will retry
      }
      if (!killed && answered.size >= N / 3) {
        killed = true
        service!.child.kill('SIGKILL')
      }
    })
    expect((await service.exited).signal).toBe('SIGKILL')
    expect(answered.size).toBeGreaterThanOrEqual(N / 3)
    expect(answered.size).toBeLessThan(N)

    // 2. restart; every sender sends everything again
    service = runService(env)
    base = await service.up()
    const final = new Map<number, { status: number; body: unknown }>()
    await stream(N, async (i) => {
      final.set(i, await post(base, i))
    })
    for (let i = 0; i < N; i++) {
      const r = final.get(i)!
      if (answered.has(i)) {
        expect(r.status, `crash-${i} was answered before the crash`).toBe(200)
        expect(r.body).toEqual(answered.get(i))
      } else expect([200, 201]).toContain(r.status)
    }
    const statement = await fetch(`${base}/v1/partners/${partner.partner.id}/statement`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(statement.status).toBe(200)
    service.child.kill('SIGTERM')
    expect((await service.exited).code).toBe(0)

    // 3. the database: each event once, each answer's commissions once, the ledger the sum of the answers
    type Answer = { commissions: { id: string; amount: string }[] }
    const answers = [...final.values()].map((r) => r.body as Answer)
    const commissionIds = answers.flatMap((a) => a.commissions.map((c) => c.id))
    const minor = (amount: string) => BigInt(amount.replace('.', ''))
    const answeredMoney = answers.flatMap((a) => a.commissions).reduce((sum, c) => sum + minor(c.amount), 0n)
    expect(commissionIds.length).toBeGreaterThan(N / 2)
    const db = await openDatabase({ url: fresh.url, migrate: false })
    try {
      const events = await db.prisma.event.findMany({ where: { programKey: 'jqsee' }, select: { externalId: true } })
      expect(events.map((e) => e.externalId).sort()).toEqual(bodies.map((_, i) => `crash-${i}`).sort())
      const commissions = await db.prisma.commission.findMany({ where: { programKey: 'jqsee' }, select: { id: true } })
      expect(commissions.map((c) => c.id).sort()).toEqual([...commissionIds].sort())
      const entries = await db.prisma.ledgerEntry.findMany({
        where: { programKey: 'jqsee', account: { in: ['earned', 'held', 'reserved'] } },
      })
      expect(entries.reduce((sum, e) => sum + e.amountMinor, 0n)).toBe(answeredMoney)
      expect(new Set(entries.map((e) => e.commissionId)).size).toBe(entries.length)
    } finally {
      await db.close()
    }
  }, 180_000)
})
