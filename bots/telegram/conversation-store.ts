import type { VersionedStateStorage } from '@grammyjs/conversations'
import type { Redis } from 'ioredis'

/**
 * Where conversations keep their place between updates: Redis, one key per chat, expiring after a day of
 * silence so an abandoned flow does not linger. UI state only: ids and choices, never payment details (those go
 * to core at once, encrypted).
 */
export function redisConversationStore<S>(
  redis: Redis,
  prefix: string,
  ttlSeconds = 86_400,
): VersionedStateStorage<string, S> {
  return {
    async read(key) {
      const raw = await redis.get(`${prefix}${key}`)
      return raw === null ? undefined : JSON.parse(raw)
    },
    async write(key, state) {
      await redis.set(`${prefix}${key}`, JSON.stringify(state), 'EX', ttlSeconds)
    },
    async delete(key) {
      await redis.del(`${prefix}${key}`)
    },
  }
}
