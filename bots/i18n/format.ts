import { formatMoney, type Money, parseMoney } from '../../core/domain/money.ts'

/**
 * Numbers, money, rates and dates as a reader of each language writes them, for every human-readable text of both
 * bots (core and the API keep the machine form "1234567.50"). Intl reads decimal strings exactly (no float on the
 * way): ru/kk/ka/lv `1 234 567,50 USD`, en `1,234,567.50 USD`; rates `12,5 %` (ru), `12.5%` (en).
 */

/**
 * A decimal string formatted exactly (Intl.NumberFormat reads strings as decimals since ES2023; the bundled
 * typings only name numbers).
 */
const formatDecimal = (f: Intl.NumberFormat, value: string) => (f.format as unknown as (v: string) => string)(value)

const cache = new Map<string, Intl.NumberFormat>()
const numberFormat = (language: string, options: Intl.NumberFormatOptions) => {
  const key = `${language}|${JSON.stringify(options)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.NumberFormat(language, options)
    cache.set(key, f)
  }
  return f
}

/** The amount's own decimals: the currency's (a known one), else as many as the string has. */
function canonical(value: string, currency: string): string {
  try {
    return formatMoney(parseMoney(value, currency))
  } catch {
    return value
  }
}

/**
 * An amount (the contract's decimal string in major units) and its currency code as the reader's language writes
 * it: `1,234,567.50 USD` (en), `1 234 567,50 USD` (ru, kk, ka, lv; Intl groups with no-break spaces, and ka/lv leave
 * four digits ungrouped). Something that is not a decimal is shown as it came.
 */
export const amountText = (language: string, value: string, currency: string): string =>
  `${decimalText(language, value, currency)} ${currency}`

/**
 * Just the number of an amount in the reader's form, with the currency's decimals (`1 234,50`), for a line that
 * names the currency once ("USD: available 15,00 · pending 0,00").
 */
export function decimalText(language: string, value: string, currency: string): string {
  const exact = canonical(value.trim(), currency)
  if (!/^-?\d+(\.\d+)?$/.test(exact)) return value
  const digits = exact.split('.')[1]?.length ?? 0
  const f = numberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits })
  return formatDecimal(f, exact)
}

/** Minor units (core's Money) as the reader writes the amount: `1 234,50 USD`. */
export const minorText = (language: string, m: Money): string => amountText(language, formatMoney(m), m.currency)

/** Just the number of an amount in the reader's form, no currency (a chart's axis): `1 234,50`. */
export const amountNumber = (language: string, m: Money): string => decimalText(language, formatMoney(m), m.currency)

/** Basis points as the exact decimal fraction they are ("0.125" for 1250), integers only. */
function bpsFraction(bps: number): string {
  const digits = String(Math.abs(Math.trunc(bps))).padStart(5, '0')
  return `${bps < 0 ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`
}

/** A rate in basis points as a percentage in the reader's language: 1250 -> `12.5%` (en), `12,5 %` (ru), `12,5%` (lv). */
export const percentText = (language: string, bps: number): string =>
  formatDecimal(numberFormat(language, { style: 'percent', maximumFractionDigits: 2 }), bpsFraction(bps))

/** Spaces people and Intl put between thousands: space, no-break, narrow no-break, thin. */
const SPACES = /[\s\u00a0\u202f\u2009]+/g
/** How each language writes a number it reads: thousands grouped in threes by its separators, and its decimal mark. */
const EN = [/^(\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:\.(\d+))?$/, /^(\d+),(\d{1,2})$/]
const SPACE_GROUPED = [/^(\d{1,3}(?: \d{3})+|\d+)(?:[.,](\d+))?$/]

/**
 * A typed amount read in the reader's language, as the contract's decimal string ("1234.50", "-10"), or undefined
 * when it is not a number. Every language takes an optional sign (`+`, `-`, `−`) and thousands grouped in threes;
 * en groups with commas or spaces and marks decimals with a point (`1,234.50`; `12,5` with one or two digits after
 * the comma is read as a decimal comma); ru, kk, ka and lv group with spaces (no-break ones too, as Intl writes
 * them) and mark decimals with a comma or a point (`1 234,50`, `1234.50`). Whether the currency allows that many
 * decimals is core's to say (money.too_precise).
 */
export function readAmount(language: string, text: string): string | undefined {
  let s = text.replace(SPACES, ' ').trim().replace(/^[−–]/, '-')
  const sign = s.startsWith('-') ? '-' : ''
  if (/^[+-]/.test(s)) s = s.slice(1).trimStart()
  const m = (language === 'en' ? EN : SPACE_GROUPED).map((re) => re.exec(s)).find(Boolean)
  if (!m) return undefined
  const whole = m[1]!.replace(/[, ]/g, '')
  const frac = m[2]
  if (whole.length > 15 || (frac && frac.length > 12)) return undefined
  const value = `${sign}${whole}${frac !== undefined ? `.${frac}` : ''}`
  return sign && !/[1-9]/.test(value) ? undefined : value
}

/** A moment as a date in the reader's language and zone: `10 марта 2026 г.`, `2026. gada 10. marts`. */
export const longDate = (iso: string | Date, language: string, timeZone: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(new Date(iso))

/**
 * Local dates (YYYY-MM-DD, both included) as the reader's language writes a range of days, the month in full (the
 * glossary allows no abbreviation): the month once when both days are in it, the years only when they differ
 * (`March 14 – 20`, `14–20 марта`, `14.–20. marts`, `19 февраля – 20 марта`, `December 7, 2025 – January 5, 2026`),
 * with the spaces Intl puts around the dash. Each day is read at its midday UTC, so it stays that day; a day is never
 * zero-padded, and Georgian's year follows its month after a comma as in a single date (ICU's range across years
 * writes `07 დეკემბერი. 2025`).
 */
export const dayRange = (language: string, from: string, to: string): string =>
  new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', timeZone: 'UTC' })
    .formatRangeToParts(new Date(`${from}T12:00:00Z`), new Date(`${to}T12:00:00Z`))
    .map((p, i, parts) => {
      if (p.type === 'day') return p.value.replace(/^0(?=\d)/, '')
      if (p.type === 'literal' && parts[i - 1]?.type === 'month') return p.value.replace(/^\.(?= )/, ',')
      return p.value
    })
    .join('')
