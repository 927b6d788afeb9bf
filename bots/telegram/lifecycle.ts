import { timingSafeEqual } from 'node:crypto'
import { type RunnerHandle, run } from '@grammyjs/runner'
import type { RequestHandler } from 'express'
import { type Bot, BotError, GrammyError, webhookCallback } from 'grammy'
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

/** Telegram refused setWebhook for the URL given (not https, a host it cannot resolve or reach, a bad port). */
export class WebhookRefused extends Error {
  constructor(url: string, cause: GrammyError) {
    super(`Telegram refused the webhook ${url}: ${cause.description}`, { cause })
    this.name = 'WebhookRefused'
  }
}

export function telegramSurface(
  bot: Bot<BotContext>,
  config: Exclude<TelegramConfig, { mode: 'off' }>,
  i18n: I18n,
  logger: Logger,
): TelegramSurface {
  const polling = config.mode === 'polling' ? longPolling(bot, logger) : undefined
  const webhook = config.mode === 'webhook' ? webhookHandler(bot, config.secret, logger) : undefined
  return {
    webhook,
    async start() {
      await bot.init()
      await registerCommands(bot, i18n)
      if (config.mode === 'webhook') {
        await bot.api
          .setWebhook(config.webhookUrl, { secret_token: config.secret, allowed_updates: [...ALLOWED_UPDATES] })
          .catch((e: unknown) => {
            // the token was good (getMe answered): Telegram refusing the webhook is about its URL
            if (e instanceof GrammyError) throw new WebhookRefused(config.webhookUrl, e)
            throw e
          })
        logger.info({ bot: bot.botInfo.username, url: config.webhookUrl }, 'telegram: webhook registered')
        return
      }
      await bot.api.deleteWebhook()
      polling?.start()
      logger.info({ bot: bot.botInfo.username }, 'telegram: long polling started')
    },
    async stop() {
      await polling?.stop()
    },
  }
}

/** The first wait after a 409 Conflict, and the longest: doubled after each conflict in a row. */
const CONFLICT_BACKOFF_MS = { first: 5_000, max: 30_000 }
/** Polling that ran this long without a conflict starts the backoff again from its first wait. */
const CONFLICT_RESET_MS = 60_000

const isConflict = (err: unknown) => err instanceof GrammyError && err.error_code === 409

/**
 * Long polling that survives another instance polling the same token (a rolling update, a second replica without
 * TELEGRAM_WEBHOOK_URL): Telegram answers the loser's getUpdates 409 Conflict and the runner gives up. This logs one
 * line, waits (5 s, doubling up to 30 s) and polls again with the same offset, so no update is taken twice. Any
 * other error that ends polling (a revoked token: 401) stays unhandled and stops the process, as before. Fetch
 * failures the runner retries by itself are logged here as JSON instead of the runner's own stderr lines.
 */
function longPolling(bot: Bot<BotContext>, logger: Logger) {
  let runner: RunnerHandle | undefined
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  let backoff = CONFLICT_BACKOFF_MS.first
  let startedAt = 0
  const watch = (handle: RunnerHandle) => {
    startedAt = performance.now()
    handle.task()?.catch((err: unknown) => {
      if (stopped) return
      if (!isConflict(err)) throw err // unhandled: the process stops, as for any defect
      if (performance.now() - startedAt > CONFLICT_RESET_MS) backoff = CONFLICT_BACKOFF_MS.first
      const retryInMs = backoff
      backoff = Math.min(backoff * 2, CONFLICT_BACKOFF_MS.max)
      logger.warn(
        { retryInMs, description: (err as GrammyError).description },
        'telegram: another instance polls this bot (409 Conflict); polling again later. More than one instance needs TELEGRAM_WEBHOOK_URL',
      )
      retry = setTimeout(() => {
        retry = undefined
        if (stopped) return
        void handle.stop() // resets the runner's update source; its offset is kept
        handle.start()
        watch(handle)
      }, retryInMs)
    })
  }
  return {
    start() {
      bot.api.config.use(async (prev, method, payload, signal) => {
        try {
          return await prev(method, payload, signal)
        } catch (err) {
          if (method === 'getUpdates' && !signal?.aborted && !isConflict(err) && !stopped) {
            logger.warn({ err }, 'telegram: fetching updates failed; retrying')
          }
          throw err
        }
      })
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } })
      watch(runner)
    },
    async stop() {
      stopped = true
      clearTimeout(retry)
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
