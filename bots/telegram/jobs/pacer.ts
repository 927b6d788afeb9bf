import type { Redis } from 'ioredis'

/**
 * Spaces Telegram sends at a rate, and stops every send while a retry_after runs: one 429 pauses all of them
 * instead of each call finding out for itself.
 */
export interface SendPacer {
  /** Resolves when the next send may go. */
  take(): Promise<void>
  /** Telegram asked to wait `ms` (a 429's retry_after): every send waits. */
  pause(ms: number): Promise<void>
}

/** A pacer for a broadcast at `ratePerSecond` messages a second; `lane` keeps paid broadcasts apart. */
export type Pacers = (ratePerSecond: number, lane: 'free' | 'paid') => SendPacer

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A sender woken late takes a new slot at most this many times in a row (then it sends: never starved). */
const MAX_RETAKES = 3

/** In this process only: the rate holds for one instance's pumps (tests, and no Redis). */
export function localPacers(): Pacers {
  const lanes = new Map<string, { next: number; pausedUntil: number }>()
  return (rate, lane) => {
    const state = lanes.get(lane) ?? { next: 0, pausedUntil: 0 }
    lanes.set(lane, state)
    const spacing = 1000 / rate
    return {
      async pause(ms) {
        state.pausedUntil = Math.max(state.pausedUntil, Date.now() + ms)
      },
      async take() {
        for (let retakes = 0; ; ) {
          const now = Date.now()
          if (state.pausedUntil > now) {
            await sleep(state.pausedUntil - now)
            continue
          }
          const at = Math.max(now, state.next)
          state.next = at + spacing
          if (at > now) await sleep(at - now)
          if (state.pausedUntil > Date.now()) continue
          if (Date.now() - at > spacing && retakes++ < MAX_RETAKES) continue
          return
        }
      },
    }
  }
}

/**
 * Takes the next send's slot, on Redis's clock (instances' clocks may differ): KEYS[1] the lane's next free slot,
 * KEYS[2] its pause; ARGV[1] the spacing in microseconds. Returns {0, wait}: the slot is taken, send after `wait`
 * microseconds; {1, wait}: the lane is paused for `wait` more microseconds, ask again then.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return {1, paused - now} end
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], string.format('%.0f', at + tonumber(ARGV[1])), 'PX', 60000)
return {0, at - now}`

/** Pauses the lane until now + ARGV[1] microseconds, unless it is paused longer already. */
const PAUSE = `
local t = redis.call('TIME')
local untilUs = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[1]) or '0') < untilUs then
  redis.call('SET', KEYS[1], string.format('%.0f', untilUs), 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
end
return 1`

type PacerRedis = Redis & {
  paTakeSlot(next: string, paused: string, spacingUs: number): Promise<[number, number]>
  paPause(paused: string, us: number): Promise<number>
}

/**
 * Shared by every instance on one Redis: the broadcasts of all instances together stay within the rate (one slot
 * per send, handed out in order by a script), and a 429 any of them gets pauses all of them.
 */
export function redisPacers(redis: Redis, prefix: string): Pacers {
  const r = redis as PacerRedis
  if (!r.paTakeSlot) {
    r.defineCommand('paTakeSlot', { numberOfKeys: 2, lua: TAKE })
    r.defineCommand('paPause', { numberOfKeys: 1, lua: PAUSE })
  }
  return (rate, lane) => {
    const next = `${prefix}:pace:${lane}:next`
    const paused = `${prefix}:pace:${lane}:paused`
    const spacingUs = Math.round(1_000_000 / rate)
    // a pause this process asked for, on its own clock: a sender whose slot was handed out before it does not send
    // when its slot comes (Telegram would answer another 429), but asks again
    let pausedUntil = 0
    return {
      async pause(ms) {
        pausedUntil = Math.max(pausedUntil, performance.now() + ms)
        await r.paPause(paused, Math.round(ms * 1000))
      },
      async take() {
        for (let retakes = 0; ; ) {
          const asked = performance.now()
          const [kind, waitUs] = await r.paTakeSlot(next, paused, spacingUs)
          const due = asked + waitUs / 1000
          if (waitUs > 0) await sleep(waitUs / 1000)
          if (kind !== 0) continue
          if (pausedUntil > performance.now()) {
            await sleep(pausedUntil - performance.now())
            continue
          }
          // woken well after the slot (a busy event loop): the slots of the senders woken with it have passed too,
          // and sending now would put them all in one burst; a new slot keeps the spacing as Telegram sees it
          if (performance.now() - due > spacingUs / 1000 && retakes++ < MAX_RETAKES) continue
          return
        }
      },
    }
  }
}
