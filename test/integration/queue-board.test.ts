import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QUEUES } from '../../core/ports/jobs.ts'
import { ADMIN_TOKEN, type Api, startApi } from '../helpers/api.ts'

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
