import { type AnyMiddlewareArgs, App, type Authorize, ExpressReceiver, type Middleware } from '@slack/bolt'
import { WebClient } from '@slack/web-api'
import express, { type RequestHandler } from 'express'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { SlackConfig } from '../config.ts'
import type { I18n } from '../i18n/index.ts'
import { memoryPressKeys, memorySeenUpdates, type PressKeys, type SeenUpdates } from '../seen-updates.ts'
import { errorBoundary } from './listeners/boundary.ts'
import { registerListeners } from './listeners/index.ts'
import { slackLanguages } from './user-language.ts'
import { arrivedAt, slackRequestGuard } from './verify.ts'
import { boltLogger, isSlackUnavailable, jobClient, slackErrorSummary, webClientOptions } from './web-client.ts'

export interface SlackDeps {
  config: Exclude<SlackConfig, { mode: 'off' }>
  core: Core
  i18n: I18n
  logger: Logger
  /** Event ids already handled: Slack retries an event it thinks was not received (x-slack-retry-num). */
  seenEvents?: SeenUpdates
  /** The key of a form opened by presses of one button close together (a double click): shared by instances. */
  pressKeys?: PressKeys
}

export interface SlackSurface {
  /** `app.client` is the client for jobs (the desk worker); listeners get one with short deadlines. */
  app: App
  /** HTTP mode: POST /slack/events, the signature checked on the raw body before Bolt sees it. */
  router?: RequestHandler
  start(): Promise<void>
  /** Waits (up to 5 s) for the Slack requests still being worked on. */
  stop(): Promise<void>
}

/** If no listener has answered by then, the request is acknowledged empty: Slack gives up at 3 s. */
const LAST_RESORT_MS = 2_500
/** While Slack's Web API is down at start-up, who the bot is (auth.test) is asked again this often. */
const IDENTITY_RETRY_MS = 30_000

/**
 * The support desk's Slack app: HTTP on the service's own express server or Socket Mode (SLACK_APP_TOKEN).
 *
 * HTTP answers are not held until a listener finishes (`processBeforeResponse: false`): `ack()` sends Slack its
 * 200 at once, and every command, button and event listener acks before any Web API call, so a Slack outage
 * cannot hold a request past Slack's 3 s. A modal's answer carries its result (errors, the next view); its work
 * has a 2 s budget (listeners/in-time.ts), after which the modal says it is still working and the outcome comes
 * as a message. Web API calls have deadlines and few retries (web-client.ts); the desk's posts are jobs that wait
 * for Slack to come back.
 */
export function createSlackApp(deps: SlackDeps): SlackSurface {
  const log = deps.logger.child({ surface: 'slack' })
  const { token, apiUrl } = deps.config
  const quick = new WebClient(token, webClientOptions('listener', apiUrl, log))
  // who the bot is: learnt from auth.test, never waited for by a request (Bolt's own lookup would block them)
  let identity: { botId?: string; botUserId?: string } | undefined
  let learning: Promise<void> | undefined
  const learnIdentity = () => {
    learning ??= quick.auth
      .test()
      .then((auth) => {
        identity = { botId: auth.bot_id, botUserId: auth.user_id }
        log.info({ team: auth.team, mode: deps.config.mode }, 'slack: connected')
      })
      .finally(() => {
        learning = undefined
      })
    return learning
  }
  const authorize: Authorize<boolean> = async () => {
    if (!identity) learnIdentity().catch(() => {})
    return { botToken: token, ...identity }
  }
  const common = {
    authorize,
    clientOptions: webClientOptions('listener', apiUrl, log),
    logger: boltLogger(log),
    convoStore: false as const,
  }
  let app: App
  let router: RequestHandler | undefined
  if (deps.config.mode === 'http') {
    const slackRouter = express.Router()
    slackRouter.post('/slack/events', slackRequestGuard({ signingSecret: deps.config.signingSecret, logger: log }))
    const receiver = new ExpressReceiver({
      signingSecret: deps.config.signingSecret,
      endpoints: '/slack/events',
      router: slackRouter,
      processBeforeResponse: false,
      logger: common.logger,
      customPropertiesExtractor: (req) => ({ receivedAt: arrivedAt(req as express.Request) }),
      unhandledRequestTimeoutMillis: LAST_RESORT_MS,
      unhandledRequestHandler: ({ response }) => {
        log.error('slack: no listener answered in time; acknowledged empty')
        if (!response.headersSent) response.writeHead(200).end()
      },
      // Bolt could not route the request (a shape its router does not expect): a 4xx, never its default 500
      processEventErrorHandler: async ({ error, response }) => {
        log.warn({ ...slackErrorSummary(error) }, 'slack: request not processed')
        if (!response.headersSent) response.writeHead(400).end()
        return true
      },
    })
    app = new App({ ...common, receiver })
    router = slackRouter as unknown as RequestHandler
  } else {
    app = new App({ ...common, appToken: deps.config.appToken, socketMode: true })
  }
  // Bolt's own client has no token with a custom authorize; jobs get one with their own deadlines
  app.client = jobClient(token, apiUrl, log)

  const language = slackLanguages({ desk: deps.config.desk.language })
  const boundary = errorBoundary({ i18n: deps.i18n, logger: log, language })
  app.use(boundary.middleware)
  const seen = deps.seenEvents ?? memorySeenUpdates()
  // a retried event is acknowledged and dropped, so a thread message never reaches the partner twice
  app.use(dropRetriedEvents(seen, log))
  registerListeners(app, {
    core: deps.core,
    i18n: deps.i18n,
    logger: log,
    desk: deps.config.desk,
    language,
    pressKey: deps.pressKeys ?? memoryPressKeys(),
  })
  app.error(async (err) => {
    log.error({ ...slackErrorSummary(err) }, 'slack: request failed before its listeners')
  })

  let retry: NodeJS.Timeout | undefined
  return {
    app,
    router,
    async start() {
      if (deps.config.mode === 'socket') await app.start()
      try {
        await learnIdentity()
      } catch (e) {
        // a refused token is a configuration error; Slack not answering is not a reason to keep partners waiting
        if (!isSlackUnavailable(e)) throw e
        log.warn(
          { ...slackErrorSummary(e) },
          'slack: the Web API does not answer; the desk starts anyway and connects when it does',
        )
        retry = setInterval(() => {
          if (identity) clearInterval(retry)
          else learnIdentity().catch(() => {})
        }, IDENTITY_RETRY_MS)
        retry.unref()
      }
    },
    async stop() {
      clearInterval(retry)
      if (deps.config.mode === 'socket') await app.stop()
      await boundary.drain(5_000)
    },
  }
}

/**
 * Slack retries an event it thinks was not received; the retry is acknowledged and dropped. Without the duplicate
 * check (Redis down) the event is still handled: a reply is recorded once anyway (the dispute message's unique key
 * on its Slack ts), and dropping it would lose it (Slack was answered already and will not send it again).
 */
export function dropRetriedEvents(seen: SeenUpdates, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id
    if (typeof eventId !== 'string') return next()
    const first = await seen(eventId).catch((err) => {
      log.warn({ err, eventId }, 'slack: event ids unavailable; handled without the duplicate check')
      return true
    })
    if (!first) {
      log.info({ eventId }, 'slack: duplicate event ignored')
      return
    }
    try {
      await next()
    } catch (e) {
      // handling failed: a retry of this event (Socket Mode redelivers) must be handled, not dropped
      await seen.forget?.(eventId).catch(() => {})
      throw e
    }
  }
}
