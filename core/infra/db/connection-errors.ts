import { UnavailableError } from '../../domain/errors.ts'

/** SQLSTATEs of a lost or refused connection: class 08, the server shutting down or starting, too many clients. */
const CONNECTION_STATES = /^(08...|57P01|57P02|57P03|53300)$/
/** Driver-adapter error kinds (Prisma 7) for the same. */
const CONNECTION_KINDS = new Set(['ConnectionClosed', 'DatabaseNotReachable', 'SocketTimeout', 'TooManyConnections'])
/** Prisma's own codes: cannot reach, timed out, server closed the connection, pool timeout, transaction start. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028'])
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'])
/** What node-postgres says when the socket goes away (it has no code for these). */
const MESSAGES =
  /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end|server closed the connection|terminating connection due to administrator command|Unable to start a transaction in the given time/i

/**
 * True when `e` says the database connection was lost or could not be made (as opposed to a query the database
 * refused). Such a failure touches only the work in flight on that connection: the caller may retry, or answer
 * 503 so its sender does. Looks through Prisma's wrappers (meta.driverAdapterError, cause) to the driver's error.
 */
export function isConnectionError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false
  const err = e as {
    code?: unknown
    kind?: unknown
    message?: unknown
    cause?: unknown
    meta?: { driverAdapterError?: unknown }
  }
  if (typeof err.code === 'string' && (CONNECTION_STATES.test(err.code) || PRISMA_CODES.has(err.code))) {
    return err.code !== 'P2028' || MESSAGES.test(String(err.message))
  }
  if (typeof err.code === 'string' && SOCKET_CODES.has(err.code)) return true
  if (typeof err.kind === 'string' && CONNECTION_KINDS.has(err.kind)) return true
  if (typeof err.message === 'string' && MESSAGES.test(err.message)) return true
  return isConnectionError(err.meta?.driverAdapterError, depth + 1) || isConnectionError(err.cause, depth + 1)
}

/** A lost connection becomes UnavailableError('database') (503 at the HTTP edge); anything else is left as it is. */
export function asUnavailable(e: unknown): unknown {
  return isConnectionError(e) && !(e instanceof UnavailableError) ? new UnavailableError('database', e) : e
}
