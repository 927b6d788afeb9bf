import type { RequestParamHandler } from 'express'
import { z } from 'zod'
import { DomainError } from '../../core/domain/errors.ts'
import { fieldIssues, PLAIN_WORDS } from '../../core/domain/field-issues.ts'
import { UUID } from '../../core/domain/ids.ts'
import { readQuery } from '../../core/domain/query-values.ts'
import { HttpError } from './errors.ts'

/** Parses a request part with a zod schema; a failure is a 400 listing every field and what is wrong. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what = 'body'): z.infer<S> {
  const r = schema.safeParse(value, PLAIN_WORDS)
  if (r.success) return r.data
  throw new HttpError(400, 'invalid_request', `The ${what} is not valid`, fieldIssues(r.error, `(${what})`))
}

/**
 * Parses a query string with its route's parameters: each given once, as one value (manyValued: a parameter given
 * twice, `name[]=` or `name[key]=` is a 400 naming it, not the first value taken or the filter dropped), and none
 * other (400 "unknown field", as for a body and the Mini App's queries). A route without parameters passes
 * `noQuery`.
 */
export function parseQuery<S extends z.ZodObject>(schema: S, query: unknown): z.infer<S> {
  const r = readQuery(schema.strict(), query)
  if (r.ok) return r.data as z.infer<S>
  throw new HttpError(400, 'invalid_request', 'The query is not valid', r.issues)
}

/** The query of a route that takes no parameter. */
export const noQuery = z.object({})

/** A reason code from a fixed list (core/domain/reason-codes.ts): another is refused with the list, so nobody reads a code without words. */
export const reasonFrom = (list: readonly string[]) =>
  z.string().refine((v) => list.includes(v), `must be one of: ${list.join(', ')}`)

/** A program key as definitions spell them (an unknown one is then the use-case's 404). */
export const programKey = z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be a program key such as jqsee')

/** A list's `?program=` filter: once at most, a program key. */
export const programFilter = z.object({ program: programKey.optional() })

/**
 * The program a list is filtered by, known to the definitions: a mistyped one is a 404 naming it, not a program
 * without entries (an empty list).
 */
export function knownProgram(programs: { get(key: string): unknown }, key: string | undefined): string | undefined {
  if (key !== undefined && !programs.get(key)) throw new DomainError('program.not_found', { program: key })
  return key
}

/**
 * An ISO-8601 time with offset, between 1970 and 9999: earlier years are no date of this business, and year 0 is
 * one PostgreSQL does not have.
 */
export const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 time with offset' }).refine((s) => {
  const year = new Date(s).getUTCFullYear()
  // what is not a time at all has its one issue, the format's
  return Number.isNaN(year) || (year >= 1970 && year <= 9999)
}, 'must be between 1970 and 9999')

/**
 * `router.param` handler for an id path parameter: anything but a UUID is that thing's 404, named, before a query
 * could choke on it.
 */
export function uuidParam(code: string, what: string): RequestParamHandler {
  return (_req, _res, next, value: string, name: string) => {
    if (!UUID.test(value)) {
      throw new HttpError(404, code, `Unknown ${what}: ${String(name)} must be a UUID`, [
        { path: String(name), message: 'must be a UUID' },
      ])
    }
    next()
  }
}

const IDEMPOTENCY_KEY = /^[\w.:-]{1,128}$/

/**
 * The request's `Idempotency-Key` (1-128 of A-Z a-z 0-9 _ . : -): required where a replay must not move money twice
 * (payouts, adjustments), optional elsewhere (issuing a code); a malformed one is always a 400.
 */
export function idempotencyKey(req: { get(name: string): string | undefined }, required: true): string
export function idempotencyKey(req: { get(name: string): string | undefined }, required: false): string | undefined
export function idempotencyKey(req: { get(name: string): string | undefined }, required: boolean) {
  const key = req.get('idempotency-key')
  if (key === undefined && !required) return undefined
  // one sent in the wrong form is not one missing: the sender is told which
  if (!key && required)
    throw new HttpError(
      400,
      'idempotency_key_required',
      'Send an Idempotency-Key header (1-128 of A-Z a-z 0-9 _ . : -)',
    )
  if (!key || !IDEMPOTENCY_KEY.test(key))
    throw new HttpError(400, 'invalid_idempotency_key', 'An Idempotency-Key is 1-128 of A-Z a-z 0-9 _ . : -')
  return key
}
