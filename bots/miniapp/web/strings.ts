// The page's words in every language (locales/<lng>/app.json), put in the page by bots/miniapp/page.ts.
type Words = { [key: string]: string | Words }
const ALL = JSON.parse(document.getElementById('strings')?.textContent || '{}') as Record<string, Words>
const SUPPORTED = ['en', 'ru', 'kk', 'ka', 'lv']
let lang = 'en'

/** The language the page speaks. */
export const language = () => lang

/** An IETF tag (`ru`, `kk-KZ`) as a language the page speaks, else English. */
export function resolveLanguage(tag: string | null | undefined): string {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? ''
  return SUPPORTED.includes(base) ? base : 'en'
}

export function setLanguage(tag: string | null | undefined): void {
  lang = resolveLanguage(tag)
  document.documentElement.lang = lang
  document.title = t('title')
}

const find = (lng: string, key: string): string | undefined => {
  let o: string | Words | undefined = ALL[lng]
  for (const part of key.split('.')) o = o && typeof o === 'object' ? o[part] : undefined
  return typeof o === 'string' ? o : undefined
}

/**
 * A word of the page in its language (English when a translation is missing), `{{name}}` filled from `vars`
 * (numbers in the language's form). With a numeric `count` the key's plural form is taken (`key_one`, `key_few`...).
 */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  let k = key
  if (typeof vars.count === 'number') {
    const form = `${key}_${new Intl.PluralRules(lang).select(vars.count)}`
    k = find(lang, form) !== undefined ? form : `${key}_other`
  }
  const text = find(lang, k) ?? find('en', k) ?? key
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const v = vars[name]
    return v === undefined ? '' : typeof v === 'number' ? num(v) : v
  })
}

/** The word for an API code (a status, a kind), or the code itself when the page has none for it. */
export function word(group: string, code: string): string {
  const key = `${group}.${code}`
  return find(lang, key) ?? find('en', key) ?? code
}

/**
 * How each language writes numbers, as the bots write them (bots/i18n/format.ts, Node's full ICU): `1,234.50` (en),
 * `1 234,50` (ru, kk), `1234,50` and `12 345,50` (ka, lv: four digits stay ungrouped), no-break spaces, `12,5 %` (ru).
 * Spelled out here because the Chromium inside Telegram's Android and desktop apps carries trimmed locale data: its
 * Intl writes Kazakh numbers the English way and knows no Georgian at all.
 */
const NBSP = '\u00a0'
const NUMBERS: Record<string, { group: string; decimal: string; minGroup: number; percent: string }> = {
  en: { group: ',', decimal: '.', minGroup: 1, percent: '%' },
  ru: { group: NBSP, decimal: ',', minGroup: 1, percent: `${NBSP}%` },
  kk: { group: NBSP, decimal: ',', minGroup: 1, percent: '%' },
  ka: { group: NBSP, decimal: ',', minGroup: 2, percent: '%' },
  lv: { group: NBSP, decimal: ',', minGroup: 2, percent: '%' },
}

/** A decimal string ("-1234567.50") in the language's form (`-1 234 567,50`); anything else as it came. */
export function decimal(value: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim())
  if (!m) return value
  const f = NUMBERS[lang] ?? NUMBERS.en!
  const whole = m[2]!
  const grouped = whole.length < 3 + f.minGroup ? whole : whole.replace(/\B(?=(\d{3})+$)/g, f.group)
  return `${m[1]}${grouped}${m[3] ? `${f.decimal}${m[3]}` : ''}`
}

/** A count in the language's form: `1,234` (en), `1 234` (ru). */
export const num = (n: number) => decimal(String(Math.trunc(n)))

/** An amount as the bots write it in the language: `1,234.50 USD` (en), `1 234,50 USD` (ru, kk, ka, lv). */
export const money = (amount: string, currency: string) => `${decimal(amount)} ${currency}`

/** An API amount ("0.00", "-0.00") that is nothing, read from its decimal string (never through a float). */
export const isZero = (amount: string) => /^-?0+(\.0+)?$/.test(amount)

/** A percent string of the API ("12.50") as the language writes a rate (`12.5%`, `12,5 %`); none: a dash. */
export function rate(percent: string | null): string {
  if (percent === null || !/^-?\d+(\.\d+)?$/.test(percent)) return '—'
  const short = Number(percent)
    .toFixed(2)
    .replace(/\.?0+$/, '')
  return `${decimal(short)}${(NUMBERS[lang] ?? NUMBERS.en!).percent}`
}

/**
 * Kazakh and Georgian dates as people there write them by hand, `08.03.2026`: the trimmed Chromium of Telegram's
 * apps writes Kazakh month names as "M03" and has no Georgian ones.
 */
const NUMERIC_DATES = new Set(['kk', 'ka'])
function numericDate(d: Date, timeZone: string, withYear: boolean): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  )
  return withYear ? `${parts.day}.${parts.month}.${parts.year}` : `${parts.day}.${parts.month}`
}

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s)
const dayAsUtc = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d))
}

/**
 * A local date of the program ("2026-03-06") or a moment (ISO), as a date in the language, in the program's zone,
 * the month in full (the glossary allows no abbreviation): `March 6, 2026`, `6 марта 2026 г.`, `06.03.2026`.
 */
export function date(value: string, timeZone: string): string {
  const d = isDay(value) ? dayAsUtc(value) : new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const zone = isDay(value) ? 'UTC' : timeZone
  if (NUMERIC_DATES.has(lang)) return numericDate(d, zone, true)
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: zone }).format(d)
}

const dayMonth = (value: string, month: 'short' | 'long') =>
  NUMERIC_DATES.has(lang)
    ? numericDate(dayAsUtc(value), 'UTC', false)
    : new Intl.DateTimeFormat(lang, { day: 'numeric', month, timeZone: 'UTC' }).format(dayAsUtc(value))

/** A local date, short, for a chart's axis only, where a few letters must do: `Mar 6`, `6 мар.`, `06.03`. */
export const shortDay = (value: string) => dayMonth(value, 'short')

/** A local date without its year, for a text (a table's row, a bar's title): `March 6`, `6 марта`, `06.03`. */
export const dayText = (value: string) => dayMonth(value, 'long')

/** A local date plus n days ("2026-03-06", -6 -> "2026-02-28"). */
export function addDays(day: string, n: number): string {
  const d = dayAsUtc(day)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** Days from one local date to another. */
export const daysBetween = (from: string, to: string) =>
  Math.round((dayAsUtc(to).getTime() - dayAsUtc(from).getTime()) / 86_400_000)
