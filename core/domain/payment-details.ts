import { z } from 'zod'
import type { PayoutMethod } from './payouts.ts'
import { withoutControls } from './text.ts'

/** IBAN: country, check digits, up to 30 alphanumerics, valid mod-97 checksum (ISO 13616). */
export function validIban(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase()
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55))
  let rest = 0
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97
  return rest === 1
}

/**
 * Whether a text a person typed holds an IBAN (mod-97), alone or inside a sentence, compact or in groups: a chat flow
 * must not keep such a text where it was not asked for (its state is stored in Redis). Candidates start at a word of
 * two letters and two digits and end at a word's end, so ordinary words and numbers are not taken for one.
 */
export function holdsPaymentDetails(text: string): boolean {
  const words = text.toUpperCase().split(/\s+/).filter(Boolean)
  for (let i = 0; i < words.length; i++) {
    if (!/^[A-Z]{2}\d{2}/.test(words[i]!)) continue
    let candidate = ''
    for (let j = i; j < words.length && candidate.length < 34; j++) {
      candidate += words[j]!.replace(/[^A-Z0-9]+$/, '')
      if (candidate.length >= 15 && validIban(candidate)) return true
      if (!/^[A-Z0-9]+$/.test(words[j]!)) break
    }
  }
  return false
}

const bank = z
  .object({
    iban: z
      .string()
      .max(64)
      .refine(validIban, 'must be a valid IBAN such as GE29NB0000000101904917')
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
