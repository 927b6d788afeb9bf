import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import express, { type RequestHandler, Router } from 'express'
import type { Logger } from 'pino'
import { DomainError } from '../../../core/domain/errors.ts'
import type { Core } from '../../../core/index.ts'
import { hmacSha256 } from '../../../core/infra/crypto/hmac.ts'
import { HttpError } from '../errors.ts'
import { answerHot, type HotContext, type HotPath, header, splitUrl } from '../front-door.ts'
import { jsonbKeyOrder } from '../stored-answer.ts'

export interface PostbackDeps {
  core: Core
  /** Program key -> signing secret (POSTBACK_SECRET_<KEY>). */
  secrets: Record<string, string>
}

const TOLERANCE_SECONDS = 5 * 60

/** Standard Webhooks key: `whsec_<base64>` decodes to the key bytes; anything else is used as it is. */
const keyOf = (secret: string) =>
  secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret)

/** Each secret's HMAC, its key prepared once (the secrets are fixed for the life of the process). */
const macs = new Map<string, ReturnType<typeof hmacSha256>>()
const macOf = (secret: string) => {
  const known = macs.get(secret)
  if (known) return known
  const mac = hmacSha256(keyOf(secret))
  macs.set(secret, mac)
  return mac
}

/**
 * Verifies a Standard Webhooks signature: `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, several
 * space-separated signatures allowed (secret rotation), timestamp within 5 minutes of the service clock.
 */
function verifySignature(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: Buffer,
  now: Date,
): void {
  const { id, timestamp, signature } = headers
  if (!id || !timestamp || !signature) {
    throw new HttpError(401, 'unsigned', 'webhook-id, webhook-timestamp and webhook-signature are required')
  }
  const ts = Number(timestamp)
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - ts) > TOLERANCE_SECONDS) {
    throw new HttpError(401, 'stale_timestamp', 'webhook-timestamp is more than 5 minutes away from now')
  }
  const expected = macOf(secret)(`${id}.${timestamp}.`, body)
  const ok = signature.split(' ').some((part) => {
    const [version, sig] = part.split(',', 2)
    if (version !== 'v1' || !sig) return false
    const given = Buffer.from(sig, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  if (!ok) throw new HttpError(401, 'bad_signature', 'No valid signature for this program')
}

const LIMIT = 64 * 1024
const rawBody = express.raw({ type: () => true, limit: LIMIT })

/** A body read as it came: a declared length within the limit, neither compressed nor chunked. */
const plainBody = (req: IncomingMessage) => {
  const length = Number(req.headers['content-length'])
  const encoding = req.headers['content-encoding']
  return length >= 0 && length <= LIMIT && (!encoding || encoding === 'identity') && !req.headers['transfer-encoding']
}

/** A plain body's bytes (plainBody), without body-parser's negotiation (a tenth of a postback's CPU here). */
function readPlain(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    req.once('error', reject)
  })
}

/**
 * The body as bytes (the signature is over them): a plain body read directly; anything else (compressed, chunked,
 * too large) through express.raw, which inflates it or refuses it.
 */
const readBody: RequestHandler = (req, res, next) => {
  if (!plainBody(req)) return rawBody(req, res, next)
  readPlain(req).then((body) => {
    req.body = body
    next()
  }, next)
}

/** The program's key in the path /v1/programs/{program}/events, as it may be written without percent-encoding. */
const EVENTS_PATH = /^\/v1\/programs\/([\w.~-]{1,64})\/events\/?$/

/**
 * POST /v1/programs/{program}/events: a conversion postback (contract section 1), its body's bytes in hand: checked
 * against the program's signing secret, recorded once (a replay answers 200 with the first answer), and answered.
 */
async function acceptPostback(
  deps: PostbackDeps,
  programKey: string,
  req: IncomingMessage,
  raw: Buffer,
  res: ServerResponse,
  head: string[],
  log: () => Logger,
) {
  if (!deps.core.programs.get(programKey)) throw new DomainError('program.not_found', { program: programKey })
  const secret = deps.secrets[programKey]
  if (!secret) {
    log().warn({ program: programKey }, 'postback refused: no POSTBACK_SECRET for this program')
    throw new HttpError(401, 'no_secret', 'Postbacks are not configured for this program')
  }
  verifySignature(
    secret,
    {
      id: header(req, 'webhook-id'),
      timestamp: header(req, 'webhook-timestamp'),
      signature: header(req, 'webhook-signature'),
    },
    raw,
    deps.core.clock.now(),
  )
  let body: unknown
  try {
    body = JSON.parse(raw.toString('utf8'))
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON')
  }
  const recorded = await deps.core.earnings.recordEvent(programKey, body)
  // the first answer in the order its stored copy (jsonb) gives a replay: the same bytes every time
  const json = JSON.stringify(recorded.body, jsonbKeyOrder)
  head.push('content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(json)))
  res.writeHead(recorded.replayed ? 200 : 201, head)
  res.end(json)
}

/** Postbacks through express: those the hot path leaves to it (a compressed, chunked or percent-encoded one). */
export function postbackRoutes(deps: PostbackDeps): Router {
  const router = Router()
  router.post('/v1/programs/:program/events', readBody, async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
    await acceptPostback(deps, String(req.params.program), req, raw, res, [], () => req.log)
  })
  return router
}

/**
 * Postbacks answered before express (front-door.ts): a plain path and a plain body (plainBody). Anything else is
 * left to postbackRoutes, untouched, which answers it alike.
 */
export function postbackHotPath(deps: PostbackDeps & { context: HotContext }): HotPath {
  return (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/programs/')) return false
    const { path } = splitUrl(req.url)
    const key = EVENTS_PATH.exec(path)?.[1]
    // a percent sign anywhere: express's refuseHostileUrl reads the URL first
    if (!key || req.url.includes('%') || !plainBody(req)) return false
    answerHot(deps.context, req, res, { route: '/v1/programs/:program/events', path }, async (head, log) => {
      const raw = await readPlain(req)
      await acceptPostback(deps, key, req, raw, res, head, log)
    })
    return true
  }
}
