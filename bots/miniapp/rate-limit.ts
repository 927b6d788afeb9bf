import type { NextFunction, Request, Response } from 'express'
import type { Redis } from 'ioredis'
import { callerOf, Refusal } from './caller.ts'

/** Buckets kept at most (the least recently used one goes first): a full bucket forgotten is the same as a new one. */
const MAX_BUCKETS = 50_000

interface Bucket {
  burst: number
  perSecond: number
}

/**
 * A Telegram user's allowances: `calls`, every call to /app/api; `heavy`, the calls whose answer is costly to make
 * (a QR image, every line of a statement as CSV), taken by those routes themselves (heavyLimited) besides.
 */
export type Allowance = 'calls' | 'heavy'
/** Whether a Telegram user's call may take one of each of these allowances now: 0, else the seconds to wait. */
export type MiniAppLimit = (user: number, allowances: readonly Allowance[]) => Promise<number>

/** Each allowance's bucket number in its key (`<user>:<n>`). */
const SLOT: Record<Allowance, number> = { calls: 0, heavy: 1 }

/**
 * MINIAPP_RATE_LIMIT calls a minute per Telegram user (default 120): half of them at once, then one every
 * 60/limit seconds; the QR and CSV routes a tenth of that besides (by default 10 at once, then one every 5 s).
 */
function bucketsOf(perMinute: number, allowances: readonly Allowance[]): (Bucket & { slot: number })[] {
  const of: Record<Allowance, Bucket> = {
    calls: { burst: Math.max(1, Math.round(perMinute / 2)), perSecond: perMinute / 60 },
    heavy: { burst: Math.max(1, Math.round(perMinute / 12)), perSecond: perMinute / 600 },
  }
  return [...new Set(allowances)].map((a) => ({ ...of[a], slot: SLOT[a] }))
}

/** Tokens in a bucket last seen with `tokens` at `at`, refilled until `now`. */
const refilled = (b: Bucket, tokens: number, at: number, now: number) =>
  Math.min(b.burst, tokens + (Math.max(0, now - at) / 1000) * b.perSecond)
/** Whole seconds until a bucket holding `tokens` has one. */
const waitFor = (b: Bucket, tokens: number) => Math.max(1, Math.ceil((1 - tokens) / b.perSecond))

/** Token buckets in this process: a call takes one token of each of its buckets, or none when one is empty. */
export function localLimit(perMinute: number, now: () => number = Date.now): MiniAppLimit {
  const state = new Map<string, { tokens: number; at: number }>()
  return async (user, allowances) => {
    const t = now()
    const buckets = bucketsOf(perMinute, allowances).map((b) => {
      const key = `${user}:${b.slot}`
      const s = state.get(key)
      const tokens = s ? refilled(b, s.tokens, s.at, t) : b.burst
      return { b, key, tokens }
    })
    const wait = Math.max(0, ...buckets.filter((x) => x.tokens < 1).map((x) => waitFor(x.b, x.tokens)))
    for (const x of buckets) {
      state.delete(x.key)
      state.set(x.key, { tokens: wait ? x.tokens : x.tokens - 1, at: t })
    }
    while (state.size > MAX_BUCKETS) state.delete(state.keys().next().value!)
    return wait
  }
}

/**
 * The same buckets in Redis, one hash per user and bucket, so that every instance counts a partner's calls together.
 * KEYS: the buckets; ARGV: now (ms), then each bucket's burst and tokens a second. Answers the seconds to wait.
 */
const TAKE = `local now = tonumber(ARGV[1])
local wait = 0
local tokens = {}
for i, key in ipairs(KEYS) do
  local burst, rate = tonumber(ARGV[i * 2]), tonumber(ARGV[i * 2 + 1])
  local v = redis.call('HMGET', key, 't', 'at')
  local t, at = tonumber(v[1]) or burst, tonumber(v[2]) or now
  t = math.min(burst, t + math.max(0, now - at) / 1000 * rate)
  if t < 1 then wait = math.max(wait, math.max(1, math.ceil((1 - t) / rate))) end
  tokens[i] = t
end
for i, key in ipairs(KEYS) do
  local burst, rate = tonumber(ARGV[i * 2]), tonumber(ARGV[i * 2 + 1])
  local t = tokens[i]
  if wait == 0 then t = t - 1 end
  redis.call('HSET', key, 't', tostring(t), 'at', tostring(now))
  redis.call('PEXPIRE', key, math.ceil(burst / rate * 1000))
end
return wait`

/**
 * The buckets in Redis, shared by every instance; while Redis does not answer, this process's own buckets
 * (a partner then gets up to one allowance per instance, rather than none or no limit).
 */
export function redisLimit(
  redis: Redis,
  prefix: string,
  perMinute: number,
  onError: (err: unknown) => void = () => {},
): MiniAppLimit {
  const fallback = localLimit(perMinute)
  return async (user, allowances) => {
    const buckets = bucketsOf(perMinute, allowances)
    const keys = buckets.map((b) => `${prefix}${user}:${b.slot}`)
    const args = buckets.flatMap((b) => [b.burst, b.perSecond])
    try {
      return Number(await redis.eval(TAKE, keys.length, ...keys, Date.now(), ...args))
    } catch (err) {
      onError(err)
      return fallback(user, allowances)
    }
  }
}

/**
 * After the initData check: a call over the caller's allowance is a 429 with Retry-After, in the caller's words.
 * Mounted for every path (`calls`), and on the QR and CSV routes themselves (`heavy`, heavyLimited): the route is
 * whatever spelling express matched to it (any case, a trailing slash), so no spelling of the path escapes it.
 */
export function rateLimited(limit: MiniAppLimit, allowance: Allowance = 'calls') {
  return async (req: Request, res: Response, next: NextFunction) => {
    const wait = await limit(callerOf(res).user.id, [allowance])
    if (!wait) return next()
    res.set('retry-after', String(wait))
    req.log.info({ path: req.path, allowance, retryAfter: wait }, 'mini app: rate limited')
    throw new Refusal(429, 'rate_limited', 'miniapp.errors.rate_limited')
  }
}

/** The QR and CSV routes' stricter allowance, on the route itself, after every call's (rateLimited). */
export const heavyLimited = (limit: MiniAppLimit) => rateLimited(limit, 'heavy')
