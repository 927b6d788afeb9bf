import type { ErrorCode, ErrorData } from './error-catalogue.ts'

export type { ErrorCode, ErrorData, ErrorKind } from './error-catalogue.ts'

/** The data argument: optional for codes whose data has no required field. */
type DataArgs<C extends ErrorCode> = object extends ErrorData[C]
  ? [data?: ErrorData[C], message?: string]
  : [data: ErrorData[C], message?: string]

/**
 * A refusal the user can understand: a catalogued code (`payout.below_minimum`, see error-catalogue.ts) plus the
 * data its messages need. Core throws these; each transport maps the code's kind to a status or a wording.
 * `message` is for logs only. Anything that is not a DomainError is a bug or an outage: logged, never shown.
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C
  readonly data: ErrorData[C]

  constructor(code: C, ...[data, message]: DataArgs<C>) {
    super(message ?? code)
    this.name = 'DomainError'
    this.code = code
    this.data = data ?? ({} as ErrorData[C])
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError

/** A DomainError of one code, with that code's data. */
export const isRefusal = <C extends ErrorCode>(e: unknown, code: C): e is DomainError<C> =>
  e instanceof DomainError && e.code === code

/** Infrastructure a use-case needs is down (database, Redis): the request may be retried later. */
export class UnavailableError extends DomainError<'service.unavailable'> {
  constructor(dependency: string, cause?: unknown) {
    super('service.unavailable', { dependency }, `${dependency} is unavailable`)
    this.cause = cause
  }
}
