import { programName } from '../../../core/programs/names.ts'
import type { PayoutNotice } from '../../../core/use-cases/notices.ts'
import { longDate, minorText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { reasonText } from '../../shared/reasons.ts'

/** A payout's state, in the partner's language; the amounts as the partner will see them on the statement. */
export function payoutText(t: Translate, language: string, n: PayoutNotice, status: string, paused?: boolean): string {
  const p = n.payout
  const m = (minor: bigint | undefined) => minorText(language, { minor: minor ?? 0n, currency: p.currency })
  const date = p.expectedAt ? longDate(p.expectedAt, language, n.timeZone) : ''
  // a hold's or rejection's note from finance, under its reason
  const noted = p.note && (status === 'rejected' || status === 'needs_review')
  const key = status === 'paid' && p.creditMinor !== undefined ? 'paid_credit' : noted ? `${status}_note` : status
  const program = programName(n.programNames, language)
  const text = t(`notify.payout.${key}` as 'notify.payout.approved', {
    program,
    gross: m(p.grossMinor),
    // a redeem pays service credit or licences, not money
    net: m(p.creditMinor ?? p.netMinor),
    credit: m(p.creditMinor),
    date,
    reference: p.paymentRef ?? '',
    reason: reasonText(t, p.reason ?? 'review'),
    // as finance wrote it
    note: p.note ?? '',
  })
  // requested while the program's payouts are paused: the date holds only if they resume by then (as the chat says)
  return paused ? `${text}\n${t('payout.flow.paused', { program })}` : text
}
