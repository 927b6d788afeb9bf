import type { Response } from 'express'

// Answers replayed from a stored copy (jsonb) come back with their keys in jsonb's order; the first answer is
// written in that order too, so that a replay is the same bytes (contract: "the same body").

/** jsonb's key order: shorter keys first, then by their bytes (for ASCII keys, the strings' own order). */
const NON_ASCII = /[\u0080-\uffff]/
function jsonbBefore(a: string, b: string) {
  if (!NON_ASCII.test(a) && !NON_ASCII.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
  return Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b))
}

/**
 * JSON.stringify's replacer writing every object's keys in PostgreSQL jsonb's order, the order a stored answer comes
 * back in; an object already in that order is written as it is.
 */
export function jsonbKeyOrder(_key: string, value: unknown) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value
  const keys = Object.keys(value)
  let ordered = true
  for (let i = 1; i < keys.length && ordered; i++) ordered = jsonbBefore(keys[i - 1]!, keys[i]!) < 0
  if (ordered) return value
  const out: Record<string, unknown> = {}
  for (const k of keys.sort(jsonbBefore)) out[k] = (value as Record<string, unknown>)[k]
  return out
}

/** An answer whose replays come from its stored copy: written in jsonb's key order, the first time as every time. */
export function sendStoredAnswer(res: Response, status: number, body: unknown) {
  res.status(status).type('application/json').send(JSON.stringify(body, jsonbKeyOrder))
}
