import { longDate } from '../i18n/format.ts'

/** A local date (YYYY-MM-DD, a program's calendar day) as a reader of `language` writes it. */
export const localDateText = (language: string, day: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`))

/**
 * A date on the Slack desk, always with the zone it is read in (the program's, or UTC where none applies), the month
 * written out as the partner's texts do (the glossary allows no abbreviation: not `6 მარ. 2026`, `6 мар. 2026 г.`):
 * `March 25, 2026 (Asia/Tbilisi)`, `25 მარტი, 2026 (Asia/Tbilisi)`, with `time` `March 25, 2026 at 10:00 AM
 * (Asia/Tbilisi)`. The one function every desk card and message uses.
 */
export function deskDate(at: string | Date, language: string, timeZone: string, opts: { time?: boolean } = {}): string {
  const text = new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    ...(opts.time ? { timeStyle: 'short' } : {}),
    timeZone,
  }).format(typeof at === 'string' ? new Date(at) : at)
  return `${text} (${timeZone})`
}

/**
 * The date of a terms version wherever a partner or the desk reads it: its effective moment as a day in the
 * program's zone, in the long form (`25 марта 2026 г.`). The desk adds the zone (`termsDeskDate`).
 */
export const termsDate = (effectiveAt: string | Date, language: string, timeZone: string) =>
  longDate(effectiveAt, language, timeZone)

/** A terms version's date on the desk: the partner's date and the zone it is a day in. */
export const termsDeskDate = (effectiveAt: string | Date, language: string, timeZone: string) =>
  deskDate(effectiveAt, language, timeZone)

/**
 * When an agreement ends (an ending, a leaving, an objection that ends it), as the partner reads it: the moment in
 * the program's time zone with the zone named, as a 24-hour notice needs the hour. The desk reads it as `deskEndDate`.
 * The zone is its offset (`GMT+2`) in every language: `short` names it `EET` in kk and lv but `GMT+2` in ru and ka;
 * UTC stays `UTC` (`shortOffset` would write `GMT+0`).
 */
export const endDate = (language: string, at: Date, timeZone: string) =>
  new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: timeZone === 'UTC' ? 'short' : 'shortOffset',
  }).format(at)

/** When an agreement ends, on the desk: the day and the hour in the program's zone, the zone named as every desk date. */
export const deskEndDate = (language: string, at: Date, timeZone: string) =>
  deskDate(at, language, timeZone, { time: true })

/** A program's calendar day (YYYY-MM-DD) on the desk, with the zone it is a day in: `March 25, 2026 (Asia/Tbilisi)`. */
export const deskDay = (language: string, day: string, timeZone: string) =>
  `${localDateText(language, day)} (${timeZone})`

/** A calendar month with its year, standing on its own (`May 2026`, `май 2026 г.`): in the program's time zone. */
export const monthText = (at: Date, language: string, timeZone: string) =>
  new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone }).format(at)
