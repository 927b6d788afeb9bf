import type { ErrorRequestHandler, RequestHandler, Response } from 'express'
import { isDomainError } from '../../core/domain/errors.ts'

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

/** Domain codes that are not 422 (a rule refused the request). */
const DOMAIN_STATUS: Record<string, number> = { 'service.unavailable': 503 }

export const notFound: RequestHandler = (req, res) => {
  sendError(res, 404, 'not_found', `No route for ${req.method} ${req.path}`)
}

/**
 * Last middleware: known errors become the contract's shape; unknown ones are logged with the request id and
 * answered with a generic 500 that leaks nothing.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return
  if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, err.issues)
  if (isDomainError(err)) return sendError(res, DOMAIN_STATUS[err.code] ?? 422, err.code, err.message)
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
