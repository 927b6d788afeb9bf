import { describe, expect, it } from 'vitest'
import {
  addBusinessDays,
  addMonths,
  isoDate,
  isoDayIn,
  localDate,
  nextMonthDay,
  nextWeekday,
  startOfLocalDate,
  startOfLocalWeek,
  startOfNextLocalWeek,
  weekday,
} from '../../core/domain/calendar.ts'

describe('calendar in a program time zone', () => {
  it('reads local dates across the date line of the zone', () => {
    const at = new Date('2026-03-01T21:30:00Z') // 1 Mar 23:30 in Kyiv (UTC+2), 2 Mar 01:30 in Tbilisi (UTC+4)
    expect(isoDate(localDate(at, 'Europe/Kyiv'))).toBe('2026-03-01')
    expect(isoDate(localDate(at, 'Asia/Tbilisi'))).toBe('2026-03-02')
  })

  it('finds local midnight, through daylight-saving changes', () => {
    expect(startOfLocalDate({ year: 2026, month: 3, day: 29 }, 'Europe/Kyiv').toISOString()).toBe(
      '2026-03-28T22:00:00.000Z',
    )
    expect(startOfLocalDate({ year: 2026, month: 3, day: 30 }, 'Europe/Kyiv').toISOString()).toBe(
      '2026-03-29T21:00:00.000Z',
    )
    expect(startOfLocalDate({ year: 2026, month: 3, day: 25 }, 'Asia/Tbilisi').toISOString()).toBe(
      '2026-03-24T20:00:00.000Z',
    )
  })

  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths({ year: 2026, month: 1, day: 10 }, 3)).toEqual({ year: 2026, month: 4, day: 10 })
    expect(addMonths({ year: 2026, month: 1, day: 31 }, 1)).toEqual({ year: 2026, month: 2, day: 28 })
    expect(addMonths({ year: 2026, month: 11, day: 15 }, 3)).toEqual({ year: 2027, month: 2, day: 15 })
  })

  it('counts business days: a Friday request is due the next Tuesday (programs.md example 3)', () => {
    const friday = new Date('2026-03-06T12:00:00Z')
    expect(weekday(localDate(friday, 'Europe/Kyiv'))).toBe(5)
    expect(isoDate(addBusinessDays(friday, 2, 'Europe/Kyiv'))).toBe('2026-03-10')
    expect(isoDate(addBusinessDays(friday, 2, 'Europe/Kyiv', ['2026-03-09']))).toBe('2026-03-11')
  })

  it('finds weeks, weekdays and month days', () => {
    expect(startOfLocalWeek(new Date('2026-03-08T23:59:00Z'), 'UTC').toISOString()).toBe('2026-03-02T00:00:00.000Z')
    expect(isoDate(nextWeekday({ year: 2026, month: 3, day: 9 }, 2))).toBe('2026-03-10') // Monday -> Tuesday
    expect(isoDate(nextWeekday({ year: 2026, month: 3, day: 10 }, 2))).toBe('2026-03-17') // strictly after
    expect(isoDate(nextMonthDay({ year: 2026, month: 3, day: 1 }, 25))).toBe('2026-03-25')
    expect(isoDate(nextMonthDay({ year: 2026, month: 3, day: 25 }, 25))).toBe('2026-04-25')
    expect(isoDate(nextMonthDay({ year: 2026, month: 3, day: 25 }, 25, true))).toBe('2026-03-25')
  })

  it("a week's end is the next local Monday, across the clocks going forward and back (melbet's week in Riga)", () => {
    const next = (at: string, tz: string) => startOfNextLocalWeek(new Date(at), tz).toISOString()
    // Wednesday 24 March 2027; the clocks go forward on Sunday 28 March: Monday 29 March starts at 21:00 UTC (EEST)
    expect(next('2027-03-24T10:00:00Z', 'Europe/Riga')).toBe('2027-03-28T21:00:00.000Z')
    // the week the clocks go back (31 October 2027): Monday 1 November starts at 22:00 UTC (EET)
    expect(next('2027-10-27T10:00:00Z', 'Europe/Riga')).toBe('2027-10-31T22:00:00.000Z')
    // Sunday late in the week, Monday itself, and UTC
    expect(next('2027-03-28T20:59:59Z', 'Europe/Riga')).toBe('2027-03-28T21:00:00.000Z')
    expect(next('2027-03-28T21:00:00Z', 'Europe/Riga')).toBe('2027-04-04T21:00:00.000Z')
    expect(next('2026-03-08T23:59:00Z', 'UTC')).toBe('2026-03-09T00:00:00.000Z')
  })
})

describe('isoDayIn (the local day, its bounds kept per zone)', () => {
  it('answers as isoDate(localDate()) hour by hour across DST changes and midnights, forwards and back', () => {
    for (const zone of ['Europe/Riga', 'America/Sao_Paulo', 'Asia/Tbilisi', 'UTC', 'Australia/Lord_Howe']) {
      const start = Date.UTC(2026, 2, 26)
      const instants = Array.from({ length: 24 * 12 }, (_, i) => start + i * 17 * 60_000 * 7)
      for (const t of [...instants, ...instants.reverse()]) {
        expect(isoDayIn(new Date(t), zone)).toBe(isoDate(localDate(new Date(t), zone)))
      }
    }
  })
})
