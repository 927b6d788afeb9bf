import { createHash } from 'node:crypto'

/** A UUID as the database stores them: checked before a query, so a malformed id is "not found", not an error. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The stored key of a request made once per partner and program (a desk form's key, an Idempotency-Key): a digest,
 * so a key chosen by a client is never stored as given, and one partner's key never matches another's.
 */
export const requestKeyOf = (partnerId: string, programKey: string, requestKey: string | undefined) =>
  requestKey && createHash('sha256').update(`${partnerId}\n${programKey}\n${requestKey}`).digest('hex')

/** The width of a stored Idempotency-Key (payout_requests and manual_adjustments, VarChar(128)). */
export const STORED_KEY_MAX = 128

/**
 * An Idempotency-Key as stored, with the namespace its caller gave it (`req:`, `api:`, `slack:`): as given when it
 * fits the column, as every key stored so far did (so they keep replaying); a longer one (a 128-character client key
 * under its namespace) as its digest after `#`, a character no key may contain, so it never matches a key stored as
 * given. The same key always gives the same stored key, so a replay finds the first request.
 */
export const storedKeyOf = (key: string) =>
  key.length <= STORED_KEY_MAX ? key : `#${createHash('sha256').update(key).digest('hex')}`
