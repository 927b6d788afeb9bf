import { once } from 'node:events'
import { connect } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * Clicks and postbacks are answered in front of express (bots/http/front-door.ts), and by express's routes when
 * they are not plain (a percent-encoded or nested path, a compressed body). Either way a caller gets the same answer,
 * the same errors, the same request id, and the same access line and latency sample.
 */
describe('hot paths in front of express', () => {
  let api: Api
  const logs: string[] = []
  let code = ''
  beforeAll(async () => {
    api = await startApi('2026-03-10T12:00:00Z', {}, { logs })
    code = (await api.enrolled('quantower', { name: 'Door', language: 'en', legalType: 'individual' })).codes[0]!.code
  })
  afterAll(async () => {
    await api?.close()
  })

  /** The same code with its first character percent-encoded: only express's route decodes it. */
  const encoded = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}${c.slice(1)}`

  /** A click's answer, its click id and cookie value (random) and request id set aside. */
  async function answerOf(path: string, headers: Record<string, string> = {}) {
    const r = await api.get(path, { 'user-agent': 'Mozilla/5.0', ...headers })
    const location = r.headers.get('location') ?? ''
    const click = location ? new URL(location).searchParams.get('click') : null
    const same = (s: string) => s.replace(click ?? '\0', '<click>')
    return {
      status: r.status,
      location: same(location),
      click,
      cookie: (r.headers.get('set-cookie') ?? '').replace(/pa_v=[\w-]+/, 'pa_v=<visitor>').replace(/Expires=[^;]+/, ''),
      cacheControl: r.headers.get('cache-control'),
      contentType: r.headers.get('content-type'),
      body: same(await r.text()),
      requestId: r.headers.get('x-request-id'),
    }
  }

  it('a click answers alike in front of express and through its route, and both are recorded', async () => {
    const before = await api.service.db.prisma.click.count({ where: { code: { code } } })
    const query = '?sub1=door&to=/pricing'
    const hot = await answerOf(`/r/${code}${query}`, { 'x-forwarded-for': '203.0.113.5' })
    const routed = await answerOf(`/r/${encoded(code)}${query}`, { 'x-forwarded-for': '203.0.113.6' })
    const nested = await answerOf(`/r/${code}/${query}`, { 'x-forwarded-for': '203.0.113.7' })
    expect(hot.status).toBe(302)
    expect(hot.location).toMatch(new RegExp(`^https://www\\.quantower\\.com/.*ref=${code}.*click=<click>`))
    expect(hot.cookie).toMatch(/^pa_v=<visitor>; Max-Age=31536000; Path=\/r; ; HttpOnly; SameSite=Lax$/)
    expect(hot.body).toBe(`Found. Redirecting to ${hot.location}`)
    for (const other of [routed, nested]) {
      expect({ ...other, requestId: 0, click: 0 }).toEqual({ ...hot, requestId: 0, click: 0 })
      expect(other.click).not.toBe(hot.click)
    }
    await api.service.core.earnings.clicks.flush()
    expect(await api.service.db.prisma.click.count({ where: { code: { code } } })).toBe(before + 3)
    const sub = await api.service.db.prisma.click.findMany({ where: { id: { in: [hot.click!, routed.click!] } } })
    expect(sub.map((c) => c.sub1)).toEqual(['door', 'door'])
  })

  it('X-Forwarded-Proto from the trusted proxy makes the cookie Secure, either way', async () => {
    const proto = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.8' }
    for (const path of [`/r/${code}`, `/r/${encoded(code)}`]) {
      expect((await answerOf(path, proto)).cookie, path).toMatch(/HttpOnly; Secure; SameSite=Lax$/)
    }
  })

  it('a sane X-Request-Id is echoed, another is replaced, and the request has its access line', async () => {
    expect((await answerOf(`/r/${code}`, { 'x-request-id': 'door-1' })).requestId).toBe('door-1')
    expect((await answerOf(`/r/${code}`, { 'x-request-id': 'no spaces!' })).requestId).toMatch(/^[0-9a-f-]{36}$/)
    const line = logs.map((l) => JSON.parse(l)).find((l) => l.reqId === 'door-1' && l.msg === 'request')
    expect(line).toMatchObject({ method: 'GET', path: `/r/${code}`, status: 302, level: 'info' })
  })

  it('a code that names no program is the same 404 either way (no HOME_URL here)', async () => {
    const hot = await answerOf('/r/NOPE1234', { 'x-request-id': 'door-404' })
    const routed = await answerOf(`/r/${encoded('NOPE1234')}`)
    expect(hot.status).toBe(404)
    expect(hot.requestId).toBe('door-404')
    expect(hot.contentType).toBe('application/json; charset=utf-8')
    expect(JSON.parse(hot.body)).toMatchObject({ error: { code: 'code.not_found' } })
    expect(routed.body).toBe(hot.body)
  })

  it('a plain postback and a compressed one (through express) are recorded alike, and a replay is 200', async () => {
    const event = (id: string) => ({ id, type: 'signup', occurredAt: '2026-03-10T11:00:00Z', customer: id, ref: code })
    const plain = await api.postback('quantower', event('door-p1'))
    expect(plain.status).toBe(201)
    const compressed = await api.postback('quantower', event('door-p2'), {
      headers: { 'content-encoding': 'gzip' },
      sent: gzipSync(JSON.stringify(event('door-p2'))),
    })
    expect(compressed.status).toBe(201)
    expect(Object.keys(compressed.body).sort()).toEqual(Object.keys(plain.body).sort())
    const replay = await api.postback('quantower', event('door-p1'))
    expect(replay).toEqual({ status: 200, body: plain.body })
    // byte for byte: the keys in the same order as the first answer's
    expect(JSON.stringify(replay.body)).toBe(JSON.stringify(plain.body))
  })

  it('a postback refused in front of express has the contract shape and the request id', async () => {
    const r = await fetch(`${api.base}/v1/programs/quantower/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'door-401', 'webhook-id': 'x' },
      body: '{}',
    })
    expect(r.status).toBe(401)
    expect(r.headers.get('x-request-id')).toBe('door-401')
    expect((await r.json()).error.code).toBe('unsigned')
    const unknown = await api.postback('no-such-program', { id: 'x' })
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'program.not_found' } } })
  })

  it('a sender that goes away before its body ends is its own failure, not a database outage, both ways', async () => {
    const { port } = new URL(api.base)
    for (const path of ['/v1/programs/quantower/events', '/v1/programs/%71uantower/events']) {
      const socket = connect(Number(port), '127.0.0.1')
      await once(socket, 'connect')
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"id":`,
      )
      await new Promise((r) => setTimeout(r, 50))
      socket.destroy()
    }
    const answered = () => logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request' && l.status === 400)
    // the hot path logs its 400; express's route has no socket left to answer on (nor an access line)
    await expect.poll(() => answered().length).toBe(1)
    await new Promise((r) => setTimeout(r, 200))
    const text = await (await fetch(`${api.base}/metrics`)).text()
    expect(text).not.toMatch(/route="\/v1\/programs\/:program\/events",status="503"/)
    // the outbox's backlog is read from the database at each scrape
    expect(text).toMatch(/^pa_outbox_jobs\{state="waiting"\} \d+$/m)
    expect(text).toMatch(/^pa_outbox_jobs\{state="refused"\} 0$/m)
    expect(logs.filter((l) => l.includes('dependency unavailable'))).toEqual([])
  })

  it('a request node cannot read is answered in the contract shape: headers too large (431), bad framing (400)', async () => {
    const { port } = new URL(api.base)
    const raw = async (request: string) => {
      const socket = connect(Number(port), '127.0.0.1')
      await once(socket, 'connect')
      socket.end(request)
      const chunks: Buffer[] = []
      for await (const c of socket) chunks.push(c as Buffer)
      const text = Buffer.concat(chunks).toString('utf8')
      const [head = '', body = ''] = text.split('\r\n\r\n')
      return { status: Number(head.split(' ')[1]), head, body: body ? JSON.parse(body) : undefined }
    }
    const big = await raw(`GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(big.status).toBe(431)
    expect(big.head).toMatch(/content-type: application\/json/i)
    expect(big.body).toEqual({ error: { code: 'headers_too_large', message: 'The request headers are too large' } })
    const framing = await raw(
      'POST /v1/programs/quantower/events HTTP/1.1\r\nhost: x\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nab',
    )
    expect(framing.status).toBe(400)
    expect(framing.body.error.code).toBe('bad_request')
    // HEAD gets the status and headers, never a body
    const head = await raw(`HEAD /r/abcd HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(head.status).toBe(431)
    expect(head.body).toBeUndefined()
  })

  it('the latency samples of both ways are under one route label', async () => {
    const text = await (await fetch(`${api.base}/metrics`)).text()
    const count = (route: string, status: number) =>
      Number(
        new RegExp(
          `pa_http_request_duration_seconds_count\\{method="(?:GET|POST)",route="${route}",status="${status}"\\} (\\d+)`,
        ).exec(text)?.[1] ?? 0,
      )
    expect(count('/r/:code', 302)).toBeGreaterThanOrEqual(7)
    expect(count('/r/:code', 404)).toBe(2)
    expect(count('/v1/programs/:program/events', 201)).toBe(2)
  })
})
