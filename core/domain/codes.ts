import { randomInt, randomUUID } from 'node:crypto'

// No 0/o, 1/l/i: codes are read aloud and typed from screenshots.
const LINK_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const PROMO_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

const draw = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('')

/** A referral-link id: 12 characters from a 31-letter alphabet, about 59 bits from the CSPRNG. */
export const newLinkCode = () => draw(LINK_ALPHABET, 12)

/** A promo code as partners hand it out: 8 capitals and digits, about 40 bits from the CSPRNG. */
export const newPromoCode = () => draw(PROMO_ALPHABET, 8)

export const CODE_SHAPE = /^[A-Za-z0-9_-]{4,64}$/

/**
 * The code a link or a person wrote, among the codes that match it regardless of case (contract: codes are
 * case-insensitive): the one written exactly so, else the only one of its letters. Codes are unique regardless of
 * case within a program but only exactly across programs: two programs' "Anna10" and "ANNA10" leave "anna10" naming
 * neither.
 */
export function codeAsWritten<C extends { code: string }>(written: string, matches: readonly C[]): C | null {
  const lower = written.toLowerCase()
  const same = matches.filter((c) => c.code.toLowerCase() === lower)
  return same.find((c) => c.code === written) ?? (same.length === 1 ? same[0]! : null)
}

/**
 * A code's validity at a moment: an event (or a click) before it begins is `code_not_yet_valid`, from its end on
 * `code_expired`; undefined inside it (or for a code without one).
 */
export function outsideValidity(code: { validFrom?: Date; validUntil?: Date }, at: Date) {
  if (code.validFrom && at < code.validFrom) return 'code_not_yet_valid' as const
  if (code.validUntil && at >= code.validUntil) return 'code_expired' as const
  return undefined
}

/**
 * One period a code was suspended, from its suspension to its reinstatement (open while it still is). `from` is
 * missing for a code suspended before these periods were recorded: suspended for all time, as it was judged then.
 */
export interface Suspension {
  from?: Date
  until?: Date
}

/**
 * Whether a code was suspended when an event occurred. Postbacks arrive up to the program's maxDelayDays late: a
 * payment made while the code was active earns even if the code was suspended before the payment was reported, and
 * one made while it was suspended does not, even once it is reinstated. A suspended code without recorded periods
 * (or a record that carries none) is judged by its status, for every moment.
 */
export function suspendedAt(code: { status: string; suspensions?: readonly Suspension[] }, at: Date): boolean {
  if (!code.suspensions?.length) return code.status !== 'active'
  return code.suspensions.some((s) => (!s.from || s.from <= at) && (!s.until || at < s.until))
}

/** The periods as the database keeps them (referral_codes.suspensions, jsonb: [{from, until}] as ISO-8601 strings). */
export function suspensionsOf(raw: unknown): Suspension[] {
  if (!Array.isArray(raw)) return []
  return raw.map((s: { from?: string | null; until?: string | null }) => ({
    ...(s?.from ? { from: new Date(s.from) } : {}),
    ...(s?.until ? { until: new Date(s.until) } : {}),
  }))
}

/**
 * A click id: a random UUIDv4 (122 bits from the CSPRNG), made here so that recording a click needs no
 * database-generated key. The landing page receives it, so it must tell nothing about how many clicks exist.
 */
export const newClickId = () => randomUUID()
