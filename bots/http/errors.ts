import { readFileSync } from 'node:fs'
import type { ErrorRequestHandler, RequestHandler, Response } from 'express'
import { isDomainError, UnavailableError } from '../../core/domain/errors.ts'
import { asUnavailable } from '../../core/infra/db/connection-errors.ts'

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
const DOMAIN_STATUS: Record<string, number> = {
  'service.unavailable': 503,
  'program.not_found': 404,
  'partner.not_found': 404,
  'code.not_found': 404,
  'postback.invalid': 400,
  'postback.id_conflict': 409,
  'enrolment.exclusive': 409,
  'enrolment.invalid': 400,
  'enrolment.unknown_campaign': 400,
  'enrolment.no_campaigns': 400,
  'statement.bad_period': 400,
  'ledger.currency_not_offered': 400,
  'enrolment.not_found': 404,
  'sanction.not_found': 404,
  'commission.not_found': 404,
  'enrolment.transition_not_allowed': 409,
  'enrolment.changed_concurrently': 409,
  'sanction.already_lifted': 409,
  'sanction.final': 409,
  'commission.not_held': 409,
  'commission.closed': 409,
  'commission.already_held': 409,
  'payout.key_conflict': 409,
  'payout.not_found': 404,
  'payout.invalid_transition': 409,
  'payout.in_closed_batch': 409,
  'payout.changed_concurrently': 409,
  'payout.reason_required': 400,
  'payout.reference_required': 400,
  'payout.bad_date': 400,
  'payout.details_invalid': 400,
  'payout.amount_invalid': 400,
  'batch.not_found': 404,
  'batch.not_payable': 409,
  'flag.not_found': 404,
  'flag.already_resolved': 409,
  'flag.invalid_resolution': 400,
  'terms.not_found': 404,
  'terms.bad_commission': 400,
  'terms.already_published': 409,
  'terms.bad_date': 400,
  'terms.no_text': 400,
  'terms.text_too_long': 400,
  'terms.unknown_language': 400,
  'terms.not_enrolled': 404,
  'broadcast.not_found': 404,
  'broadcast.invalid_transition': 409,
  'broadcast.notice_passed': 409,
}

/** A readable sentence for codes whose DomainError message is only the code. */
function domainMessage(code: string, data: Record<string, unknown>, message: string): string {
  if (message !== code) return message
  switch (code) {
    case 'program.not_found':
      return `Unknown program ${String(data.program)}`
    case 'partner.not_found':
      return `Unknown partner ${String(data.partner)}`
    case 'code.not_found':
      return 'Unknown referral code'
    case 'postback.invalid':
      return 'The event is not valid'
    case 'enrolment.exclusive':
      return `A partner of ${String(data.conflictsWith)} cannot join ${String(data.program)} at the same time`
    case 'enrolment.unknown_campaign':
      return `Unknown campaigns: ${(data.campaigns as string[]).join(', ')}`
    case 'enrolment.no_campaigns':
      return `${String(data.program)} has no campaigns`
    case 'statement.bad_period':
      return '`from` must not be after `to`'
    case 'ledger.currency_not_offered':
      return `The program's ledger has no ${String(data.currency)}: it uses ${String(data.currencies)}`
    case 'enrolment.not_found':
      return `Partner ${String(data.partner)} is not in ${String(data.program)}`
    case 'sanction.not_found':
      return `Unknown sanction ${String(data.sanction)}`
    case 'commission.not_found':
      return `Unknown commission ${String(data.commission)}`
    case 'enrolment.transition_not_allowed':
      return `Cannot ${String(data.action)} a partner whose status is ${String(data.status)}`
    case 'enrolment.changed_concurrently':
      return 'The partner was changed by someone else at the same time; try again'
    case 'sanction.already_lifted':
      return 'The sanction was already lifted'
    case 'sanction.final':
      return 'A disqualification is final'
    case 'commission.not_held':
      return `Only a held commission can be approved or rejected (this one is ${String(data.status)})`
    case 'commission.already_held':
      return 'The commission is already held for review'
    case 'commission.closed':
      return `The commission is already ${String(data.status)}`
    case 'terms.missing_languages':
      return `The change has no text in ${String(data.languages)}, which the program's partners read`
    case 'terms.notice_too_short':
      return `The program gives ${String(data.noticeDays)} days' notice: the change can take effect from ${String(data.earliest)} at the earliest`
    case 'broadcast.invalid_transition':
      return `The broadcast is ${String(data.status)}: it cannot ${String(data.action)}`
    default:
      if (code.startsWith('payout.') && code.slice(7) in REFUSALS) {
        return fillIn(REFUSALS[code.slice(7)]!, data)
      }
      return PAYOUT_MESSAGES[code] ?? message
  }
}

/** Payout refusals read the same through the API as in the bot: the English catalog's wording. */
const REFUSALS = (
  JSON.parse(readFileSync(new URL('../../locales/en/common.json', import.meta.url), 'utf8')) as {
    payout: { refused: Record<string, string> }
  }
).payout.refused
const fillIn = (text: string, data: Record<string, unknown>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(data[k] ?? '')).replaceAll('\n', ' ')

const PAYOUT_MESSAGES: Record<string, string> = {
  'payout.key_conflict': 'This Idempotency-Key was already used with a different request',
  'payout.not_found': 'Unknown payout',
  'payout.invalid_transition': 'The payout cannot take this step from its current status',
  'payout.changed_concurrently': 'The payout was changed by someone else at the same time; reload it',
  'payout.reason_required': 'A reason code is required for this decision',
  'payout.reference_required': 'The payment reference is required to mark a payout paid',
  'payout.not_scheduled': 'This program pays on request, not in scheduled batches',
  'payout.bad_date': 'Dates are YYYY-MM-DD',
  'payout.date_in_past': 'A pay date cannot be moved into the past',
  'payout.date_in_future': 'A pay day can be run only on or after its date',
  'payout.in_closed_batch': 'The payout is in a batch finance has closed; it can no longer be held or rejected',
  'payout.not_a_pay_date': 'That date is not a scheduled pay date of the program',
  'payout.hold_not_allowed': 'This program does not allow payout holds',
  'payout.hold_in_past': 'A hold must end in the future',
  'payout.hold_too_long': 'The hold is longer than the program allows',
  'payout.details_not_needed': 'This method needs no payment details',
  'batch.not_found': 'Unknown payout batch',
  'batch.not_payable': 'Only a closed batch can be marked paid',
  'flag.not_found': 'Unknown review flag',
  'flag.already_resolved': 'The flag was already resolved',
  'flag.invalid_resolution': 'The resolution must be a reason code such as rate_lowered, suspended or no_action',
}

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
  // a database connection lost or refused (a failover, a restart): only this request failed; its sender retries
  const unavailable = err instanceof UnavailableError ? err : asUnavailable(err)
  if (unavailable instanceof UnavailableError) {
    req.log.warn({ err, dependency: unavailable.data.dependency }, 'dependency unavailable')
    res.set('retry-after', '5')
    return sendError(res, 503, 'service.unavailable', 'The service is briefly unavailable: retry in a few seconds')
  }
  if (isDomainError(err)) {
    const issues = Array.isArray(err.data.issues) ? (err.data.issues as HttpError['issues']) : undefined
    return sendError(
      res,
      DOMAIN_STATUS[err.code] ?? 422,
      err.code,
      domainMessage(err.code, err.data, err.message),
      issues,
    )
  }
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
