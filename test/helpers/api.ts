import { createHmac } from 'node:crypto'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { loadConfig } from '../../bots/config.ts'
import { type Service, startService } from '../../bots/service.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { TEST_TOKEN } from './bots.ts'
import { freshDatabaseUrl } from './database.ts'
import { FakeTelegram } from './fake-telegram.ts'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'
export const PROGRAM_KEYS = ['jqsee', 'worksection-referral', 'worksection-partner', 'chetup', 'melbet', 'quantower']
export const secretOf = (program: string) =>
  `whsec_${Buffer.from(`secret-of-${program}-0123456789`).toString('base64')}`

/** Signs a body the Standard Webhooks way (what a program's system does). */
export function sign(secret: string, id: string, timestamp: number, body: string) {
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret)
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
}

export interface Api {
  service: Service
  clock: ManualClock
  base: string
  /** The service's Redis key prefix (its queues are `new Queue(name, { prefix })` on service.redis). */
  redisPrefix: string
  close(): Promise<void>
  enrol(program: string, body: Record<string, unknown>): Promise<{ status: number; body: any }>
  /**
   * A signed postback, timestamped by the service clock. `sent`: the bytes on the wire when they are not the signed
   * JSON itself (a compressed body, with its content-encoding in `headers`).
   */
  postback(
    program: string,
    event: Record<string, unknown>,
    opts?: { raw?: string; headers?: Record<string, string>; sent?: BodyInit },
  ): Promise<{ status: number; body: any }>
  statement(partner: string, query?: Record<string, string>): Promise<{ status: number; body: any }>
  get(path: string, headers?: Record<string, string>): Promise<Response>
  /** An operator API call with the bearer token. */
  operator(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
  /** A payout request through the operator API, under an Idempotency-Key. */
  requestPayout(partner: string, body: Record<string, unknown>, key: string): Promise<{ status: number; body: any }>
  /** A manual bonus or penalty through the operator API, under an Idempotency-Key. */
  adjust(partner: string, body: Record<string, unknown>, key: string): Promise<{ status: number; body: any }>
  /** Enrols a partner and expects 201: its id and codes. */
  enrolled(
    program: string,
    body: Record<string, unknown>,
  ): Promise<{ partner: string; codes: { code: string; campaign?: string }[] }>
  /** Sends a postback and expects 201: the recorded event's answer. */
  recorded(program: string, event: Record<string, unknown>): Promise<any>
}

/**
 * The whole service on a fresh database, with an operator token and a postback secret for every program. With
 * `logs`, every line the service logs (at trace) is pushed there, as written (JSON).
 */
export async function startApi(
  start = '2026-03-02T09:00:00Z',
  extraEnv: Record<string, string> = {},
  opts: { logs?: string[] } = {},
): Promise<Api> {
  const db = freshDatabaseUrl()
  const clock = new ManualClock(start)
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: opts.logs ? 'trace' : (process.env.TEST_LOG_LEVEL ?? 'silent'),
    DATABASE_URL: db.url,
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `api${Math.random().toString(36).slice(2, 8)}`,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    PUBLIC_URL: 'https://partners.example.com',
    TELEGRAM_SANDBOX: 'false',
    ...extraEnv,
  }
  for (const p of PROGRAM_KEYS) env[`POSTBACK_SECRET_${p.toUpperCase().replaceAll('-', '_')}`] = secretOf(p)
  const logs = opts.logs
  const logDestination = logs
    ? new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk))
          done()
        },
      })
    : undefined
  const service = await startService(loadConfig(env), { clock, logDestination })
  const base = service.url
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` }
  const json = async (r: Response) => ({ status: r.status, body: await r.json().catch(() => null) })
  const keyed = async (path: string, body: Record<string, unknown>, key: string) =>
    json(
      await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      }),
    )
  const api: Api = {
    service,
    clock,
    base,
    redisPrefix: env.REDIS_PREFIX!,
    async close() {
      await service.close()
      await db.drop()
    },
    enrol: async (program, body) =>
      json(
        await fetch(`${base}/v1/programs/${program}/partners`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    async postback(program, event, opts = {}) {
      const raw = opts.raw ?? JSON.stringify(event)
      const id = `msg_${String(event.id ?? 'x')}`
      const ts = Math.floor(clock.now().getTime() / 1000)
      const headers = {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': sign(secretOf(program), id, ts, raw),
        ...opts.headers,
      }
      const body: BodyInit = opts.sent ?? raw
      return json(await fetch(`${base}/v1/programs/${program}/events`, { method: 'POST', headers, body }))
    },
    statement: async (partner, query = {}) =>
      json(await fetch(`${base}/v1/partners/${partner}/statement?${new URLSearchParams(query)}`, { headers: auth })),
    get: (path, headers = {}) => fetch(`${base}${path}`, { headers: { ...auth, ...headers }, redirect: 'manual' }),
    operator: async (method, path, body) =>
      json(
        await fetch(`${base}${path}`, {
          method,
          headers: { ...auth, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
    requestPayout: (partner, body, key) => keyed(`/v1/partners/${partner}/payouts`, body, key),
    adjust: (partner, body, key) => keyed(`/v1/partners/${partner}/adjustments`, body, key),
    async enrolled(program, body) {
      const r = await api.enrol(program, body)
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return { partner: r.body.partner.id as string, codes: r.body.codes }
    },
    async recorded(program, event) {
      const r = await api.postback(program, event)
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body
    },
  }
  return api
}

/**
 * A 100.00 USD payment of `customer` (its order `order-<id>`, through the code `ref` when given), recorded: the
 * event's answer.
 */
export const paymentOf100 = (
  api: Api,
  program: string,
  p: { id: string; customer: string; at: string; ref?: string },
) =>
  api.recorded(program, {
    ...{ id: p.id, type: 'payment', occurredAt: p.at, customer: p.customer, order: `order-${p.id}` },
    ...{ amount: '100.00', currency: 'USD', ...(p.ref ? { ref: p.ref } : {}) },
  })

/** The balance line of a program and currency in a statement. */
export const balanceOf = (statement: any, program: string, currency = 'USD') =>
  statement.balances.find((b: any) => b.program === program && b.currency === currency)

/**
 * The service with the partner bot polling a fake Bot API (beforeAll/afterAll of a Telegram journey test).
 * `get()` gives both once started.
 */
export function withTelegram(start: string, extraEnv: Record<string, string> = {}) {
  let api: Api | undefined
  let telegram: FakeTelegram | undefined
  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
    api = await startApi(start, { TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: telegram.url, ...extraEnv })
  })
  afterAll(async () => {
    await api?.close()
    await telegram?.stop()
  })
  return () => ({ api: api!, telegram: telegram! })
}
