import { textFor } from '../../core/domain/terms.ts'
import { cutText } from '../../core/domain/text.ts'
import type { TermsVersionRecord } from '../../core/ports/terms-store.ts'
import type { Translate } from '../i18n/index.ts'
import { termsDate } from './dates.ts'

/**
 * A term change as a partner reads it: program, effective date, the change in their language, and what an objection
 * does. The partner's broadcast sends it; the desk previews it before publishing.
 */
export function termsChangeText(
  t: Translate,
  language: string,
  v: TermsVersionRecord,
  programName: string,
  timeZone: string,
  objection: { windowDays: number; endsAgreement: boolean } | undefined,
): string {
  const date = termsDate(v.effectiveAt, language, timeZone)
  const lines = [
    t('terms.change.title', { program: programName, version: v.version }),
    t('terms.change.effective', { date }),
    '',
    textFor(v.texts, language),
    '',
    objection?.endsAgreement
      ? t('terms.change.object_ends', { count: objection.windowDays })
      : t('terms.change.object_recorded'),
  ]
  return cutText(lines.join('\n'), 4096)
}
