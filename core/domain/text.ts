/**
 * What PostgreSQL cannot store in text or jsonb: NUL, and half a surrogate pair (in a `u` regex a well-formed pair is
 * one code point, so [\uD800-\uDFFF] matches only unpaired halves). Such input is refused with the field named.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what it looks for
export const UNSTORABLE = /\u0000|[\uD800-\uDFFF]/u
export const unstorable = (s: string) => UNSTORABLE.test(s)

/**
 * `text` cut to at most `max` UTF-16 units (what Telegram counts), never between the two halves of a surrogate pair:
 * half an emoji would be unstorable, and Telegram refuses it.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text
  const last = text.charCodeAt(max - 1)
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max)
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\uD800-\uDFFF]/gu

/**
 * `text` without control characters, bidi marks and overrides, or unpaired surrogates: a name someone else will read
 * (a file's, a partner's from Telegram) then shows as what it is ("invoice\u202Efdp.exe" reads "invoiceexe.pdf").
 */
export const withoutControls = (text: string) => text.replace(CONTROLS, '')

/** The largest value of a bigint column (Telegram ids are stored in one). */
export const INT64_MAX = 2n ** 63n - 1n

/** How far ahead of the service clock another system's time may be (clock skew): a later one is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000
