import type { ErrorRequestHandler, RequestHandler, Response } from 'express'
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

/**
 * A refusal from core in the contract's shape: its kind's status, its code, its words (programs by name; the code
 * stays the machine-readable part) and the fields named.
 */
function sendRefusal(res: Response, e: DomainError, programs: ProgramNames) {
  const issues = 'issues' in e.data && Array.isArray(e.data.issues) ? e.data.issues : undefined
  const message = errorText(english, e, { audience: 'general', language: 'en', programs }).replaceAll('\n', ' ')
  const kind = ERRORS[e.code].kind
  // the sender retries the same request shortly: only this one failed
  if (kind === 'unavailable') res.set('retry-after', '5')
  sendError(res, KIND_STATUS[kind], e.code, message, issues)
}

export const notFound: RequestHandler = (req, res) => {
  sendError(res, 404, 'not_found', `No route for ${req.method} ${req.path}`)
}

/**
 * Last middleware: known errors become the contract's shape; unknown ones are logged with the request id and
 * answered with a generic 500 that leaks nothing.
 */
export const errorHandler =
  (programs: ProgramNames): ErrorRequestHandler =>
  (err, req, res, _next) => {
    if (res.headersSent) return
    if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, err.issues)
    // a database connection lost or refused (a failover, a restart): only this request failed; its sender retries
    const unavailable = err instanceof UnavailableError ? err : asUnavailable(err)
    if (unavailable instanceof UnavailableError) {
      req.log.warn({ err, dependency: unavailable.data.dependency }, 'dependency unavailable')
      return sendRefusal(res, unavailable, programs)
    }
    if (isDomainError(err)) return sendRefusal(res, err, programs)
    const e = err as { type?: string; status?: number; message?: string }
    // body-parser errors carry a type and a 4xx status
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', 'The body is not valid JSON')
    if (e.type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', 'The body is too large')
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      return sendError(res, 415, 'unsupported_encoding', 'Unsupported body encoding')
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendError(res, e.status, 'bad_request', 'The request could not be read')
    }
    req.log.error({ err }, 'unhandled error')
    sendError(res, 500, 'internal', `Internal error (request ${req.id})`)
  }
