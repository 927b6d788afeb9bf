import type { Translate } from '../i18n/index.ts'

/** A reason code (a hold, a rejection, a sanction, a flag) in the reader's language; an unknown code as it is. */
export function reasonText(t: Translate, code: string): string {
  return t(`reasons.${code}` as 'reasons.other', { defaultValue: code.replaceAll('_', ' ') })
}
