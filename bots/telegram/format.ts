import { type DomainError, isDomainError } from '../../core/domain/errors.ts'
import type { Translate } from '../i18n/index.ts'
import { reasonText } from '../shared/reasons.ts'

/** An amount as partners read it in every language: `120.00 USD`. */
export const amount = (value: string, currency: string) => `${value} ${currency}`

/** A date in the partner's language and the program's time zone: `10 марта 2026 г.` */
export const longDate = (iso: string | Date, language: string, timeZone: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(new Date(iso))

/**
 * A refusal from core in the partner's language, or undefined when the error is not one a partner can act on.
 * Amounts in refusals are decimal strings; `currency` names their currency.
 */
export function refusalText(t: Translate, language: string, timeZone: string, e: unknown): string | undefined {
  if (!isDomainError(e) || !e.code.startsWith('payout.')) return undefined
  const key = `payout.refused.${e.code.slice('payout.'.length)}`
  const data = fill(t, e, language, timeZone)
  const text = t(key as 'payout.refused.below_minimum', { ...data, defaultValue: '' })
  return text || undefined
}

function fill(t: Translate, e: DomainError, language: string, timeZone: string): Record<string, string | number> {
  const d = e.data as Record<string, unknown>
  const currency = typeof d.currency === 'string' ? d.currency : ''
  const out: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'number') out[k] = v
    else if (typeof v !== 'string') continue
    else if (k === 'until') out[k] = longDate(v, language, timeZone)
    else if (k === 'reason') out[k] = reasonText(t, v)
    else if (/^-?\d+\.\d+$/.test(v) && currency) out[k] = amount(v, currency)
    else out[k] = v
  }
  return out
}
