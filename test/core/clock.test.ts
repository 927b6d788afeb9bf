import { describe, expect, it } from 'vitest'
import { ManualClock, systemClock } from '../../core/ports/clock.ts'

describe('clock', () => {
  it('a manual clock moves only when told', () => {
    const clock = new ManualClock('2026-03-02T09:00:00Z')
    expect(clock.now().toISOString()).toBe('2026-03-02T09:00:00.000Z')
    clock.advance(24 * 3600 * 1000)
    expect(clock.now().toISOString()).toBe('2026-03-03T09:00:00.000Z')
    clock.set('2026-05-01T00:00:00+03:00')
    expect(clock.now().toISOString()).toBe('2026-04-30T21:00:00.000Z')
  })

  it('hands out copies, so callers cannot move it', () => {
    const clock = new ManualClock('2026-03-02T09:00:00Z')
    clock.now().setFullYear(2000)
    expect(clock.now().getUTCFullYear()).toBe(2026)
  })

  it('refuses invalid times', () => {
    expect(() => new ManualClock('not a date')).toThrow(RangeError)
    expect(() => new ManualClock('2026-01-01T00:00:00Z').set('31.02.2026')).toThrow(RangeError)
  })

  it('the system clock follows the process time', () => {
    const before = Date.now()
    const now = systemClock.now().getTime()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now - before).toBeLessThan(1000)
  })
})
