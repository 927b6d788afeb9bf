import type { MiddlewareFn } from 'grammy'
import type { SeenUpdates } from '../seen-updates.ts'
import type { BotContext } from './context.ts'

/**
 * An update already handled (or being handled by another live instance) is dropped, so no reply or write happens
 * twice. One whose handling failed is forgotten, so a redelivery is handled; while the ids cannot be read (Redis
 * down) the update is handled anyway, as an answer matters more than the rare duplicate.
 */
export function dropDuplicates(seen: SeenUpdates): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const id = ctx.update.update_id
    const first = await seen(id).catch((err) => {
      ctx.log.warn({ err }, 'update ids unavailable; handled without the duplicate check')
      return true
    })
    if (!first) {
      ctx.log.info('duplicate update ignored')
      return
    }
    try {
      await next()
    } catch (e) {
      await seen.forget?.(id).catch(() => {})
      throw e
    }
    await seen.done?.(id).catch((err) => ctx.log.warn({ err }, 'update not marked handled'))
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

/**
 * A command typed with capitals ("/START", "/Payout@Bot") is read as the lowercase one: Telegram clients send it as
 * typed, and grammY matches commands exactly. Only the command itself is changed; what follows it (a join link's
 * program, say) is kept as it came.
 */
export const commandsInLowercase: MiddlewareFn<BotContext> = (ctx, next) => {
  const message = ctx.message
  const command = message?.entities?.find((e) => e.type === 'bot_command' && e.offset === 0)
  if (message?.text && command) {
    const typed = message.text.slice(0, command.length)
    if (typed !== typed.toLowerCase()) message.text = typed.toLowerCase() + message.text.slice(command.length)
  }
  return next()
}
