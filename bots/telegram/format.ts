import { errorText, type Refusal } from '../i18n/errors.ts'
import type { Translate } from '../i18n/index.ts'

export { longDate } from '../i18n/errors.ts'

/** An amount as partners read it in every language: `120.00 USD`. */
export const amount = (value: string, currency: string) => `${value} ${currency}`

/**
 * Any refusal from core as the partner reads it: the catalogue's words addressed to the partner where it has them
 * (its general words otherwise), in the partner's language, dates in the program's zone, programs by name.
 */
export function partnerErrorText(
  t: Translate,
  language: string,
  e: Refusal,
  where: { timeZone?: string; programName?: (key: string) => string } = {},
): string {
  return errorText(t, e, { audience: 'partner', language, ...where })
}
