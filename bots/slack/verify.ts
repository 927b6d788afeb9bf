import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Request, RequestHandler } from 'express'
import type { Logger } from 'pino'

/** Slack signs every request; one whose timestamp is more than 5 minutes off (either way) is a replay or forged. */
export const MAX_SKEW_S = 5 * 60
/** Slack's payloads are tens of kilobytes at most (a modal's state, a 40,000-character message); this is plenty. */
export const MAX_BODY_BYTES = 1024 * 1024

export type Refusal = 'no_timestamp' | 'stale' | 'future' | 'no_signature' | 'bad_signature'

/** A timestamp header Slack would send, within 5 minutes of now in either direction; otherwise why not. */
export function checkTimestamp(timestamp: string | undefined, nowMs = Date.now()): Refusal | undefined {
  if (!/^\d{1,12}$/.test(timestamp ?? '')) return 'no_timestamp'
  const skew = Number(timestamp) - Math.floor(nowMs / 1000)
  if (skew < -MAX_SKEW_S) return 'stale'
  if (skew > MAX_SKEW_S) return 'future'
  return undefined
}

/**
 * Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret, and a
 * timestamp within 5 minutes of now in either direction (Bolt 5.1 refuses only old ones, so a request signed
 * for a moment years ahead would stay replayable until then). Returns why it is refused, or undefined.
 */
export function checkSignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: Buffer,
  nowMs = Date.now(),
): Refusal | undefined {
  const late = checkTimestamp(headers.timestamp, nowMs)
  if (late) return late
  const given = /^v0=([0-9a-f]{64})$/.exec(headers.signature ?? '')?.[1]
  if (!given) return 'no_signature'
  const mac = createHmac('sha256', secret).update(`v0:${headers.timestamp}:`).update(body).digest()
  return timingSafeEqual(mac, Buffer.from(given, 'hex')) ? undefined : 'bad_signature'
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown) => typeof v === 'string'
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v)
const hasId = (v: unknown) => isObject(v) && isString(v.id)

/**
 * The interactive payloads Bolt routes (to a listener or to the catch-all that acknowledges them). Bolt ignores
 * any other kind without answering, which Slack would see as a timeout.
 */
const INTERACTIVE = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
])

/** Interactive payloads the desk handles, checked as far as Bolt and the listeners read them. */
function interactiveProblem(p: Record<string, unknown>): string | undefined {
  if (!isString(p.type) || !INTERACTIVE.has(p.type)) return 'payload.type'
  if (p.type === 'interactive_message' && !Array.isArray(p.actions)) return 'payload.actions'
  if (!optional(p.user, hasId)) return 'payload.user'
  if (!optional(p.response_url, isString) || !optional(p.trigger_id, isString)) return 'payload.urls'
  if (!optional(p.channel, hasId) || !optional(p.container, isObject) || !optional(p.team, isObject))
    return 'payload.where'
  if (p.type === 'block_actions') {
    if (!hasId(p.user)) return 'payload.user'
    const actions = p.actions
    if (!Array.isArray(actions) || actions.length === 0 || actions.length > 25) return 'payload.actions'
    for (const a of actions)
      if (!isObject(a) || !isString(a.action_id) || !optional(a.value, isString) || !optional(a.block_id, isString))
        return 'payload.actions'
    if (!optional(p.view, isObject)) return 'payload.view'
  }
  if (p.type === 'view_submission' || p.type === 'view_closed') {
    if (!hasId(p.user)) return 'payload.user'
    const v = p.view
    if (!isObject(v) || !isString(v.callback_id) || !optional(v.id, isString)) return 'payload.view'
    if (!optional(v.private_metadata, isString)) return 'payload.view'
    if (p.type === 'view_submission') {
      if (!isObject(v.state) || !isObject(v.state.values)) return 'payload.view.state'
      for (const block of Object.values(v.state.values)) {
        if (!isObject(block)) return 'payload.view.state'
        for (const element of Object.values(block)) if (!isObject(element)) return 'payload.view.state'
      }
    }
  }
  return undefined
}

/** An Events API delivery: an object with an event object, shaped as Bolt's router reads it. */
function eventProblem(b: Record<string, unknown>): string | undefined {
  const e = b.event
  if (!isObject(e) || !isString(e.type)) return 'event'
  if (!optional(b.event_id, isString) || !optional(b.team_id, isString)) return 'event_id'
  if (!optional(e.channel, (c) => isString(c) || hasId(c)) || !optional(e.item, isObject)) return 'event.channel'
  if (!optional(e.user, isString) || !optional(e.text, isString) || !optional(e.thread_ts, isString)) return 'event'
  if (!optional(e.files, (f) => Array.isArray(f) && f.every(hasId))) return 'event.files'
  if (b.authorizations !== undefined && !(Array.isArray(b.authorizations) && b.authorizations.every(isObject)))
    return 'authorizations'
  return undefined
}

export type Parsed =
  | { pass: true; contentType: 'application/json' | 'application/x-www-form-urlencoded' }
  | { pass: false; status: number; reason: string }

/**
 * What Bolt may see: a signed body of a kind the desk handles, parsed the way Bolt parses it and shaped the way
 * its router and the listeners read it. Anything else is refused here with a 4xx, before Bolt, whose parse
 * errors would log part of the body and whose router throws (500) on some shapes.
 */
export function classify(contentType: string | undefined, raw: string): Parsed {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  const bad = (reason: string): Parsed => ({ pass: false, status: 400, reason })
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(raw)
    const keys = [...form.keys()]
    // a repeated key would reach Bolt as an array where a string is read
    if (new Set(keys).size !== keys.length) return bad('form.repeated')
    const ok: Parsed = { pass: true, contentType: type }
    const payload = form.get('payload')
    if (payload !== null) {
      let p: unknown
      try {
        p = JSON.parse(payload)
      } catch {
        return bad('payload.json')
      }
      if (!isObject(p)) return bad('payload')
      const problem = interactiveProblem(p)
      return problem ? bad(problem) : ok
    }
    // Slack checking the certificate (`ssl_check=1`): Bolt answers it
    if (form.get('ssl_check')) return ok
    if (form.has('command')) {
      for (const k of ['command', 'user_id', 'text']) if (!form.has(k)) return bad(`command.${k}`)
      return ok
    }
    return bad('form.kind')
  }
  if (type === 'application/json') {
    let b: unknown
    try {
      b = JSON.parse(raw)
    } catch {
      return bad('json')
    }
    if (!isObject(b)) return bad('json.root')
    if (b.type === 'url_verification')
      return isString(b.challenge) ? { pass: true, contentType: type } : bad('challenge')
    if (b.type === 'event_callback') {
      const problem = eventProblem(b)
      return problem ? bad(problem) : { pass: true, contentType: type }
    }
    // Slack tells the app it is over its event rate limit; nothing to dispatch
    if (b.type === 'app_rate_limited') return { pass: false, status: 200, reason: 'app_rate_limited' }
    return bad('json.type')
  }
  return { pass: false, status: 415, reason: 'content_type' }
}

const arrivals = new WeakMap<Request, number>()
/** When the request reached the guard (performance.now()), for the listeners' answer budget. */
export const arrivedAt = (req: Request): number | undefined => arrivals.get(req)

/** The body, or null once it is over `max` bytes (the rest is left to Node, which discards it). */
function readBody(req: Request, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (result: Buffer | null, error?: unknown) => {
      req.off('data', onData).off('end', onEnd).off('error', onError)
      if (error) reject(error)
      else resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > max) done(null)
      else chunks.push(chunk)
    }
    const onEnd = () => done(Buffer.concat(chunks))
    const onError = (e: unknown) => done(null, e)
    req.on('data', onData).on('end', onEnd).on('error', onError)
  })
}

/**
 * In front of Bolt's receiver on POST /slack/events: the signature (timestamp within 5 minutes either way), a
 * body limit, and the body's kind and shape. Refusals answer 401/400/413/415 with no body and log why, never
 * what the body said. What passes reaches Bolt as `req.rawBody`, so Bolt reads the same bytes again.
 */
export function slackRequestGuard(opts: { signingSecret: string; logger: Logger; now?: () => number }): RequestHandler {
  const now = opts.now ?? Date.now
  return async (req, res, next) => {
    arrivals.set(req, performance.now())
    const refuse = (status: number, reason: string) => {
      opts.logger.info({ status, reason }, 'slack: request refused')
      if (status === 413) res.setHeader('connection', 'close')
      res.status(status).end()
    }
    try {
      const header = (name: string) => {
        const v = req.headers[name]
        return typeof v === 'string' ? v : undefined
      }
      const timestamp = header('x-slack-request-timestamp')
      // the clock first: a stale or future request costs no body read and no HMAC
      const early = checkTimestamp(timestamp, now())
      if (early) return refuse(401, early)
      if (Number(header('content-length') ?? 0) > MAX_BODY_BYTES) return refuse(413, 'too_large')
      const body = await readBody(req, MAX_BODY_BYTES)
      if (!body) return refuse(413, 'too_large')
      const refusal = checkSignature(
        opts.signingSecret,
        { timestamp, signature: header('x-slack-signature') },
        body,
        now(),
      )
      if (refusal) return refuse(401, refusal)
      const parsed = classify(header('content-type'), body.toString('utf8'))
      if (!parsed.pass) {
        if (parsed.status !== 200) return refuse(parsed.status, parsed.reason)
        opts.logger.warn({ reason: parsed.reason }, 'slack: notice from Slack')
        res.status(200).end()
        return
      }
      // Bolt parses by the exact media type and reads the body from here (the stream is consumed)
      req.headers['content-type'] = parsed.contentType
      ;(req as Request & { rawBody?: Buffer }).rawBody = body
      next()
    } catch {
      // a client that went away mid-body
      if (!res.headersSent) refuse(400, 'unreadable')
    }
  }
}
