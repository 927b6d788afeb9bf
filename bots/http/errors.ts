import type { ErrorRequestHandler, RequestHandler, Response } from 'express'
import type { Logger } from 'pino'
import { ERRORS, type ErrorKind } from '../../core/domain/error-catalogue.ts'
import { type DomainError, isDomainError, UnavailableError } from '../../core/domain/errors.ts'
import { asUnavailable } from '../../core/infra/db/connection-errors.ts'
import { errorText, type ProgramNames } from '../i18n/errors.ts'
import { createI18n } from '../i18n/index.ts'

/** The one error shape of the public API (contract section 3). */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ApiErrorBody['error']['issues'],
  ) {
    super(message)
  }
}

export function sendError(res: Response, status: number, code: string, message: string, issues?: HttpError['issues']) {
  const body: ApiErrorBody = { error: { code, message, ...(issues ? { issues } : {}) } }
  res.status(status).json(body)
}

/** Each kind of refusal as an HTTP status: the only place a status is chosen for core's codes. */
export const KIND_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  refused: 422,
  forbidden: 403,
  unavailable: 503,
}

/** Messages of the API are the catalogue's general words, in English. */
const english = createI18n().t('en')

/** What a failed request answers: its status, the contract's body, and a header or two. */
export interface ErrorReply {
  status: number
  body: ApiErrorBody
  headers?: Record<string, string>
}

const reply = (status: number, code: string, message: string, issues?: HttpError['issues']): ErrorReply => ({
  status,
  body: { error: { code, message, ...(issues ? { issues } : {}) } },
})

/**
 * A refusal from core in the contract's shape: its kind's status, its code, its words (programs by name; the code
 * stays the machine-readable part) and the fields named.
 */
function refusal(e: DomainError, programs: ProgramNames): ErrorReply {
  const issues = 'issues' in e.data && Array.isArray(e.data.issues) ? e.data.issues : undefined
  const message = errorText(english, e, { audience: 'general', language: 'en', programs }).replaceAll('\n', ' ')
  const kind = ERRORS[e.code].kind
  const out = reply(KIND_STATUS[kind], e.code, message, issues)
  // the sender retries the same request shortly: only this one failed
  return kind === 'unavailable' ? { ...out, headers: { 'retry-after': '5' } } : out
}

/**
 * Any error as the request's answer: known errors in the contract's shape; unknown ones logged (with the request id
 * the log is bound to) and answered with a generic 500 that leaks nothing. Shared by express's last middleware and
 * the hot paths answered before express (front-door.ts).
 */
export function errorReply(err: unknown, programs: ProgramNames, log: Logger, requestId: string): ErrorReply {
  if (err instanceof HttpError) return reply(err.status, err.code, err.message, err.issues)
  // the request's own stream broke (its sender went away: node's Error('aborted'), ECONNRESET without a syscall),
  // which says nothing about the database
  if (clientAborted(err)) return reply(400, 'bad_request', 'The request could not be read')
  // a database connection lost or refused (a failover, a restart): only this request failed; its sender retries
  const unavailable = err instanceof UnavailableError ? err : asUnavailable(err)
  if (unavailable instanceof UnavailableError) {
    log.warn({ err, dependency: unavailable.data.dependency }, 'dependency unavailable')
    return refusal(unavailable, programs)
  }
  if (isDomainError(err)) return refusal(err, programs)
  const e = err as { type?: string; status?: number; message?: string; body?: unknown }
  // body-parser errors carry a type and a 4xx status
  if (e.type === 'entity.parse.failed') {
    return jsonButNotObject(e.body)
      ? reply(400, 'invalid_request', 'The body is not valid', [{ path: '(body)', message: 'must be a JSON object' }])
      : reply(400, 'invalid_json', 'The body is not valid JSON')
  }
  if (e.type === 'entity.too.large') return reply(413, 'payload_too_large', 'The body is too large')
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return reply(415, 'unsupported_encoding', 'Unsupported body encoding')
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return reply(e.status, 'bad_request', 'The request could not be read')
  }
  log.error({ err }, 'unhandled error')
  return reply(500, 'internal', `Internal error (request ${requestId})`)
}

/** JSON the strict parser refused only for not being an object or array (`null`, `"x"`, `42`): no syntax error. */
function jsonButNotObject(body: unknown) {
  if (typeof body !== 'string') return false
  try {
    JSON.parse(body)
    return true
  } catch {
    return false
  }
}

function clientAborted(err: unknown) {
  const e = err as { code?: unknown; message?: unknown; syscall?: unknown } | null
  return !!e && e.code === 'ECONNRESET' && e.message === 'aborted' && e.syscall === undefined
}

/**
 * What no route answered: a known path asked with another method is a 405 listing the methods it has (Allow), not a
 * 404 sending the caller to look for a typo in the path; any other request is a 404.
 */
export const notFound =
  (allowedMethods: (path: string) => string[] | undefined): RequestHandler =>
  (req, res) => {
    const allow = allowedMethods(req.path)
    if (allow && !allow.includes(req.method)) {
      res.set('allow', allow.join(', '))
      const message = `${req.method} is not allowed on ${req.path}; it answers ${allow.join(', ')}`
      sendError(res, 405, 'method_not_allowed', message)
      return
    }
    sendError(res, 404, 'not_found', `No route for ${req.method} ${req.path}`)
  }

/** Last middleware: the error's answer (errorReply). */
export const errorHandler =
  (programs: ProgramNames): ErrorRequestHandler =>
  (err, req, res, _next) => {
    if (res.headersSent) return
    const r = errorReply(err, programs, req.log, req.id)
    if (r.headers) res.set(r.headers)
    res.status(r.status).json(r.body)
  }
