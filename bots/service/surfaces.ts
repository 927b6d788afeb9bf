import { randomUUID } from 'node:crypto'
import type { Api } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { RedisHandle } from '../../core/infra/redis.ts'
import type { Config } from '../config.ts'
import type { I18n } from '../i18n/index.ts'
import type { Metrics } from '../metrics.ts'
import { type MiniAppLimit, redisLimit } from '../miniapp/rate-limit.ts'
import { SANDBOX_TOKEN, SandboxBotApi } from '../sandbox/bot-api.ts'
import { redisPressKeys, redisSeenUpdates, redisUpdateClaims, type SeenUpdates } from '../seen-updates.ts'
import { createSlackApp, type SlackSurface } from '../slack/app.ts'
import { createTelegramBot } from '../telegram/bot.ts'
import { redisConversationStore } from '../telegram/conversation-store.ts'
import { type TelegramSurface, telegramSurface } from '../telegram/lifecycle.ts'
import type { Closers } from './closers.ts'

type Connection = ReturnType<RedisHandle['connect']>

interface SurfaceDeps {
  config: Config
  core: Core
  i18n: I18n
  logger: Logger
  metrics: Metrics
  redis: RedisHandle
  closers: Closers
}

export interface TelegramParts {
  surface: TelegramSurface
  api: Api
  /** The local Bot API the sandbox page talks to (no bot token set). */
  sandbox?: SandboxBotApi
  /** Conversations and seen update ids. */
  connection: Connection
  /** The update ids this instance claims; stopped first at shutdown, so a cut-off update is redelivered and handled. */
  claims: SeenUpdates
}

/**
 * The partner bot: a real one (webhook or long polling) or the sandbox's, or none. `linkBase` is where referral links
 * point (PUBLIC_URL, else the service's own URL once it listens); `miniAppBase` where the Mini App is (undefined: no
 * Mini App buttons).
 */
export async function buildTelegram(
  deps: SurfaceDeps,
  urls: { linkBase: () => string; miniAppBase: () => string | undefined },
): Promise<TelegramParts | undefined> {
  const { config, closers, logger } = deps
  if (config.telegram.mode === 'off') {
    logger.warn('telegram: off (set TELEGRAM_BOT_TOKEN to connect the partner bot; see README)')
    return undefined
  }
  let sandbox: SandboxBotApi | undefined
  if (config.telegram.mode === 'sandbox') {
    const started = await new SandboxBotApi().start()
    sandbox = started
    closers.push(() => started.stop())
  }
  const telegramConfig =
    config.telegram.mode === 'sandbox'
      ? ({ mode: 'polling', token: SANDBOX_TOKEN, apiRoot: sandbox!.url } as const)
      : config.telegram
  // a command waits for a reconnection twice at most, and no longer than 2 s: while Redis is down a partner is told
  // the service is unavailable (the error boundary) instead of waiting without an answer
  const connection = deps.redis.connect({ maxRetriesPerRequest: 2, commandTimeout: 2000 })
  closers.push(async () => connection.disconnect())
  const prefix = config.redis.prefix
  const seenUpdates = redisUpdateClaims(
    connection,
    `${prefix}:tg:update:${sandbox ? `sandbox-${randomUUID()}` : telegramConfig.token.split(':')[0]}:`,
  )
  closers.push(() => seenUpdates.stop!())
  const bot = createTelegramBot({
    ...telegramConfig,
    core: deps.core,
    i18n: deps.i18n,
    logger,
    metrics: deps.metrics,
    linkBase: urls.linkBase,
    miniAppBase: urls.miniAppBase,
    // update ids are per bot: the bot's id (the token's first part) keeps two bots on one Redis apart. The sandbox's
    // local Bot API counts its ids from 1 on every start (and each instance runs its own): each run's are kept apart,
    // or a restarted sandbox's first hundred updates would be dropped as seen
    seenUpdates,
    conversationStore: redisConversationStore(connection, `${prefix}:tg:conversation:`),
  })
  return {
    surface: telegramSurface(bot, telegramConfig, deps.i18n, logger),
    api: bot.api,
    sandbox,
    connection,
    claims: seenUpdates,
  }
}

/** The Slack desk over HTTP or Socket Mode, or none. */
export function buildSlack(deps: SurfaceDeps): { surface: SlackSurface; connection: Connection } | undefined {
  const { config, logger } = deps
  if (config.slack.mode === 'off') {
    logger.warn('slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN; see README)')
    return undefined
  }
  // fails fast while Redis is down (the duplicate check then steps aside) instead of holding Slack's requests
  const connection = deps.redis.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000 })
  deps.closers.push(async () => connection.disconnect())
  const surface = createSlackApp({
    config: config.slack,
    core: deps.core,
    i18n: deps.i18n,
    logger,
    seenEvents: redisSeenUpdates(connection, `${config.redis.prefix}:slack:event:`),
    pressKeys: redisPressKeys(connection, `${config.redis.prefix}:slack:press:`),
  })
  return { surface, connection }
}

/**
 * The Mini App API's allowance per Telegram user (MINIAPP_RATE_LIMIT), counted in Redis by every instance together;
 * its own connection fails fast while Redis is down, and each process then counts alone meanwhile.
 */
export function buildMiniAppLimit(deps: SurfaceDeps): MiniAppLimit {
  const connection = deps.redis.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000 })
  deps.closers.push(async () => connection.disconnect())
  return redisLimit(connection, `${deps.config.redis.prefix}:miniapp:rate:`, deps.config.miniAppRateLimit, (err) =>
    deps.logger.debug({ err }, 'mini app: rate limit counted in this process (Redis unavailable)'),
  )
}
