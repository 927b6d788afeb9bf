import { type RunnerHandle, run } from '@grammyjs/runner'
import type { RequestHandler } from 'express'
import { type Bot, webhookCallback } from 'grammy'
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
  const webhook =
    config.mode === 'webhook'
      ? (webhookCallback(bot, 'express', { secretToken: config.secret, onTimeout: 'return' }) as RequestHandler)
      : undefined
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
