import { amountText } from '../../i18n/format.ts'

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

/** A count in the language's form: `1,234` (en), `1 234` (ru). */
export const num = (n: number) => new Intl.NumberFormat(lang).format(n)

/** An amount as the bot writes it in the language: `1,234.50 USD` (en), `1 234,50 USD` (ru, kk, ka, lv). */
export const money = (amount: string, currency: string) => amountText(lang, amount, currency)

/** A percent string of the API ("12.50") as the language writes a rate (`12.5%`, `12,5 %`); none: a dash. */
export function rate(percent: string | null): string {
  if (percent === null || !Number.isFinite(Number(percent))) return '—'
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 2 }).format(Number(percent) / 100)
}

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s)
const dayAsUtc = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d))
}

/**
 * A local date of the program ("2026-03-06") or a moment (ISO), as a date in the language, in the program's zone:
 * `Mar 6, 2026`, `6 мар. 2026 г.`.
 */
export function date(value: string, timeZone: string): string {
  if (isDay(value))
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(dayAsUtc(value))
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone }).format(d)
}

/** A local date, short, for a chart's axis: `Mar 6`, `6 мар.`. */
export const shortDay = (value: string) =>
  new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(dayAsUtc(value))

/** A local date plus n days ("2026-03-06", -6 -> "2026-02-28"). */
export function addDays(day: string, n: number): string {
  const d = dayAsUtc(day)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** Days from one local date to another. */
export const daysBetween = (from: string, to: string) =>
  Math.round((dayAsUtc(to).getTime() - dayAsUtc(from).getTime()) / 86_400_000)
