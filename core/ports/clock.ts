/**
 * The service's one source of time (contract section 5). Business rules never call `new Date()` or read the
 * database clock: they ask the injected Clock, so a shifted clock (tests, faketime) shifts every rule alike.
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that moves only when told to: tests, benchmarks and simulations walk it through weeks and months. */
export class ManualClock implements Clock {
  private ms: number
  constructor(start: Date | string) {
    this.ms = new Date(start).getTime()
    if (Number.isNaN(this.ms)) throw new RangeError(`invalid start time: ${String(start)}`)
  }
  now(): Date {
    return new Date(this.ms)
  }
  set(at: Date | string): void {
    const ms = new Date(at).getTime()
    if (Number.isNaN(ms)) throw new RangeError(`invalid time: ${String(at)}`)
    this.ms = ms
  }
  advance(ms: number): void {
    this.ms += ms
  }
}
