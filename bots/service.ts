import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Queue } from 'bullmq'
import type { Logger, pino } from 'pino'
import type { Core } from '../core/index.ts'
import type { Database } from '../core/infra/db/open-database.ts'
import type { RedisHandle } from '../core/infra/redis.ts'
import { type Clock, systemClock } from '../core/ports/clock.ts'
import { QUEUES } from '../core/ports/jobs.ts'
import type { Config } from './config.ts'
import { createHttpServer } from './http/server.ts'
import { createI18n, type I18n } from './i18n/index.ts'
import { createLogger } from './logger.ts'
import { createMetrics } from './metrics.ts'
import { miniAppApi } from './miniapp/api.ts'
import { MiniAppAuth } from './miniapp/auth.ts'
import { miniAppPage } from './miniapp/page.ts'
import type { MiniAppLimit } from './miniapp/rate-limit.ts'
import { sandboxRoutes } from './sandbox/routes.ts'
import { Closers, reason, StartupError } from './service/closers.ts'
import { wireCore } from './service/core-wiring.ts'
import { openInfrastructure } from './service/infrastructure.ts'
import { closeServer, shutdown } from './service/shutdown.ts'
import { buildMiniAppLimit, buildSlack, buildTelegram } from './service/surfaces.ts'
import { WebhookRefused } from './telegram/lifecycle.ts'
import { startWorkers, type Workers } from './workers/index.ts'

export { StartupError } from './service/closers.ts'

export interface Service {
  url: string
  core: Core
  db: Database
  redis: RedisHandle
  /** Stops intake, drains workers, closes Redis and the database. Idempotent. */
  close(): Promise<void>
}

export interface ServiceOptions {
  clock?: Clock
  logDestination?: pino.DestinationStream
  /** Background checks' periods, shortened by tests (defaults: 30 s each). */
  intervals?: { scheduleCheckMs?: number; outboxRecoverMs?: number }
}

/**
 * The composition root: builds config-driven infrastructure, core, and every transport that is configured,
 * then starts them. Whatever was opened before a failure is closed again before the error is thrown.
 */
export async function startService(config: Config, opts: ServiceOptions = {}): Promise<Service> {
  const logger = createLogger(config, opts.logDestination)
  const clock = opts.clock ?? systemClock
  const metrics = createMetrics()
  const i18n = createI18n()
  const closers = new Closers(logger)
  try {
    const infra = await openInfrastructure(config, clock, logger, closers, opts.intervals?.outboxRecoverMs)
    metrics.watchOutbox(infra.outbox.backlog)
    let workers: Workers | undefined
    const core = wireCore(config, infra, { clock, logger, metrics, checkSchedules: () => workers?.checkSchedules() })
    // commission changes published as term changes apply from their effective dates
    const amendments = await core.terms.loadAmendments()
    if (amendments) logger.info({ amendments }, 'published commission changes loaded')
    // one published later, by any process, is read by the first postback that follows it (rule-versions.ts)

    // known once HTTP listens; referral links use it when PUBLIC_URL is not set
    let serviceUrl = ''
    const surfaceDeps = { config, core, i18n, logger, metrics, redis: infra.redis, closers }
    const telegram = await buildTelegram(surfaceDeps, {
      linkBase: () => config.http.publicUrl ?? serviceUrl,
      miniAppBase: () => miniAppBase(config, serviceUrl),
    })
    // the Mini App's initData is signed with the bot's token; the sandbox's with a random one of this process
    const miniApp = miniAppAuth(config, clock)
    const miniAppLimit = miniApp && buildMiniAppLimit(surfaceDeps)
    const slack = buildSlack(surfaceDeps)
    postbackSecretsNotice(config.postbackSecrets, core.programs.list(), logger)
    if (!config.adminApiToken) {
      logger.warn(
        'operator API and queue board: off (set ADMIN_API_TOKEN to enable /v1 operator calls and /admin/queues)',
      )
    }

    let accepting = true
    const server = await serveHttp(config, {
      core,
      i18n,
      logger,
      metrics,
      accepting: () => accepting,
      telegram,
      slack,
      miniApp,
      miniAppLimit,
      queues: QUEUES.map((name) => infra.queues.queue(name)),
    })
    closers.push(() => closeServer(server))
    const port = (server.address() as AddressInfo).port
    const url = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`
    serviceUrl = url

    const started = await startWorkers({
      core,
      redis: infra.redis,
      queues: infra.queues,
      prefix: config.redis.prefix,
      logger,
      metrics,
      i18n,
      telegram: telegram?.api,
      slack:
        slack && config.slack.mode !== 'off'
          ? { client: slack.surface.app.client, desk: config.slack.desk }
          : undefined,
      jobs: infra.outbox.jobs,
      finished: infra.outbox.done,
      scheduleCheckEveryMs: opts.intervals?.scheduleCheckMs,
    })
    workers = started
    closers.push(() => started.close({ force: true }))
    await connectSurfaces(config, closers, telegram?.surface, slack?.surface)
    closers.handOver()

    announce(config, logger, url, Boolean(telegram?.sandbox))
    const stopIntake = () => {
      accepting = false
    }
    const running = { infra, server, workers: started, telegram, slack, stopIntake, clicks: core.earnings.clicks }
    let closing: Promise<void> | undefined
    return {
      url,
      core,
      db: infra.db,
      redis: infra.redis,
      close: () => (closing ??= shutdown(running, logger, config.shutdownTimeoutMs)),
    }
  } catch (e) {
    await closers.closeAll()
    throw e
  }
}

/** The HTTP server with every configured surface's routes, listening. */
async function serveHttp(
  config: Config,
  deps: {
    core: Core
    i18n: I18n
    logger: pino.Logger
    metrics: ReturnType<typeof createMetrics>
    accepting: () => boolean
    telegram?: Awaited<ReturnType<typeof buildTelegram>>
    slack?: ReturnType<typeof buildSlack>
    miniApp?: MiniAppAuth
    miniAppLimit?: MiniAppLimit
    queues: Queue[]
  },
): Promise<Server> {
  const sandbox = deps.telegram?.sandbox
  const app = createHttpServer({
    core: deps.core,
    logger: deps.logger,
    metrics: deps.metrics,
    accepting: deps.accepting,
    slack: deps.slack?.surface.router,
    telegramWebhook: deps.telegram?.surface.webhook,
    miniApp: miniAppPage({ i18n: deps.i18n, logger: deps.logger }),
    sandbox:
      sandbox &&
      sandboxRoutes({
        api: sandbox,
        core: deps.core,
        i18n: deps.i18n,
        remote: config.telegram.mode === 'sandbox' && config.telegram.remote,
        miniApp: deps.miniApp,
      }),
    miniAppApi:
      deps.miniApp &&
      miniAppApi({
        core: deps.core,
        i18n: deps.i18n,
        auth: deps.miniApp,
        publicUrl: config.http.publicUrl,
        limit: deps.miniAppLimit,
      }),
    adminApiToken: config.adminApiToken,
    queues: deps.queues,
    postbackSecrets: config.postbackSecrets,
    publicUrl: config.http.publicUrl,
    homeUrl: config.http.homeUrl,
    trustProxy: config.http.trustProxy,
  })
  return listen(app, config.http.host, config.http.port).catch((e) => {
    // an address this machine does not have, or a name that does not resolve, is HOST's; in use or forbidden, PORT's
    const code = (e as { code?: unknown }).code
    const variable = ['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL'].includes(String(code)) ? 'HOST' : 'PORT'
    throw new StartupError(variable, `cannot listen on ${config.http.host}:${config.http.port}: ${reason(e)}`)
  })
}

/** The key the Mini App's initData is checked with: the bot's token, the sandbox's own random one, or none. */
function miniAppAuth(config: Config, clock: Clock): MiniAppAuth | undefined {
  if (config.telegram.mode === 'sandbox') return MiniAppAuth.forSandbox(clock)
  if (config.telegram.mode === 'off') return undefined
  return MiniAppAuth.forBot(config.telegram.token, clock)
}

/**
 * Where the bot's Mini App buttons point: PUBLIC_URL when it is https (Telegram opens Mini Apps only over https),
 * the service's own address in the sandbox (whose page opens them itself), else nowhere (no buttons).
 */
function miniAppBase(config: Config, serviceUrl: string): string | undefined {
  if (config.telegram.mode === 'sandbox') return serviceUrl || undefined
  const url = config.http.publicUrl
  return url?.startsWith('https://') ? url : undefined
}

/** The bots connect last, once everything they hand work to is up. */
async function connectSurfaces(
  config: Config,
  closers: Closers,
  telegram?: { start(): Promise<void>; stop(): Promise<void> },
  slack?: { start(): Promise<void>; stop(): Promise<void> },
) {
  if (telegram) {
    await telegram.start().catch((e) => {
      if (e instanceof WebhookRefused) throw new StartupError('TELEGRAM_WEBHOOK_URL', e.message)
      throw new StartupError(
        'TELEGRAM_BOT_TOKEN',
        `cannot connect the bot to ${'apiRoot' in config.telegram ? config.telegram.apiRoot : 'the sandbox'}: ${reason(e)}`,
      )
    })
    closers.push(() => telegram.stop())
  }
  if (slack) {
    await slack.start().catch((e) => {
      throw new StartupError('SLACK_BOT_TOKEN', `cannot connect the Slack app: ${reason(e)}`)
    })
    closers.push(() => slack.stop())
  }
}

function announce(config: Config, logger: pino.Logger, url: string, sandbox: boolean) {
  if (sandbox) {
    const remote = config.telegram.mode === 'sandbox' && config.telegram.remote
    logger[remote ? 'warn' : 'info'](
      {
        url: `${url}/sandbox`,
        answers: remote ? 'the network (TELEGRAM_SANDBOX_REMOTE=true)' : 'this machine only (loopback)',
      },
      'sandbox: open this page to try the partner bot without Telegram',
    )
  }
  logger.info({ url }, 'partner assistant is up')
}

function listen(app: ReturnType<typeof createHttpServer>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host)
    server.once('listening', () => resolve(server))
    server.once('error', reject)
  })
}

/**
 * Which programs take postbacks, said once at start: a secret whose name matches no program (a typo) is a warning,
 * and the programs without one are named (their postbacks are refused with 401 no_secret).
 */
export function postbackSecretsNotice(
  secrets: Record<string, string>,
  programs: readonly { key: string }[],
  logger: Pick<Logger, 'info' | 'warn'>,
) {
  const keys = new Set(programs.map((p) => p.key))
  for (const key of Object.keys(secrets).filter((k) => !keys.has(k))) {
    const variable = `POSTBACK_SECRET_${key.toUpperCase().replaceAll('-', '_')}`
    logger.warn({ variable }, 'postbacks: this secret names no program (the key upper-cased, - as _)')
  }
  const without = [...keys].filter((k) => !secrets[k])
  if (without.length)
    logger.info({ programs: without }, 'postbacks: off for programs without POSTBACK_SECRET_<KEY> (answered 401)')
}
