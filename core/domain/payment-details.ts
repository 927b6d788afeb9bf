import { z } from 'zod'
import type { PayoutMethod } from './payouts.ts'
import { withoutControls } from './text.ts'

/** IBAN: country, check digits, up to 30 alphanumerics, valid mod-97 checksum (ISO 13616). */
export function validIban(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase()
  return /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban) && checksumHolds(iban)
}

function checksumHolds(iban: string): boolean {
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55))
  let rest = 0
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97
  return rest === 1
}

/**
 * Why payment details were refused, for the person who typed them: which check failed, and for a length the
 * country's one. Never the details themselves: at most the IBAN's country code, which the mask shows too.
 */
export type DetailsProblem =
  /** Not two letters, two digits and letters or digits after them: not an IBAN at all. */
  | { problem: 'iban_format' }
  /** The first two letters are no country of the IBAN registry. */
  | { problem: 'iban_country'; country: string }
  /** The country's IBANs have `expected` characters; this one has `given`. */
  | { problem: 'iban_length'; country: string; expected: number; given: number }
  /** The check digits do not match the rest (mod 97): a character mistyped or two swapped. */
  | { problem: 'iban_checksum' }
  /** Not an e-mail address. */
  | { problem: 'email' }
  /** Another field (the account holder's name, the SWIFT code): the issues name it. */
  | { problem: 'other' }

/** The first check an IBAN fails, in the order a person would fix them (none: it is a valid IBAN of its country). */
export function ibanProblem(raw: string): DetailsProblem | undefined {
  const iban = raw.replace(/\s+/g, '').toUpperCase()
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban) || iban.length > 34) return { problem: 'iban_format' }
  const country = iban.slice(0, 2)
  const expected = IBAN_LENGTHS[country]
  if (expected === undefined) return { problem: 'iban_country', country }
  if (iban.length !== expected) return { problem: 'iban_length', country, expected, given: iban.length }
  return checksumHolds(iban) ? undefined : { problem: 'iban_checksum' }
}

/** The issue's message for the operator API (English, like every field's issue): which check failed. */
function ibanIssue(p: DetailsProblem): string {
  switch (p.problem) {
    case 'iban_country':
      return `${p.country} is not a country code of the IBAN registry`
    case 'iban_length':
      return `an IBAN of ${p.country} has ${p.expected} characters, not ${p.given}`
    case 'iban_checksum':
      return 'the check digits do not match the rest of the IBAN (mod 97): a character is mistyped'
    default:
      return 'must be an IBAN such as GE29NB0000000101904917'
  }
}

/** The refusal's reason from a details schema's issues: the first one that says, else `other`. */
export function detailsProblem(issues: readonly { path: PropertyKey[]; params?: unknown }[]): DetailsProblem {
  for (const i of issues) {
    const p = (i.params as { problem?: DetailsProblem } | undefined)?.problem
    if (p) return p
    if (i.path[0] === 'email') return { problem: 'email' }
  }
  return { problem: 'other' }
}

/** Length of an IBAN per country (SWIFT IBAN Registry): a candidate in free text must have its country's length. */
const IBAN_LENGTHS: Record<string, number> = Object.fromEntries(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ' +
    'ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 ' +
    'LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 ' +
    'PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((e) => [e.slice(0, 2), Number(e.slice(2))]),
)

/**
 * Whether a text a person typed holds an IBAN (mod-97), alone or inside a sentence, compact or in groups with any
 * separators (`(LV80…)`, `IBAN:LV80…`, `LV80-BANK-…`): a chat flow must not keep such a text where it was not asked
 * for (its state is stored in Redis). Every non-alphanumeric character separates groups; a candidate starts at any
 * two letters and two digits and ends at a group's end. A registered country's candidate must have that country's
 * length (joining words of ordinary text rarely lands on it, and then the checksum must hold too); another country's
 * only as a whole unbroken run of 15 to 34 characters, so ordinary words, order numbers, dates and amounts are not taken
 * for one.
 */
export function holdsPaymentDetails(text: string): boolean {
  const groups = text
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean)
  for (let i = 0; i < groups.length; i++)
    for (const at of ibanStarts(groups[i]!))
      if (ibanFrom(groups, i, at, IBAN_LENGTHS[groups[i]!.slice(at, at + 2)])) return true
  return false
}

function ibanStarts(group: string): number[] {
  const starts: number[] = []
  for (let at = 0; at + 4 <= group.length; at++) if (/^[A-Z]{2}\d{2}/.test(group.slice(at, at + 4))) starts.push(at)
  return starts
}

/** Whether groups[i] from `at`, joined with the groups after it, make an IBAN of `length` (or, unregistered, one run). */
function ibanFrom(groups: string[], i: number, at: number, length: number | undefined): boolean {
  if (length === undefined) {
    const run = groups[i]!
    return at === 0 && run.length >= 15 && run.length <= 34 && validIban(run)
  }
  let candidate = groups[i]!.slice(at)
  for (let j = i + 1; candidate.length < length && j < groups.length; j++) candidate += groups[j]
  return candidate.length === length && validIban(candidate)
}

const bank = z
  .object({
    iban: z
      .string()
      .max(64)
      .superRefine((raw, ctx) => {
        const problem = ibanProblem(raw)
        if (problem) ctx.addIssue({ code: 'custom', message: ibanIssue(problem), params: { problem } })
      })
      .transform((s) => s.replace(/\s+/g, '').toUpperCase()),
    // shown to finance as written: no control characters or bidi overrides that would make it read as another name
    holder: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((s) => withoutControls(s) === s, 'must not contain control characters')
      .optional(),
    swift: z
      .string()
      .regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be a SWIFT/BIC code such as BAGAGE22')
      .optional(),
  })
  .strict()
const paypal = z.object({ email: z.email('must be an e-mail address').max(254) }).strict()

/** The details each method needs; service credit and licences are paid into the partner's own account. */
export const DETAILS_SCHEMA: Partial<Record<PayoutMethod, z.ZodType<Record<string, string>>>> = { bank, paypal }

export const needsDetails = (method: PayoutMethod) => DETAILS_SCHEMA[method] !== undefined

/** The only form payment details are ever shown in: enough to recognise them, not to use them. */
export function maskDetails(method: PayoutMethod, details: Record<string, string>): string {
  if (method === 'bank' && details.iban) return `${details.iban.slice(0, 2)}•• •••• ${details.iban.slice(-4)}`
  if (method === 'paypal' && details.email) {
    const [user = '', domain = ''] = details.email.split('@')
    return `${user.slice(0, 1)}•••@${domain}`
  }
  return '••••'
}
