import type { JobPayload } from '../../../core/ports/jobs.ts'
import type { Translate } from '../../i18n/index.ts'
import { localDateText } from '../../shared/dates.ts'

/** A program's payouts paused or resumed, or a pay date moved: the partner's notice, in their language. */
export function payoutScheduleText(
  t: Translate,
  language: string,
  programName: string,
  data: JobPayload<'notifications', 'payout_schedule'>,
): string {
  if (data.news !== 'date_moved') return t(`payops.notify.${data.news}`, { program: programName })
  return t('payops.notify.date_moved', {
    program: programName,
    from: data.scheduled ? localDateText(language, data.scheduled) : '',
    to: data.movedTo ? localDateText(language, data.movedTo) : '',
  })
}
