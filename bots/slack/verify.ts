import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Request, RequestHandler } from 'express'
import type { Logger } from 'pino'
import { classify } from './request-shape.ts'

/** Slack signs every request; one whose timestamp is more than 5 minutes off (either way) is a replay or forged. */
const MAX_SKEW_S = 5 * 60
/** Slack's payloads are tens of kilobytes at most (a modal's state, a 40,000-character message); this is plenty. */
const MAX_BODY_BYTES = 1024 * 1024

export type Refusal = 'no_timestamp' | 'stale' | 'future' | 'no_signature' | 'bad_signature'

/** A timestamp header Slack would send, within 5 minutes of now in either direction; otherwise why not. */
function checkTimestamp(timestamp: string | undefined, nowMs = Date.now()): Refusal | undefined {
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
