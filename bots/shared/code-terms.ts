import type { Translate } from '../i18n/index.ts'

/** What a code carries beyond its name: its own rate and its validity, as the partner and the desk read them. */
export interface CodeTerms {
  rateOverrideBps?: number
  validFrom?: Date
  validUntil?: Date
}

/** A rate in basis points as a percentage in the reader's language (1250 -> 12.5%). */
export const percentOf = (bps: number, language: string) =>
  `${new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(bps / 100)}%`

const day = (at: Date, language: string, timeZone: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(at)

/**
 * The code's own rate and validity, one line each (none for a plain code). `until` is exclusive: the last day shown
 * is the one before it ends, in the program's time zone.
 */
export function codeTermLines(t: Translate, language: string, c: CodeTerms, timeZone: string): string[] {
  const lines: string[] = []
  if (c.rateOverrideBps !== undefined)
    lines.push(t('codes.terms.rate', { rate: percentOf(c.rateOverrideBps, language) }))
  const from = c.validFrom && day(c.validFrom, language, timeZone)
  const until = c.validUntil && day(new Date(c.validUntil.getTime() - 1), language, timeZone)
  if (from && until) lines.push(t('codes.terms.between', { from, until }))
  else if (from) lines.push(t('codes.terms.from', { from }))
  else if (until) lines.push(t('codes.terms.until', { until }))
  return lines
}
