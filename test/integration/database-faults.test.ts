import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'
import { QUERY_TIMEOUT_MS } from '../../core/infra/db/open-database.ts'
import { type Api, startApi } from '../helpers/api.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { TcpProxy } from '../helpers/tcp-proxy.ts'

/**
 * PostgreSQL drops the service's connections (pg_terminate_backend, a failover, a network cut) while postbacks
 * stream in, then is unreachable for a while. The process must keep serving: the work in flight on a dropped
 * connection is run again or answered 503 (so its sender retries), /readyz says not ready while the database is
 * unreachable, and once senders have retried, every event exists once and the ledger holds exactly the answered
 * money. Runs on real PostgreSQL, reached through a loopback proxy that can cut and refuse connections.
 */
describe.skipIf(!inject('databaseUrl'))('database faults', () => {
  let api: Api
  let proxy: TcpProxy
  let admin: pg.Client
  const fresh = freshDatabaseUrl()

  beforeAll(async () => {
    const server = new URL(inject('databaseUrl')!)
    proxy = await new TcpProxy(server.hostname, Number(server.port || 5432)).start()
    const through = new URL(fresh.url)
    through.port = String(proxy.port)
    api = await startApi('2026-03-02T09:00:00Z', { DATABASE_URL: through.toString() })
    admin = new pg.Client({
      connectionString: (parseDatabaseUrl(inject('databaseUrl')!) as { connectionString: string }).connectionString,
    })
    await admin.connect()
  })
  afterAll(async () => {
    await api?.close()
    await admin?.end()
    await proxy?.stop()
    await fresh.drop()
  })

  /** pg_terminate_backend on every connection the service holds (the ones through the proxy). */
  async function terminateServiceConnections() {
    const ports = proxy.upstreamPorts()
    const { rows } = await admin.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE client_port = ANY($1::int[])`,
      [ports],
    )
    return rows.filter((r) => r.terminated).length
  }

  it('connections terminated under postback load, then the database down: no 500, the process serves, nothing lost or doubled', async () => {
    const { partner, codes } = await api.enrolled('jqsee', { name: 'Faults', language: 'en', legalType: 'individual' })
    // jqsee has promo codes, no links (no clicks): the visitor clicks a referral link of a program of links
    const linkCode = (await api.enrolled('quantower', { name: 'Faults', language: 'en', legalType: 'individual' }))
      .codes[0]!.code
    api.clock.advance(60_000)
    const occurredAt = api.clock.now().toISOString()
    const N = 300
    const events = Array.from({ length: N }, (_, i) => ({
      id: `fault-${i}`,
      type: 'payment',
      occurredAt,
      customer: `fault-c${i % 3 === 2 ? i - 1 : i}`,
      ref: codes[0]!.code,
      order: `fault-o${i}`,
      amount: '120.00',
      currency: 'USD',
    }))
    const statuses: number[] = []
    const final = new Map<number, { status: number; body: any }>()
    let terminated = 0
    let next = 0
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < N; i = next++) {
          if (i === 100) terminated += await terminateServiceConnections()
          if (i === 200) proxy.dropAll()
          const r = await api.postback('jqsee', events[i]!)
          statuses.push(r.status)
          final.set(i, r)
        }
      }),
    )
    expect(terminated).toBeGreaterThan(0)
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([])

    // a visitor clicks the partner's link once before the outage (the code is read and kept)
    const link = `/r/${linkCode}`
    expect((await api.get(link)).status).toBe(302)

    // the database unreachable: postbacks are answered 503 (retry later), /readyz is not ready, the process lives
    proxy.refusing = true
    proxy.dropAll()
    // a browser does not retry a 503: past the code's 2 s in the cache, its click still lands with the code it
    // was last read as, and waits in the click buffer; a code never read has nothing to land by
    await new Promise((r) => setTimeout(r, 2100))
    const landed = await api.get(link)
    expect(landed.status).toBe(302)
    expect(new URL(landed.headers.get('location')!).searchParams.get('ref')).toBe(linkCode)
    expect((await api.get('/r/NEVERSEEN42')).status).toBe(503)
    const down = await api.postback('jqsee', { ...events[0]!, id: 'fault-while-down', order: 'fault-o-down' })
    expect(down.status, JSON.stringify(down.body)).toBe(503)
    expect(down.body.error.code).toBe('service.unavailable')
    const notReady = await api.get('/readyz')
    const readiness = await notReady.json()
    expect(notReady.status).toBe(503)
    expect(readiness.checks.find((c: { name: string }) => c.name === 'database')).toMatchObject({ ok: false })
    expect((await api.get('/healthz')).status).toBe(200)
    // every route, not only postbacks: an operator's call is a 503 too, with when to retry
    const operatorCall = await api.get(`/v1/partners/${partner}/statement`)
    expect(operatorCall.status).toBe(503)
    expect(operatorCall.headers.get('retry-after')).toBe('5')
    expect((await operatorCall.json()).error.code).toBe('service.unavailable')

    // back: the senders retry what was not answered 2xx, until it is
    proxy.refusing = false
    for (let round = 0; round < 5; round++) {
      const pending = [...final].filter(([, r]) => r.status >= 500).map(([i]) => i)
      if (!pending.length) break
      for (const i of pending) final.set(i, await api.postback('jqsee', events[i]!))
    }
    expect([...final.values()].filter((r) => r.status !== 200 && r.status !== 201)).toEqual([])
    expect((await api.get('/readyz')).status).toBe(200)
    // the click made while the database was away is written once it is back
    await api.service.core.earnings.clicks.flush()
    const clicks = await api.service.db.prisma.click.count({ where: { code: { code: linkCode } } })
    expect(clicks).toBe(2)

    // each event once; the ledger holds exactly the money the answers name, each commission once
    const minor = (amount: string) => BigInt(amount.replace('.', ''))
    const answered = [...final.values()].flatMap((r) => r.body.commissions as { id: string; amount: string }[])
    const db = api.service.db.prisma
    const stored = await db.event.findMany({ where: { programKey: 'jqsee' }, select: { externalId: true } })
    expect(stored.map((e) => e.externalId).sort()).toEqual(events.map((e) => e.id).sort())
    const commissions = await db.commission.findMany({ where: { programKey: 'jqsee' }, select: { id: true } })
    expect(commissions.map((c) => c.id).sort()).toEqual([...new Set(answered.map((c) => c.id))].sort())
    const entries = await db.ledgerEntry.findMany({
      where: { programKey: 'jqsee', account: { in: ['earned', 'held', 'reserved'] } },
    })
    const unique = new Map(answered.map((c) => [c.id, minor(c.amount)]))
    expect(entries.reduce((sum, e) => sum + e.amountMinor, 0n)).toBe([...unique.values()].reduce((a, b) => a + b, 0n))
    const statement = await api.statement(partner)
    expect(statement.status).toBe(200)
  }, 120_000)

  it('a failover whose old primary goes silent: the postback in flight is answered, and within the query timeout the service serves again', async () => {
    const { partner, codes } = await api.enrolled('jqsee', { name: 'Silent', language: 'en', legalType: 'individual' })
    const event = (i: number) => ({
      ...{ id: `silent-${i}`, type: 'payment', occurredAt: api.clock.now().toISOString(), customer: `silent-c${i}` },
      ...{ ref: codes[0]!.code, order: `silent-o${i}`, amount: '120.00', currency: 'USD' },
    })
    // a busy service: every pooled connection in use once (postbacks and operators' reads)
    await Promise.all(Array.from({ length: 12 }, (_, i) => api.postback('jqsee', event(i))))
    await Promise.all(Array.from({ length: 30 }, () => api.statement(partner)))
    proxy.silenceAll() // the new primary is reachable at once; only the old connections are dead, silently
    const started = performance.now()
    // the postback sent into the silence is answered: run again on a fresh connection (201) or refused (503)
    const inFlight = await api.postback('jqsee', event(100))
    expect([201, 503]).toContain(inFlight.status)
    expect(performance.now() - started).toBeLessThan(QUERY_TIMEOUT_MS + 10_000)
    let n = 101
    let last = 0
    while (performance.now() - started < QUERY_TIMEOUT_MS + 15_000) {
      last = (await api.postback('jqsee', event(n++))).status
      if (last === 201 && (await api.statement(partner)).status === 200) break
    }
    expect(last).toBe(201)
    expect((await api.get('/readyz')).status).toBe(200)
    // nothing doubled: one commission per event answered 201 (the one refused 503 is sent again and recorded once)
    if (inFlight.status === 503) expect((await api.postback('jqsee', event(100))).status).toBeLessThan(300)
    const ids = Array.from({ length: n }, (_, i) => `silent-${i}`).filter(
      (id) => Number(id.split('-')[1]) < 12 || Number(id.split('-')[1]) >= 100,
    )
    const stored = await api.service.db.prisma.event.count({ where: { programKey: 'jqsee', externalId: { in: ids } } })
    const commissions = await api.service.db.prisma.commission.count({
      where: { orderRef: { startsWith: 'silent-o' } },
    })
    expect(commissions).toBe(stored)
  }, 90_000)

  it("the public /readyz names the failing check, not the driver's error (the database's address): that is logged, once", async () => {
    const server = new URL(inject('databaseUrl')!)
    const own = await new TcpProxy(server.hostname, Number(server.port || 5432)).start()
    const db = freshDatabaseUrl()
    const through = new URL(db.url)
    through.port = String(own.port)
    const logs: string[] = []
    const probed = await startApi('2026-03-06T10:00:00Z', { DATABASE_URL: through.toString() }, { logs })
    try {
      expect((await probed.get('/readyz')).status).toBe(200)
      await own.stop() // the database host goes away: connections are refused
      const bodies: string[] = []
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${probed.base}/readyz`) // no token: anyone who reaches PORT
        expect(r.status).toBe(503)
        bodies.push(await r.text())
      }
      const body = JSON.parse(bodies[0]!)
      expect(body.checks.find((c: { name: string }) => c.name === 'database')).toEqual({
        name: 'database',
        ok: false,
        ms: expect.any(Number),
      })
      for (const b of bodies) expect(b).not.toContain(String(own.port))
      // the operators' side: the reason in the log, once for the three probes
      const failing = logs
        .flatMap((l) => l.split('\n'))
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'readiness: check failing')
      // (the migrations' check, which reads the database, fails with it)
      expect(failing.map((l) => l.check).sort()).toEqual(['database', 'migrations'])
      // the driver's own words: a refused connection names the address; a pooled one cut by the proxy's stop says so
      expect(failing.find((l) => l.check === 'database').error).toMatch(
        new RegExp(`${own.port}|Connection terminated unexpectedly`),
      )
    } finally {
      await probed.close().catch(() => {})
      await db.drop().catch(() => {})
    }
  }, 60_000)
})
