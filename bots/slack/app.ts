import { App, type Logger as BoltLogger, ExpressReceiver, LogLevel } from '@slack/bolt'
import type { RequestHandler } from 'express'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { SlackConfig } from '../config.ts'
import type { I18n } from '../i18n/index.ts'
import { memorySeenUpdates, type SeenUpdates } from '../telegram/guards.ts'
import { registerListeners } from './listeners/index.ts'

export interface SlackDeps {
  config: Exclude<SlackConfig, { mode: 'off' }>
  core: Core
  i18n: I18n
  logger: Logger
  /** Event ids already handled: Slack retries an event it thinks was not received (x-slack-retry-num). */
  seenEvents?: SeenUpdates
}

export interface SlackSurface {
  app: App
  /** HTTP mode: Slack's receiver for POST /slack/events (signature checked on the raw body). */
  router?: RequestHandler
  start(): Promise<void>
  stop(): Promise<void>
}

/** Bolt's logger interface, backed by the service's structured logger. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO
  return {
    debug: (...m) => logger.debug({ bolt: m }, 'slack'),
    info: (...m) => logger.info({ bolt: m }, 'slack'),
    warn: (...m) => logger.warn({ bolt: m }, 'slack'),
    error: (...m) => logger.error({ bolt: m }, 'slack'),
    setLevel: (l) => {
      level = l
    },
    getLevel: () => level,
    setName: () => {},
  }
}

/**
 * The support desk's Slack app: HTTP on the service's own express server (its own raw-body route) or
 * Socket Mode when SLACK_APP_TOKEN is set. `processBeforeResponse` keeps side effects inside the request on
 * HTTP, so a crash is seen by Slack's retry; every listener acks first.
 */
export function createSlackApp(deps: SlackDeps): SlackSurface {
  const log = deps.logger.child({ surface: 'slack' })
  const logger = boltLogger(log)
  const clientOptions = { slackApiUrl: deps.config.apiUrl }
  let app: App
  let router: RequestHandler | undefined
  if (deps.config.mode === 'http') {
    const receiver = new ExpressReceiver({
      signingSecret: deps.config.signingSecret,
      endpoints: '/slack/events',
      processBeforeResponse: true,
      logger,
    })
    app = new App({ token: deps.config.token, receiver, clientOptions, logger })
    router = receiver.router as unknown as RequestHandler
  } else {
    app = new App({
      token: deps.config.token,
      appToken: deps.config.appToken,
      socketMode: true,
      clientOptions,
      logger,
    })
  }
  const seen = deps.seenEvents ?? memorySeenUpdates()
  // a retried event is acknowledged and dropped, so a thread message never reaches the partner twice
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id
    if (typeof eventId !== 'string') return next()
    if (!(await seen(eventId))) {
      log.info({ eventId }, 'slack: duplicate event ignored')
      return
    }
    try {
      await next()
    } catch (e) {
      // handling failed: Slack's retry of this event must be handled, not dropped
      await seen.forget?.(eventId)
      throw e
    }
  })
  registerListeners(app, { core: deps.core, i18n: deps.i18n, logger: log, desk: deps.config.desk })
  app.error(async (err) => {
    log.error({ err }, 'slack listener failed')
  })
  return {
    app,
    router,
    async start() {
      if (deps.config.mode === 'socket') await app.start()
      const auth = await app.client.auth.test()
      log.info({ team: auth.team, mode: deps.config.mode }, 'slack: connected')
    },
    async stop() {
      if (deps.config.mode === 'socket') await app.stop()
    },
  }
}
