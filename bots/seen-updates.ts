import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'

// Shared by the chat transports (Telegram update ids, Slack event ids): neither imports the other.

/** Remembers update ids: true the first time an id is seen. */
export type SeenUpdates = ((id: number | string) => Promise<boolean>) & {
  /** Lets an id be handled again (its handling failed and the sender will retry). */
  forget?: (id: number | string) => Promise<void>
  /** The id's handling finished: a redelivery is a duplicate from now on, whoever receives it. */
  done?: (id: number | string) => Promise<void>
  /** Stops what keeps the claims alive (an instance's heartbeat). */
  stop?: () => Promise<void>
}

/** Claims an update id for this instance, or takes over one claimed by an instance that is no longer alive. */
const CLAIM = `local v = redis.call('GET', KEYS[1])
if not v then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3]) return 1 end
if v == 'done' then return 0 end
local owner = string.sub(v, 9)
if owner ~= ARGV[2] and redis.call('EXISTS', ARGV[4] .. owner) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3]) return 1
end
return 0`

/**
 * Telegram's update ids, claimed while handled and marked done after: a webhook update is redelivered when its
 * handling never finished (a crash, a stop that cut it off), and the redelivery is then handled, not dropped; one
 * handled already is dropped for an hour. A claim names its instance, which keeps a heartbeat key alive while it
 * runs: an update claimed by an instance that died is taken over; one another live instance is handling is not.
 */
export function redisUpdateClaims(redis: Redis, prefix: string, heartbeatMs = 2000): SeenUpdates {
  const instance = randomUUID()
  const alive = `${prefix}alive:`
  const beat = () =>
    redis.set(`${alive}${instance}`, '1', 'PX', heartbeatMs * 3).catch(() => {
      // Redis down: the claims are not checked either meanwhile
    })
  void beat()
  const timer = setInterval(beat, heartbeatMs)
  timer.unref()
  const claims: SeenUpdates = async (id) =>
    (await redis.eval(CLAIM, 1, `${prefix}${id}`, `pending:${instance}`, instance, 3600, alive)) === 1
  claims.done = async (id) => void (await redis.set(`${prefix}${id}`, 'done', 'EX', 3600))
  claims.forget = async (id) => void (await redis.del(`${prefix}${id}`))
  claims.stop = async () => {
    clearInterval(timer)
    await redis.del(`${alive}${instance}`).catch(() => {})
  }
  return claims
}

/**
 * In Redis, for an hour: Telegram redelivers an unanswered webhook update within minutes, and polling repeats one
 * only after a crash. An hour at 200 updates/s is ~720k small keys.
 */
export function redisSeenUpdates(redis: Redis, prefix: string): SeenUpdates {
  const seen: SeenUpdates = async (id) => (await redis.set(`${prefix}${id}`, '1', 'EX', 3600, 'NX')) === 'OK'
  seen.forget = async (id) => void (await redis.del(`${prefix}${id}`))
  return seen
}

/** In memory, the last `size` ids (tests, and a fallback). */
export function memorySeenUpdates(size = 10_000): SeenUpdates {
  const seen = new Set<number | string>()
  const first: SeenUpdates = async (id) => {
    if (seen.has(id)) return false
    seen.add(id)
    if (seen.size > size) seen.delete(seen.values().next().value!)
    return true
  }
  first.forget = async (id) => void seen.delete(id)
  return first
}

/**
 * One key per form for presses of the same button close together: a double click opens two Slack modals, and both
 * carry the key the first press made, so submitting both does the thing once (the key is the write's
 * Idempotency-Key). Presses further apart than `seconds` get a new key, and so does a press after a form with the
 * key was submitted (`release`): a second bonus is a new bonus.
 */
export type PressKeys = ((scope: string) => Promise<string>) & {
  /** The form with this key was submitted: the next press of its button opens a form with a new key. */
  release: (key: string) => Promise<void>
}

/** Deletes the scope's key if it is still this one, and the key's way back to its scope. */
const RELEASE = `local scope = redis.call('GET', KEYS[1])
if scope then
  if redis.call('GET', ARGV[1] .. scope) == ARGV[2] then redis.call('DEL', ARGV[1] .. scope) end
  redis.call('DEL', KEYS[1])
end
return 0`

export function redisPressKeys(redis: Redis, prefix: string, seconds = 15): PressKeys {
  const keys: PressKeys = Object.assign(
    async (scope: string) => {
      const key = `${prefix}${scope}`
      const mine = randomUUID()
      try {
        const set = await redis.set(key, mine, 'EX', seconds, 'NX')
        if (set === 'OK') {
          await redis.set(`${prefix}key:${mine}`, scope, 'EX', seconds)
          return mine
        }
        return (await redis.get(key)) ?? mine
      } catch {
        // Redis down: the form still opens, with a key of its own (one form submitted twice is still one write)
        return mine
      }
    },
    {
      release: async (key: string) => {
        // the key expires on its own anyway: Redis down only leaves a double click's window as it was
        await redis.eval(RELEASE, 1, `${prefix}key:${key}`, prefix, key).catch(() => {})
      },
    },
  )
  return keys
}

/** In memory (tests, one instance): the same, with a clock to compare. */
export function memoryPressKeys(seconds = 15, now = () => Date.now()): PressKeys {
  const keys = new Map<string, { key: string; until: number }>()
  return Object.assign(
    async (scope: string) => {
      const at = now()
      for (const [k, v] of keys) if (v.until <= at) keys.delete(k)
      const held = keys.get(scope)
      if (held) return held.key
      const key = randomUUID()
      keys.set(scope, { key, until: at + seconds * 1000 })
      return key
    },
    {
      release: async (key: string) => {
        for (const [scope, v] of keys) if (v.key === key) keys.delete(scope)
      },
    },
  )
}
