import { reasonWords } from '../i18n/errors.ts'
import type { Translate } from '../i18n/index.ts'

/**
 * A reason code (a hold, a rejection, a sanction, a flag) as a partner reads it, in their language, including the
 * catalogue's words for a payout refusal used as a reason; see reasonWords.
 */
export function reasonText(t: Translate, code: string): string {
  return reasonWords(t, code, 'partner')
}

/** A reason code as the desk reads it: about "the partner", never "you" (desk.reasons, then the partner's words). */
export function deskReasonText(t: Translate, code: string): string {
  return reasonWords(t, code, 'desk')
}
