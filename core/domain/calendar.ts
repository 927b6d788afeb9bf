/**
 * Calendar arithmetic in a program's time zone, on the service clock's instants. "The 25th", "Tuesday",
 * "3 calendar months", "2 business days" all mean the program's local calendar, not UTC's.
 */

export interface LocalDate {
  year: number
  month: number // 1-12
  day: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string) {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Local wall-clock parts of an instant in a time zone. */
export function localParts(at: Date, timeZone: string) {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value)
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  }
}

export const localDate = (at: Date, timeZone: string): LocalDate => {
  const { year, month, day } = localParts(at, timeZone)
  return { year, month, day }
}

/** The instant of local midnight at the start of a local date (DST-safe). */
export function startOfLocalDate(d: LocalDate, timeZone: string): Date {
  const guess = Date.UTC(d.year, d.month - 1, d.day)
  let t = guess
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(t), timeZone)
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
    const offset = asUtc - t
    const next = guess - offset
    if (next === t) break
    t = next
  }
  return new Date(t)
}

const dayBounds = new Map<string, { from: number; until: number; iso: string }>()
/**
 * The local date (YYYY-MM-DD) of an instant in a time zone, as isoDate(localDate(...)), for hot paths that ask about
 * instants close together (every click's "now"): the local day's bounds are kept per zone, so another instant of
 * the same day costs two comparisons instead of formatting it.
 */
export function isoDayIn(at: Date, timeZone: string): string {
  const t = at.getTime()
  const known = dayBounds.get(timeZone)
  if (known && t >= known.from && t < known.until) return known.iso
  const d = localDate(at, timeZone)
  const day = {
    from: startOfLocalDate(d, timeZone).getTime(),
    until: startOfLocalDate(addDays(d, 1), timeZone).getTime(),
    iso: isoDate(d),
  }
  dayBounds.set(timeZone, day)
  return day.iso
}

/** A local date moved by whole days (calendar arithmetic, no time zone involved). */
export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n))
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }
}

/** Day of week, 1 = Monday ... 7 = Sunday. */
export function weekday(d: LocalDate): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()
  return w === 0 ? 7 : w
}

export const isoDate = (d: LocalDate) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`

/** Adds calendar months; a day that does not exist in the target month becomes its last day. */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const index = d.year * 12 + (d.month - 1) + n
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { year, month, day: Math.min(d.day, last) }
}

export function startOfLocalMonth(at: Date, timeZone: string): Date {
  const d = localDate(at, timeZone)
  return startOfLocalDate({ ...d, day: 1 }, timeZone)
}

/** Monday 00:00 local of the week containing `at`. */
export function startOfLocalWeek(at: Date, timeZone: string): Date {
  const d = localDate(at, timeZone)
  return startOfLocalDate(addDays(d, 1 - weekday(d)), timeZone)
}

/** The start of the next local Monday: a week is 7 local days, 167 or 169 hours across a clock change, not 168. */
export function startOfNextLocalWeek(at: Date, timeZone: string): Date {
  const d = localDate(at, timeZone)
  return startOfLocalDate(addDays(d, 8 - weekday(d)), timeZone)
}

function isBusinessDay(d: LocalDate, holidays: readonly string[]): boolean {
  return weekday(d) <= 5 && !holidays.includes(isoDate(d))
}

/** The local date `n` business days (Monday-Friday, minus holidays) after the date of `at`. */
export function addBusinessDays(at: Date, n: number, timeZone: string, holidays: readonly string[] = []): LocalDate {
  let d = localDate(at, timeZone)
  let left = n
  while (left > 0) {
    d = addDays(d, 1)
    if (isBusinessDay(d, holidays)) left--
  }
  return d
}

/** The first local date on or after `from` (exclusive of `from` itself when `strict`) that is the given weekday. */
export function nextWeekday(from: LocalDate, wd: number, strict = true): LocalDate {
  let d = strict ? addDays(from, 1) : from
  while (weekday(d) !== wd) d = addDays(d, 1)
  return d
}

/** The next local date with day-of-month `day`, strictly after `from`'s date unless `inclusive`. */
export function nextMonthDay(from: LocalDate, day: number, inclusive = false): LocalDate {
  if (from.day < day || (inclusive && from.day === day)) return { ...from, day }
  return { ...addMonths({ ...from, day: 1 }, 1), day }
}

/** A calendar day written YYYY-MM-DD, or undefined for anything else (2026-02-30 among them). */
export function readDay(s: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return undefined
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
  const check = new Date(Date.UTC(d.year, d.month - 1, d.day))
  return check.getUTCMonth() === d.month - 1 && check.getUTCDate() === d.day ? d : undefined
}

/** The last moment (millisecond) of a local day in a time zone. */
export const endOfLocalDate = (d: LocalDate, timeZone: string) =>
  new Date(startOfLocalDate(addDays(d, 1), timeZone).getTime() - 1)
