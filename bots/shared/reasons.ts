import { reasonWords } from '../i18n/errors.ts'
import type { Translate } from '../i18n/index.ts'

/**
 * A reason code (a hold, a rejection, a sanction, a flag) in the reader's language, including the catalogue's words
 * for a payout refusal used as a reason; see reasonWords.
 */
export function reasonText(t: Translate, code: string): string {
  return reasonWords(t, code)
}
