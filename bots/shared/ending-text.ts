import type { EndReason, ProgramDefinition } from '../../core/programs/definition.ts'
import { type Named, programName } from '../../core/programs/names.ts'
import { amountText } from '../i18n/format.ts'
import type { Translate } from '../i18n/index.ts'
import { endDate } from './dates.ts'

/** What a partner reads of an ending: the program, the date, and what happens to the money (its terms decide). */
export interface EndingFacts {
  programNames: Named
  timeZone: string
  endsAt: Date
  reason: EndReason
  /** `forfeited`: ended for a breach that closes the accumulated reward (the program's onBreach). */
  unpaid: 'paid_any_amount' | 'paid_above_minimum' | 'forfeited'
  minimum: string | null
  currency: string
  lastPaymentDays: number | null
}

/** The facts of an ending not made yet (what the partner confirms): the program's terms, read by `endings.preview`. */
export const previewFacts = (
  program: ProgramDefinition,
  preview: { reason: EndReason; endsAt: Date; unpaid: EndingFacts['unpaid']; lastPaymentDays: number | null },
): EndingFacts => ({
  programNames: program,
  timeZone: program.timeZone,
  endsAt: preview.endsAt,
  reason: preview.reason,
  unpaid: preview.unpaid,
  minimum: program.payout.minimum[program.currencies[0]!] ?? null,
  currency: program.currencies[0]!,
  lastPaymentDays: preview.lastPaymentDays,
})

/** What happens to the partner's earned, unpaid money after the end, as the program's terms say. */
export function moneyText(t: Translate, language: string, f: EndingFacts): string {
  const lines: string[] = []
  if (f.unpaid === 'forfeited') return t('endings.money.forfeited')
  if (f.unpaid === 'paid_any_amount') lines.push(t('endings.money.paid_any_amount'))
  else {
    const minimum = amountText(language, f.minimum ?? '0', f.currency)
    lines.push(t('endings.money.paid_above_minimum', { minimum }))
  }
  if (f.lastPaymentDays) lines.push(t('endings.money.last_payment', { count: f.lastPaymentDays }))
  return lines.join(' ')
}

/**
 * `ending`: the agreement will end on a date (the company's notice, the partner leaving); `ended`: it is over.
 * Either way the partner also reads what happens to their money.
 */
export function endingText(t: Translate, language: string, f: EndingFacts, kind: 'ending' | 'ended'): string {
  const date = endDate(language, f.endsAt, f.timeZone)
  const head = t(`endings.${kind}.${f.reason}` as 'endings.ending.breach', {
    program: programName(f.programNames, language),
    date,
  })
  // an application taken back before approval earned nothing: there is no money to speak of
  if (f.reason === 'application_withdrawn') return head
  return `${head}\n\n${moneyText(t, language, f)}`
}

/**
 * What /link, /stats and /earnings say of a program the partner is no longer in: an application taken back before
 * approval never had links, an ended agreement's no longer earn.
 */
export const endedLinkKey = (e: { endReason?: string | null }) =>
  e.endReason === 'application_withdrawn' ? ('link.withdrawn' as const) : ('link.ended' as const)
