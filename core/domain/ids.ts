import { createHash } from 'node:crypto'

/** A UUID as the database stores them: checked before a query, so a malformed id is "not found", not an error. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The stored key of a request made once per partner and program (a desk form's key, an Idempotency-Key): a digest,
 * so a key chosen by a client is never stored as given, and one partner's key never matches another's.
 */
export const requestKeyOf = (partnerId: string, programKey: string, requestKey: string | undefined) =>
  requestKey && createHash('sha256').update(`${partnerId}\n${programKey}\n${requestKey}`).digest('hex')
