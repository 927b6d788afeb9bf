import type { RequestHandler } from 'express'
import { z } from 'zod'
import { UNSTORABLE } from '../../core/domain/text.ts'
import { HttpError } from './errors.ts'

/**
 * Input PostgreSQL cannot store, refused at the edge with a 400 that names the field: a NUL is refused by `text`
 * and `jsonb`, an unpaired UTF-16 surrogate by `jsonb` (and silently mangled into U+FFFD by the driver elsewhere).
 * Every string that comes in (path, query, JSON body, keys included) passes here before any use-case sees it.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]|[\uD800-\uDFFF]/u

/**
 * A one-line text (names, references, reasons): trimmed, 1..max characters, no control characters, no unpaired
 * surrogates.
 */
export const lineText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters or unpaired surrogates')

/** A multi-line text (notes, terms): line breaks and tabs allowed, NUL and unpaired surrogates not. */
export const freeText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((s) => !UNSTORABLE.test(s), 'must not contain NUL characters or unpaired surrogates')

/** Deepest nesting a JSON body of the operator API may have: its largest legitimate shape is 4 levels. */
const MAX_DEPTH = 32

/**
 * The first place in a parsed JSON value that cannot be stored: a string (or key) with a NUL or an unpaired
 * surrogate, or nesting deeper than MAX_DEPTH (which would overflow recursive code further on). Iterative, so a
 * hostile depth cannot overflow the stack here.
 */
function unsafeJson(value: unknown): { path: string; message: string } | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }]
  while (stack.length) {
    const { v, path, depth } = stack.pop()!
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v))
        return { path: path || '(body)', message: 'must not contain NUL characters or unpaired surrogates' }
      continue
    }
    if (!v || typeof v !== 'object') continue
    if (depth >= MAX_DEPTH) return { path: path || '(body)', message: `is nested more than ${MAX_DEPTH} levels deep` }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++)
        stack.push({ v: v[i], path: path ? `${path}.${i}` : String(i), depth: depth + 1 })
      continue
    }
    for (const [k, x] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k
      if (UNSTORABLE.test(k))
        return { path: at, message: 'the field name must not contain NUL characters or unpaired surrogates' }
      stack.push({ v: x, path: at, depth: depth + 1 })
    }
  }
  return undefined
}

/** After a JSON parser: a body with unstorable strings or hostile nesting is a 400 naming the field. */
export const refuseUnsafeBody: RequestHandler = (req, _res, next) => {
  const bad = req.body === undefined ? undefined : unsafeJson(req.body)
  if (bad) throw new HttpError(400, 'invalid_request', 'The body is not valid', [bad])
  next()
}

// %00-%1F and %7F: control characters smuggled into a path segment or a query value
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f)/i

/**
 * First middleware: a URL whose path or query carries an encoded control character, or percent-encoding that is
 * not UTF-8, is refused before any route sees it (a `%00` in an id would otherwise reach PostgreSQL). Costs one
 * `includes` for an ordinary URL. A referral link's query is the visitor's (the partner's tracking template), read
 * only through shape checks: a visitor still lands whatever it carries, so for /r/ only the path is checked.
 */
export const refuseHostileUrl: RequestHandler = (req, _res, next) => {
  const url = req.url
  if (url.includes('%')) {
    const q = url.indexOf('?')
    const checked = q >= 0 && url.startsWith('/r/') ? url.slice(0, q) : url
    if (ENCODED_CONTROL.test(checked)) {
      throw new HttpError(400, 'invalid_url', 'The URL contains an encoded control character (%00-%1F, %7F)')
    }
    try {
      decodeURIComponent(checked)
    } catch {
      throw new HttpError(400, 'invalid_url', 'The URL has percent-encoding that is not valid UTF-8')
    }
  }
  next()
}

/**
 * The operator API reads JSON only (contract section 3): a body under another Content-Type (text/plain, a form,
 * none) would not be parsed and the request would go on as if it had none, doing something other than asked
 * (a random code issued instead of the vanity one sent). Such a body is a 415; a request without a body needs no
 * Content-Type.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const length = req.get('content-length')
  const hasBody = req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0')
  if (hasBody && !req.is('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as JSON, with Content-Type: application/json')
  }
  next()
}
