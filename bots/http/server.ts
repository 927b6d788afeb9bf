import type { Queue } from 'bullmq'
import express, { type RequestHandler } from 'express'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { Metrics } from '../metrics.ts'
import { allowedMethodsWith } from './allowed-methods.ts'
import { errorHandler, notFound } from './errors.ts'
import { frontDoor } from './front-door.ts'
import { healthRoutes } from './health.ts'
import { lazyRequestLog, requestContext } from './request-context.ts'
import { clickHotPath, clickRoutes, type ExpressReading } from './routes/clicks.ts'
import { operatorRoutes } from './routes/operator.ts'
import { postbackHotPath, postbackRoutes } from './routes/postbacks.ts'
import { QUEUE_BOARD_PATH, queueBoardRoutes } from './routes/queue-board.ts'
import { refuseHostileUrl } from './safe-input.ts'

export interface HttpDeps {
  core: Core
  logger: Logger
  metrics: Metrics
  /** False once shutdown began: /readyz answers 503 so a load balancer stops sending traffic. */
  accepting: () => boolean
  /** Slack's receiver: mounted before any JSON parser, because it verifies signatures on the raw body. */
  slack?: RequestHandler
  /** GET /app: the Mini App's page (its data calls are under /app/api). */
  miniApp?: express.Router
  /** The /sandbox web chat (no bot token, not production). */
  sandbox?: express.Router
  /** The Mini App's data routes (bots/miniapp/api.ts), mounted at /app/api when a bot (or the sandbox) runs. */
  miniAppApi?: express.Router
  /** Telegram's webhook handler for POST /telegram/webhook (it checks the secret token itself). */
  telegramWebhook?: RequestHandler
  adminApiToken?: string
  /** The BullMQ queues, shown in Bull Board at /admin/queues (with ADMIN_API_TOKEN). */
  queues?: Queue[]
  /** Program key -> postback signing secret. */
  postbackSecrets?: Record<string, string>
  /** Base URL of links this service hands out (PUBLIC_URL); by default the request's own host. */
  publicUrl?: string
  /** HOME_URL: where a referral link whose code names no program sends the visitor; unset: 404. */
  homeUrl?: string
  /** TRUST_PROXY: a hop count, or addresses and subnets of the proxies allowed to set X-Forwarded-For. */
  trustProxy?: number | string
}

/**
 * Every HTTP surface of the service, mounted in one place, 404 and errors last: the express app, with the referral
 * clicks and the postbacks answered in front of it (front-door.ts). The listener's `listen` starts a server on it.
 */
export function createHttpServer(deps: HttpDeps) {
  const app = express()
  app.disable('x-powered-by')
  // who may say who the client is (X-Forwarded-For): TRUST_PROXY, by default only a proxy on this machine
  app.set('trust proxy', deps.trustProxy ?? 'loopback')
  lazyRequestLog(app)
  app.use(requestContext(deps.logger, deps.metrics))
  // before every surface (Slack, Telegram and the sandbox included): a %00 in a path or query reaches no route
  app.use(refuseHostileUrl)
  // the hot path first: every other surface's layers would otherwise be tried on each postback
  app.use(postbackRoutes({ core: deps.core, secrets: deps.postbackSecrets ?? {} }))
  // and clicks, the most frequent request of all (mostly answered before express: see below)
  app.use(clickRoutes(deps))
  if (deps.slack) app.use(deps.slack)
  if (deps.telegramWebhook) {
    app.post('/telegram/webhook', express.json({ limit: '1mb' }), deps.telegramWebhook)
  }
  app.use(healthRoutes(deps))
  if (deps.sandbox) app.use(deps.sandbox)
  if (deps.miniAppApi) app.use('/app/api', deps.miniAppApi)
  if (deps.miniApp) app.use(deps.miniApp)
  app.use(operatorRoutes({ core: deps.core, adminApiToken: deps.adminApiToken, publicUrl: deps.publicUrl }))
  if (deps.queues && deps.adminApiToken)
    app.use(queueBoardRoutes({ queues: deps.queues, adminApiToken: deps.adminApiToken }))
  app.use(notFound(allowedMethodsWith(servedPaths(deps))))
  app.use(errorHandler(deps.core.programs))
  const context = { logger: deps.logger, metrics: deps.metrics, programs: deps.core.programs }
  // read with the app's own settings, so that a click reads alike whichever way it is answered
  const reading = { trust: app.get('trust proxy fn'), parseQuery: app.get('query parser fn') } as ExpressReading
  if (typeof reading.trust !== 'function' || typeof reading.parseQuery !== 'function') {
    throw new Error('express no longer exposes its trust proxy and query parser functions')
  }
  return frontDoor(app, [
    postbackHotPath({ core: deps.core, secrets: deps.postbackSecrets ?? {}, context }),
    clickHotPath({ ...deps, ...reading, context }),
  ])
}

/**
 * The paths this service serves that the OpenAPI document does not list, with their methods, for the 405 a wrong
 * method gets (a path not mounted here stays a 404).
 */
function servedPaths(deps: HttpDeps): Record<string, string[]> {
  return {
    '/v1/openapi.json': ['GET'],
    ...(deps.telegramWebhook ? { '/telegram/webhook': ['POST'] } : {}),
    ...(deps.slack ? { '/slack/events': ['POST'] } : {}),
    ...(deps.miniApp ? { '/app': ['GET'], '/app/assets/{file}': ['GET'] } : {}),
    ...(deps.sandbox
      ? {
          '/sandbox': ['GET'],
          '/sandbox/api/session': ['POST'],
          '/sandbox/api/state': ['GET'],
          '/sandbox/api/send': ['POST'],
          '/sandbox/api/press': ['POST'],
          '/sandbox/api/photo/{id}': ['GET'],
          '/sandbox/api/sale-options': ['GET'],
          '/sandbox/api/simulate-sale': ['POST'],
          '/sandbox/api/app': ['POST'],
        }
      : {}),
    ...(deps.queues && deps.adminApiToken ? { [QUEUE_BOARD_PATH]: ['GET'] } : {}),
  }
}
