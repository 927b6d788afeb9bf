/**
 * A refusal the user can understand: a stable code (`payout.below_minimum`) plus the data a message needs.
 * Core throws these; each transport maps the code to a localized message or an HTTP status.
 * Anything that is not a DomainError is a bug or an outage: logged with context, never shown.
 */
export class DomainError<Data extends Record<string, unknown> = Record<string, unknown>> extends Error {
  constructor(
    readonly code: string,
    readonly data: Data = {} as Data,
    message?: string,
  ) {
    super(message ?? code)
    this.name = 'DomainError'
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError

/** Infrastructure a use-case needs is down (database, Redis): the request may be retried later. */
export class UnavailableError extends DomainError<{ dependency: string }> {
  constructor(dependency: string, cause?: unknown) {
    super('service.unavailable', { dependency }, `${dependency} is unavailable`)
    this.cause = cause
  }
}
