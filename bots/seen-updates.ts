import type { Redis } from 'ioredis'

// Shared by the chat transports (Telegram update ids, Slack event ids): neither imports the other.

/** Remembers update ids: true the first time an id is seen. */
export type SeenUpdates = ((id: number | string) => Promise<boolean>) & {
  /** Lets an id be handled again (its handling failed and the sender will retry). */
  forget?: (id: number | string) => Promise<void>
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
