import { errorText, type ProgramNames, type Refusal } from '../i18n/errors.ts'
import { amountText } from '../i18n/format.ts'
import type { Translate } from '../i18n/index.ts'

export { longDate } from '../i18n/errors.ts'

/** An amount (core's decimal string) as the partner's language writes it: `1,234.50 USD`, `1 234,50 USD`. */
export const amount = (language: string, value: string, currency: string) => amountText(language, value, currency)

/**
 * Any refusal from core as the partner reads it: the catalogue's words addressed to the partner where it has them
 * (its general words otherwise), in the partner's language, dates in the program's zone, programs by name.
 */
export function partnerErrorText(
  t: Translate,
  language: string,
  e: Refusal,
  where: { timeZone?: string; programs: ProgramNames },
): string {
  return errorText(t, e, { audience: 'partner', language, ...where })
}
