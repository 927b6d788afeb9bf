import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../bots/config.ts'
import { type Service, startService } from '../../bots/service.ts'
import { QUEUES } from '../../core/ports/jobs.ts'
import { ADMIN_TOKEN, type Api, startApi } from '../helpers/api.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { ownRedis } from '../helpers/own-redis.ts'
import { freePort } from '../helpers/ports.ts'

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe('Bull Board at /admin/queues (issue 19 item 6)', () => {
  let api: Api
  // logged at trace, as a service logs its access lines: the board's answers are logged like any other
  const logs: string[] = []
  beforeAll(async () => {
    api = await startApi(undefined, {}, { logs })
  })
  afterAll(async () => {
    await api.close()
  })
  const get = (path: string, authorization?: string) =>
    fetch(`${api.base}${path}`, { headers: authorization ? { authorization } : {}, redirect: 'manual' })

  it('without the admin token, or with a wrong one, is 401 and asks the browser for it', async () => {
    for (const auth of [
      undefined,
      basic('admin', 'not-the-token-0123456789'),
      `Bearer ${ADMIN_TOKEN}x`,
      basic('admin', ''),
    ]) {
      const r = await get('/admin/queues', auth)
      expect(r.status, String(auth)).toBe(401)
      expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="queues"/)
      expect(await r.text()).not.toContain('bull')
    }
    expect((await get('/admin/queues/api/queues')).status).toBe(401)
  })

  it('with the token as the Basic password (any user name) serves the board, and its API lists every queue', async () => {
    const page = await get('/admin/queues', basic('anyone', ADMIN_TOKEN))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const html = await page.text()
    expect(html).toContain('"boardTitle":"Partner Assistant"')
    // the page's scripts, behind the same token (a browser resends the Basic credentials it was asked for)
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    expect((await get(`/admin/queues/${script}`)).status).toBe(401)
    expect((await get(`/admin/queues/${script}`, basic('anyone', ADMIN_TOKEN))).status).toBe(200)

    const r = await get('/admin/queues/api/queues', `Bearer ${ADMIN_TOKEN}`)
    expect(r.status).toBe(200)
    const body = (await r.json()) as { queues: { name: string; counts: Record<string, number> }[] }
    expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUES].sort())
    for (const q of body.queues) expect(q.counts).toMatchObject({ failed: expect.any(Number) })
    // each answer of the board's own app got its access line, and the service is still up to answer
    await new Promise((r) => setTimeout(r, 50))
    const lines = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request' && l.path.startsWith('/admin/'))
    expect(lines.map((l) => l.status)).toEqual(expect.arrayContaining([200, 401]))
    expect((await fetch(`${api.base}/healthz`)).status).toBe(200)
  })

  it('the jobs it shows carry ids only: an enrolment and a postback put no name, token or amount in a payload', async () => {
    const { codes } = await api.enrolled('jqsee', { name: 'Board Partner', language: 'en', legalType: 'individual' })
    await api.recorded('jqsee', {
      id: 'board-1',
      type: 'payment',
      occurredAt: '2026-03-02T08:00:00Z',
      customer: 'board-customer',
      ref: codes[0]!.code,
      order: 'board-order',
      amount: '120.00',
      currency: 'USD',
    })
    const payloads: string[] = []
    for (const queue of QUEUES) {
      for (const status of ['latest', 'delayed', 'waiting', 'completed', 'failed']) {
        const r = await get(
          `/admin/queues/api/queues?activeQueue=${queue}&status=${status}&page=1&jobsPerPage=100`,
          `Bearer ${ADMIN_TOKEN}`,
        )
        expect(r.status).toBe(200)
        const body = (await r.json()) as { queues: { name: string; jobs: { data: unknown }[] }[] }
        for (const q of body.queues.filter((x) => x.name === queue)) {
          for (const job of q.jobs) payloads.push(JSON.stringify(job.data))
        }
      }
    }
    expect(payloads.length).toBeGreaterThan(0)
    for (const p of payloads) {
      expect(p).not.toMatch(/Board Partner|board-customer|"amount|whsec_|token|iban|details/i)
    }
  })
})

describe('Bull Board while Redis is down', () => {
  const fresh = freshDatabaseUrl()
  let redis: ChildProcess
  let service: Service
  beforeAll(async () => {
    const port = await freePort()
    redis = await ownRedis(port)
    service = await startService(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DATABASE_URL: fresh.url,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        ADMIN_API_TOKEN: ADMIN_TOKEN,
        TELEGRAM_SANDBOX: 'false',
      }),
    )
  })
  afterAll(async () => {
    await Promise.race([service?.close(), new Promise((r) => setTimeout(r, 12_000))])
    redis?.kill('SIGKILL')
    await fresh.drop()
  })

  it("answers the service's 503 service.unavailable with Retry-After, not Bull Board's 500", async () => {
    const url = `${service.url}/admin/queues/api/queues?activeQueue=payouts&status=latest&page=1`
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` }
    expect((await fetch(url, { headers: auth })).status).toBe(200)
    redis.kill('SIGKILL')
    await new Promise((r) => redis.once('exit', r))
    await new Promise((r) => setTimeout(r, 500))
    for (const path of [url, `${service.url}/admin/queues`]) {
      const r = await fetch(path, { headers: auth, signal: AbortSignal.timeout(10_000) })
      expect({ status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() }).toEqual({
        status: 503,
        retryAfter: '5',
        body: { error: { code: 'service.unavailable', message: expect.any(String) } },
      })
    }
    // the token is still asked for first
    expect((await fetch(url, { signal: AbortSignal.timeout(10_000) })).status).toBe(401)
  }, 60_000)
})
