import { localParts } from '../../core/domain/calendar.ts'
import type { ProgramDefinition } from '../../core/programs/definition.ts'
import { amountText, percentText } from '../i18n/format.ts'
import type { Translate } from '../i18n/index.ts'
import { deskDate, endDate } from './dates.ts'

/** What a code carries beyond its name: its own rate and its validity, as the partner and the desk read them. */
export interface CodeTerms {
  rateOverrideBps?: number
  validFrom?: Date
  validUntil?: Date
}

type Campaign = Extract<ProgramDefinition['commission'], { type: 'campaigns' }>['campaigns'][number]

/** What one campaign pays, in the partner's language: "10 % of each sale", "5,00 GEL per new customer". */
export function campaignCommission(t: Translate, language: string, campaign: Campaign, currency: string): string {
  if (campaign.kind === 'sale') {
    return t('campaigns.commission.sale', { rate: percentText(language, campaign.rateBps) })
  }
  return t(`campaigns.commission.${campaign.kind}`, { amount: amountText(language, campaign.amount, currency) })
}

/** A rate in basis points as a percentage in the reader's language (1250 -> `12.5%`, `12,5 %`). */
export const percentOf = (bps: number, language: string) => percentText(language, bps)

const midnight = (at: Date, timeZone: string) => {
  const p = localParts(at, timeZone)
  return p.hour === 0 && p.minute === 0 && p.second === 0 && at.getUTCMilliseconds() === 0
}

/**
 * The code's own rate and validity, one line each (none for a plain code), in the program's time zone. Validity on
 * whole days (what the desk's form sets) reads as days, the last one inclusive (`until` is exclusive: the day before
 * it); validity from or to another moment reads with its time and the zone it is in.
 */
export function codeTermLines(t: Translate, language: string, c: CodeTerms, timeZone: string, desk = false): string[] {
  // the desk reads every date with its zone; the partner reads whole days as the program's days, and a time with its
  // zone named as every partner text that shows a time does (`16:30 GMT+2`: a partner elsewhere must not read it as theirs)
  const format = (at: Date, withTime: boolean) =>
    desk
      ? deskDate(at, language, timeZone, { time: withTime })
      : withTime
        ? endDate(language, at, timeZone)
        : new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(at)
  const lines: string[] = []
  if (c.rateOverrideBps !== undefined)
    lines.push(t('codes.terms.rate', { rate: percentOf(c.rateOverrideBps, language) }))
  const days = [c.validFrom, c.validUntil].every((at) => !at || midnight(at, timeZone))
  const from = c.validFrom && format(c.validFrom, !days)
  const until = c.validUntil && format(days ? new Date(c.validUntil.getTime() - 1) : c.validUntil, !days)
  if (from && until) lines.push(t(days ? 'codes.terms.between' : 'codes.terms.between_time', { from, until }))
  else if (from) lines.push(t('codes.terms.from', { from }))
  else if (until) lines.push(t(days ? 'codes.terms.until' : 'codes.terms.until_time', { until }))
  return lines
}
