import { type Logger, pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { UnavailableError } from '../../core/domain/errors.ts'
import type { Core } from '../../core/index.ts'
import { serveHttp } from '../helpers/bots.ts'
import { fakeCore } from '../helpers/core.ts'

describe('http server', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => {
    await close?.()
  })

  async function start(
    opts: {
      failing?: boolean | { failing: boolean }
      accepting?: boolean
      click?: Core['earnings']['recordClick']
      logger?: Logger
    } = {},
  ) {
    const { core } = fakeCore({
      probes: [
        { name: 'database', check: async () => {} },
        {
          name: 'redis',
          check: async () => {
            const failing = typeof opts.failing === 'object' ? opts.failing.failing : opts.failing
            if (failing) throw new Error('connect ECONNREFUSED 127.0.0.1:6399')
          },
        },
      ],
    })
    if (opts.click) core.earnings.recordClick = opts.click
    const http = await serveHttp({
      core,
      accepting: () => opts.accepting ?? true,
      ...(opts.logger ? { logger: opts.logger } : {}),
    })
    close = http.close
    return http.base
  }

  it('/healthz answers while the process is up', async () => {
    const base = await start({ failing: true })
    const res = await fetch(`${base}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('/readyz is 200 when every dependency answers', async () => {
    const base = await start()
    const res = await fetch(`${base}/readyz`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.status).toBe('ready')
    expect(body.checks.map((c: { name: string }) => c.name)).toEqual(['database', 'redis'])
  })

  it('/readyz is 503 and names the dependency that fails, not why: the why is logged once, and its recovery', async () => {
    const lines: { msg: string; check?: string; error?: string }[] = []
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) })
    const state = { failing: true }
    const base = await start({ failing: state, logger })
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/readyz`)
      expect(res.status).toBe(503)
      const body = await res.json()
      expect(body.checks[1]).toEqual({ name: 'redis', ok: false, ms: expect.any(Number) })
      expect(JSON.stringify(body)).not.toContain('6399')
    }
    state.failing = false
    expect((await fetch(`${base}/readyz`)).status).toBe(200)
    expect(lines.filter((l) => l.msg.startsWith('readiness')).map((l) => [l.msg, l.check, l.error])).toEqual([
      ['readiness: check failing', 'redis', 'connect ECONNREFUSED 127.0.0.1:6399'],
      ['readiness: check passes again', 'redis', undefined],
    ])
  })

  it('/readyz is 503 once shutdown began', async () => {
    const base = await start({ accepting: false })
    const res = await fetch(`${base}/readyz`)
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ status: 'not_ready', reason: 'shutting_down' })
  })

  it('/metrics serves Prometheus text with request latencies', async () => {
    const base = await start()
    await fetch(`${base}/healthz`)
    const res = await fetch(`${base}/metrics`)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await res.text()
    expect(text).toMatch(/pa_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/)
    expect(text).toContain('pa_process_cpu_seconds_total')
  })

  it('unknown routes get the JSON error shape and a request id', async () => {
    const base = await start()
    const res = await fetch(`${base}/nothing/here`, { headers: { 'x-request-id': 'abc-123' } })
    expect(res.status).toBe(404)
    expect(res.headers.get('x-request-id')).toBe('abc-123')
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /nothing/here' } })
  })

  it('refuses an encoded control character or broken percent-encoding in any URL before routing (400)', async () => {
    const base = await start()
    for (const path of ['/nothing%00', '/healthz?q=a%1fb', '/r/%C0%80', '/r/x%', '/slack/events%0d%0a']) {
      const res = await fetch(`${base}${path}`)
      expect(res.status, path).toBe(400)
      expect((await res.json()).error.code, path).toBe('invalid_url')
    }
    // an ordinary encoded character is fine
    expect((await fetch(`${base}/healthz?q=%C3%A9%20x`)).status).toBe(200)
  })

  it('replaces an unsafe request id with a fresh one', async () => {
    const base = await start()
    const res = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'x'.repeat(200) } })
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('a click that fails in front of express is answered as express would: 503 to retry, else a 500 telling nothing', async () => {
    for (const path of ['/r/abc123', '/r/abc123/']) {
      let base = await start({
        click: async () => {
          throw new UnavailableError('database', new Error('connect ECONNREFUSED'))
        },
      })
      const busy = await fetch(`${base}${path}`, { headers: { 'x-request-id': 'hot-503' } })
      expect([busy.status, busy.headers.get('retry-after'), busy.headers.get('x-request-id')], path).toEqual([
        503,
        '5',
        'hot-503',
      ])
      expect((await busy.json()).error.code).toBe('service.unavailable')
      await close?.()
      base = await start({
        click: async () => {
          throw new Error('secret detail')
        },
      })
      const broken = await fetch(`${base}${path}`, { headers: { 'x-request-id': 'hot-500' } })
      expect(broken.status, path).toBe(500)
      expect(await broken.json()).toEqual({ error: { code: 'internal', message: 'Internal error (request hot-500)' } })
      await close?.()
      close = undefined
    }
  })
})
