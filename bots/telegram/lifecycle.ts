import { timingSafeEqual } from 'node:crypto'
import { type RunnerHandle, run } from '@grammyjs/runner'
import type { RequestHandler } from 'express'
import { type Bot, BotError, webhookCallback } from 'grammy'
import type { Logger } from 'pino'
import type { TelegramConfig } from '../config.ts'
import type { I18n } from '../i18n/index.ts'
import { registerCommands } from './bot.ts'
import type { BotContext } from './context.ts'

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const

export interface TelegramSurface {
  /** Express handler for POST /telegram/webhook (webhook mode only). */
  webhook?: RequestHandler
  /** Connects to Telegram: long polling, or registering the webhook. Call once HTTP is listening. */
  start(): Promise<void>
  /** Stops taking updates; in polling mode waits for the updates in hand to finish. */
  stop(): Promise<void>
}

export function telegramSurface(
  bot: Bot<BotContext>,
  config: Exclude<TelegramConfig, { mode: 'off' }>,
  i18n: I18n,
  logger: Logger,
): TelegramSurface {
  let runner: RunnerHandle | undefined
  const webhook = config.mode === 'webhook' ? webhookHandler(bot, config.secret, logger) : undefined
  return {
    webhook,
    async start() {
      await bot.init()
      await registerCommands(bot, i18n)
      if (config.mode === 'webhook') {
        await bot.api.setWebhook(config.webhookUrl, {
          secret_token: config.secret,
          allowed_updates: [...ALLOWED_UPDATES],
        })
        logger.info({ bot: bot.botInfo.username, url: config.webhookUrl }, 'telegram: webhook registered')
        return
      }
      await bot.api.deleteWebhook()
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } })
      logger.info({ bot: bot.botInfo.username }, 'telegram: long polling started')
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop()
    },
  }
}

/** An id Telegram gives (user, chat, update): an integer that fits the bigint columns and JavaScript exactly. */
const isId = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v)

/**
 * What the handlers rely on in an update: its id, and the ids of its sender and chat. Telegram always sends them;
 * a request that carries the webhook secret but not these is not Telegram's.
 */
function wellFormedUpdate(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false
  const u = body as Record<string, unknown>
  if (!isId(u.update_id) || (u.update_id as number) < 0) return false
  for (const kind of ALLOWED_UPDATES) {
    const part = u[kind]
    if (part === undefined) continue
    if (!part || typeof part !== 'object') return false
    const { from, chat, message } = part as { from?: unknown; chat?: unknown; message?: unknown }
    for (const who of [from, chat, (message as { chat?: unknown } | undefined)?.chat]) {
      if (who === undefined) continue
      if (!who || typeof who !== 'object' || !isId((who as { id?: unknown }).id)) return false
    }
  }
  return true
}

/**
 * POST /telegram/webhook: grammY checks the secret token (401 without it). A request with the secret whose update
 * is malformed is refused (400) before any handler sees it. A handler that fails is handled as in polling mode
 * (the error handler tells the user and logs it) and the update is acknowledged: answering 500 would only make
 * Telegram send the same update again and again.
 */
function webhookHandler(bot: Bot<BotContext>, secret: string, logger: Logger): RequestHandler {
  const handle = webhookCallback(bot, 'express', { secretToken: secret, onTimeout: 'return' }) as RequestHandler
  const expected = Buffer.from(secret)
  const carries = (got: string | undefined) =>
    got !== undefined && Buffer.byteLength(got) === expected.length && timingSafeEqual(Buffer.from(got), expected)
  return async (req, res, next) => {
    if (carries(req.get('x-telegram-bot-api-secret-token')) && !wellFormedUpdate(req.body)) {
      logger.warn('telegram: malformed update refused')
      res.status(400).json({ error: { code: 'bad_update', message: 'Not a Telegram update' } })
      return
    }
    try {
      await handle(req, res, next)
    } catch (err) {
      if (err instanceof BotError) await Promise.resolve(bot.errorHandler(err)).catch(() => {})
      else logger.error({ err }, 'telegram: webhook update failed')
      if (!res.headersSent) res.status(200).end()
    }
  }
}
