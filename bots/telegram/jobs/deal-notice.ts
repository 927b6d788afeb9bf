import type { Core } from '../../../core/index.ts'
import { programName } from '../../../core/programs/names.ts'
import { longDate } from '../../i18n/format.ts'
import { commissionRuleText, type TermsReader } from '../../shared/program-terms.ts'

type DealNotice = NonNullable<Awaited<ReturnType<Core['deals']['notice']>>>

/**
 * A partner's deal set (its rate from its date, in the terms' own words, then what became of the partner's other
 * deals it changed) or ended (the program's rule from now), in the partner's language.
 */
export function dealNoticeText(reader: TermsReader, n: DealNotice, change: 'set' | 'ended'): string {
  const { t, language } = reader
  const program = programName(n.programNames, language)
  const date = (d: Date) => longDate(d, language, n.timeZone)
  if (change === 'ended')
    return [t('deals.notify.ended', { program }), commissionRuleText(reader, n.programCommission, n.currency)].join(
      '\n\n',
    )
  const head = [t('deals.notify.set', { program, from: date(n.from) })]
  if (n.until) head.push(t('deals.notify.until', { date: date(new Date(n.until.getTime() - 1)) }))
  // each other deal by its start date, and what it is now: its last day, or where it (or its rest) starts again
  const others = n.others.map((o) =>
    t(`deals.notify.changed.${o.change}`, {
      from: date(o.from),
      date: date(o.resumesAt ?? new Date((o.until ?? o.from).getTime() - 1)),
    }),
  )
  return [head.join('\n'), commissionRuleText(reader, n.commission, n.currency), ...others].join('\n\n')
}
