import type { MiddlewareFn } from 'grammy'
import type { Redis } from 'ioredis'
import type { BotContext } from './context.ts'

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

/** An update already handled is dropped, so no reply or write happens twice. */
export function dropDuplicates(seen: SeenUpdates): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!(await seen(ctx.update.update_id))) {
      ctx.log.info('duplicate update ignored')
      return
    }
    await next()
  }
}

/**
 * Per-user rate limit: a token bucket of `burst` updates refilled at `perSecond`. Over it, the user is told once
 * per window and further updates are dropped (a stuck client or a flood cannot starve other partners).
 */
export function rateLimit(opts: { burst: number; perSecond: number; now?: () => number }): MiddlewareFn<BotContext> {
  const now = opts.now ?? Date.now
  const buckets = new Map<number, { tokens: number; at: number; warned: boolean }>()
  return async (ctx, next) => {
    const id = ctx.from?.id
    if (id === undefined) return next()
    const t = now()
    const b = buckets.get(id) ?? { tokens: opts.burst, at: t, warned: false }
    b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond)
    b.at = t
    buckets.set(id, b)
    if (buckets.size > 50_000) buckets.delete(buckets.keys().next().value!)
    if (b.tokens < 1) {
      if (!b.warned) {
        b.warned = true
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('errors.rate_limited') })
        else if (ctx.chat) await ctx.reply(ctx.t('errors.rate_limited'))
      }
      return
    }
    b.tokens -= 1
    b.warned = false
    await next()
  }
}
