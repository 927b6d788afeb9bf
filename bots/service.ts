import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Api } from 'grammy'
import type { pino } from 'pino'
import { type Core, createCore } from '../core/index.ts'
import { aesGcmCipher, localKeyFile } from '../core/infra/crypto/details-cipher.ts'
import { redactDatabaseUrl } from '../core/infra/db/database-url.ts'
import { prismaDisputeStore } from '../core/infra/db/dispute-store.ts'
import { pgEarningsStore } from '../core/infra/db/earnings-store.ts'
import { prismaLedgerStore, prismaPartnerDirectory } from '../core/infra/db/ledger-store.ts'
import { type Database, openDatabase } from '../core/infra/db/open-database.ts'
import { prismaPartnerLookup } from '../core/infra/db/partner-lookup.ts'
import { prismaClickStore, prismaPartnerStore } from '../core/infra/db/partner-store.ts'
import { prismaPayoutStore } from '../core/infra/db/payout-store.ts'
import { prismaReviewFlagStore } from '../core/infra/db/review-flags.ts'
import { ipHasher } from '../core/infra/db/settings.ts'
import { prismaStatementReader } from '../core/infra/db/statement-reader.ts'
import { syncPrograms } from '../core/infra/db/sync-programs.ts'
import { prismaTermsStore } from '../core/infra/db/terms-store.ts'
import { loadProgramDefinitions } from '../core/infra/programs/load-definitions.ts'
import { createQueues, type Queues } from '../core/infra/queue/bullmq.ts'
import { outboxRelay } from '../core/infra/queue/outbox.ts'
import { openRedis, pingRedis, type RedisHandle, withTimeout } from '../core/infra/redis.ts'
import { type Clock, systemClock } from '../core/ports/clock.ts'
import { ProgramCatalog } from '../core/programs/catalog.ts'
import type { Config } from './config.ts'
import { createHttpServer } from './http/server.ts'
import { createI18n } from './i18n/index.ts'
import { createLogger } from './logger.ts'
import { createMetrics } from './metrics.ts'
import { SANDBOX_TOKEN, SandboxBotApi } from './sandbox/bot-api.ts'
import { sandboxRoutes } from './sandbox/routes.ts'
import { redisSeenUpdates } from './seen-updates.ts'
import { createSlackApp, type SlackSurface } from './slack/app.ts'
import { createTelegramBot } from './telegram/bot.ts'
import { redisConversationStore } from './telegram/conversation-store.ts'
import { type TelegramSurface, telegramSurface } from './telegram/lifecycle.ts'
import { startWorkers, type Workers } from './workers/index.ts'

/** A start-up failure the operator can fix: names the variable and says why, in one line. */
export class StartupError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`)
    this.name = 'StartupError'
  }
}

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

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)) || 'unknown error'

/**
 * The composition root: builds config-driven infrastructure, core, and every transport that is configured,
 * then starts them. Whatever was opened before a failure is closed again before the error is thrown.
 */
export async function startService(config: Config, opts: ServiceOptions = {}): Promise<Service> {
  const logger = createLogger(config, opts.logDestination)
  const clock = opts.clock ?? systemClock
  const metrics = createMetrics()
  const i18n = createI18n()
  const closers: (() => Promise<void>)[] = []
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) {
      try {
        await close()
      } catch (e) {
        logger.error({ err: e }, 'error while closing')
      }
    }
  }

  try {
    let definitions: ReturnType<typeof loadProgramDefinitions>
    try {
      definitions = loadProgramDefinitions(config.programsDir)
    } catch (e) {
      throw new StartupError('PROGRAMS_DIR', reason(e))
    }
    const db = await openDatabase({
      url: config.database.url,
      migrate: config.database.migrate,
      log: (msg) => logger.info(msg),
    }).catch((e) => {
      throw new StartupError(
        'DATABASE_URL',
        config.database.embedded
          ? `cannot open the embedded database in ${config.database.url.slice('pglite:'.length)}: ${reason(e)}`
          : `cannot use ${redactDatabaseUrl(config.database.url)}: ${reason(e)}`,
      )
    })
    closers.push(() => db.close())
    await syncPrograms(db.prisma, definitions, clock.now())
    const hashIp = await ipHasher(db.prisma)
    logger.info({ database: db.kind, programs: definitions.map((d) => d.key) }, 'database ready')

    const redis = await openRedis(config.redis.url, {
      dataDir: config.dataDir,
      log: (e) => logger.info({ pid: e.pid, dir: e.dir }, `private redis ${e.event}`),
      // each connection reports a lost Redis on every reconnect attempt: /readyz and the callers say it already
      onError: (err) => logger.debug({ err }, 'redis connection error'),
    }).catch((e) => {
      throw new StartupError(
        'REDIS_URL',
        config.redis.url
          ? `cannot reach ${redactDatabaseUrl(config.redis.url)}: ${reason(e)}`
          : `cannot start a private Redis: ${reason(e)}`,
      )
    })
    closers.push(() => redis.stop())
    logger.info({ redis: config.redis.url ? 'external' : 'private' }, 'redis ready')

    const queues: Queues = await createQueues(redis, config.redis.prefix)
    closers.push(() => queues.close())
    const probe = redis.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false })
    probe.on('error', () => {}) // reported by /readyz
    closers.push(async () => probe.disconnect())

    // The transactional outbox: jobs a change announces are written in its transaction and relayed from there;
    // a job Redis cannot take now waits in the database too. A Redis that comes back may have lost what was
    // relayed to it: the rows of unfinished jobs are checked against it at once.
    const outbox = outboxRelay(queues, db.prisma, logger)
    const stopOutbox = outbox.start({ recoverEveryMs: opts.intervals?.outboxRecoverMs })
    closers.push(stopOutbox)
    const offRecover = queues.onReconnect(() => {
      outbox.recover(0).catch((err) => logger.debug({ err }, 'outbox: recovery not run'))
    })
    closers.push(async () => offRecover())
    const jobs = outbox.jobs
    let workers: Workers | undefined
    const core = createCore({
      clock,
      logger,
      jobs,
      programs: new ProgramCatalog(definitions),
      hashIp,
      broadcastRates: { normal: config.broadcast.rate, paid: config.broadcast.paidRate },
      stores: {
        earnings: pgEarningsStore(db.pool, {
          sharedSession: db.kind === 'pglite',
          onBatch: (b) => {
            metrics.postbackBatches.observe({ outcome: b.outcome }, b.size)
            metrics.postbackBatchSeconds.observe(b.seconds)
            if (b.outcome === 'split') {
              logger.warn({ size: b.size, reason: b.reason }, 'postback batch rolled back: its members run again alone')
            }
          },
        }),
        partners: prismaPartnerStore(db.prisma),
        statements: prismaStatementReader(db.prisma),
        clicks: prismaClickStore(db.prisma),
        ledger: prismaLedgerStore(db.prisma, outbox.kick),
        directory: prismaPartnerDirectory(db.prisma, outbox.kick),
        payouts: prismaPayoutStore(db.prisma, outbox.kick),
        flags: prismaReviewFlagStore(db.prisma),
        disputes: prismaDisputeStore(db.prisma, outbox.kick),
        terms: prismaTermsStore(db.prisma, outbox.kick),
        lookup: prismaPartnerLookup(db.prisma),
      },
      cipher: aesGcmCipher(config.paymentDetailsKeys ?? localKeyFile(config.dataDir)),
      probes: [
        { name: 'database', check: () => db.ping() },
        {
          name: 'migrations',
          check: async () => {
            const m = await db.migrations()
            if (m.failed.length) throw new Error(`failed: ${m.failed.join(', ')}`)
            if (m.pending.length) throw new Error(`pending: ${m.pending.join(', ')}`)
          },
        },
        { name: 'redis', check: async () => void (await probe.ping()) },
        // repeatable jobs (pay days, deadlines, digests...) live in Redis only: one that came back empty has none
        { name: 'schedules', check: async () => workers?.checkSchedules() },
      ],
    })
    // commission changes published as term changes apply from their effective dates
    const amendments = await core.terms.loadAmendments()
    if (amendments) logger.info({ amendments }, 'published commission changes loaded')
    // one published later, by any process, is read by the first postback that follows it (rule-versions.ts)

    // known once HTTP listens; referral links use it when PUBLIC_URL is not set
    let serviceUrl = ''
    let telegram: TelegramSurface | undefined
    let telegramApi: Api | undefined
    let sandbox: SandboxBotApi | undefined
    let conversationRedis: ReturnType<typeof redis.connect> | undefined
    let slackRedis: ReturnType<typeof redis.connect> | undefined
    if (config.telegram.mode === 'off') {
      logger.warn('telegram: off (set TELEGRAM_BOT_TOKEN to connect the partner bot; see README)')
    } else {
      if (config.telegram.mode === 'sandbox') {
        sandbox = await new SandboxBotApi().start()
        closers.push(() => sandbox!.stop())
      }
      const telegramConfig =
        config.telegram.mode === 'sandbox'
          ? ({ mode: 'polling', token: SANDBOX_TOKEN, apiRoot: sandbox!.url } as const)
          : config.telegram
      const bots = redis.connect()
      conversationRedis = bots
      closers.push(async () => bots.disconnect())
      const bot = createTelegramBot({
        ...telegramConfig,
        core,
        i18n,
        logger,
        metrics,
        linkBase: () => config.http.publicUrl ?? serviceUrl,
        // update ids are per bot: the bot's id (the token's first part) keeps two bots on one Redis apart
        seenUpdates: redisSeenUpdates(bots, `${config.redis.prefix}:tg:update:${telegramConfig.token.split(':')[0]}:`),
        conversationStore: redisConversationStore(bots, `${config.redis.prefix}:tg:conversation:`),
      })
      telegram = telegramSurface(bot, telegramConfig, i18n, logger)
      telegramApi = bot.api
    }
    let slack: SlackSurface | undefined
    if (config.slack.mode === 'off') {
      logger.warn('slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN; see README)')
    } else {
      // fails fast while Redis is down (the duplicate check then steps aside) instead of holding Slack's requests
      const desk = redis.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000 })
      slackRedis = desk
      closers.push(async () => desk.disconnect())
      slack = createSlackApp({
        config: config.slack,
        core,
        i18n,
        logger,
        seenEvents: redisSeenUpdates(desk, `${config.redis.prefix}:slack:event:`),
      })
    }
    if (!config.adminApiToken) logger.warn('operator API: off (set ADMIN_API_TOKEN to enable /v1 operator calls)')

    let accepting = true
    const app = createHttpServer({
      core,
      logger,
      metrics,
      accepting: () => accepting,
      slack: slack?.router,
      telegramWebhook: telegram?.webhook,
      sandbox:
        sandbox &&
        sandboxRoutes({ api: sandbox, core, remote: config.telegram.mode === 'sandbox' && config.telegram.remote }),
      adminApiToken: config.adminApiToken,
      postbackSecrets: config.postbackSecrets,
      publicUrl: config.http.publicUrl,
      trustProxy: config.http.trustProxy,
    })
    const server = await listen(app, config.http.host, config.http.port).catch((e) => {
      throw new StartupError('PORT', `cannot listen on ${config.http.host}:${config.http.port}: ${reason(e)}`)
    })
    closers.push(() => closeServer(server))
    const port = (server.address() as AddressInfo).port
    const url = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`
    serviceUrl = url

    workers = await startWorkers({
      core,
      redis,
      queues,
      prefix: config.redis.prefix,
      logger,
      metrics,
      i18n,
      telegram: telegramApi,
      slack: slack && config.slack.mode !== 'off' ? { client: slack.app.client, desk: config.slack.desk } : undefined,
      jobs,
      finished: outbox.done,
      scheduleCheckEveryMs: opts.intervals?.scheduleCheckMs,
    })
    const started = workers
    closers.push(() => started.close({ force: true }))

    if (telegram) {
      await telegram.start().catch((e) => {
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
    closers.splice(0) // from here on, shutdown() below closes everything, in its own order

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
    let closing: Promise<void> | undefined
    /**
     * Stops intake (readiness, bots, HTTP), drains the workers, then closes the queues, Redis and the database. Each
     * step is bounded, and a Redis that is already gone (stopped with the terminal, crashed) is not waited for: the
     * jobs running then cannot be acknowledged anyway, and BullMQ hands them to a worker after the restart.
     */
    const shutdown = async () => {
      const begun = performance.now()
      logger.info('shutting down: intake stopped, draining jobs')
      // every step gets at most its own limit and never more than what is left of the shutdown's budget (with a
      // margin for the last steps), so the process exits 0 within SHUTDOWN_TIMEOUT_MS whatever hangs
      const deadline = begun + config.shutdownTimeoutMs - 2000
      const step = async (name: string, ms: number, close: () => Promise<unknown> | unknown) => {
        try {
          await withTimeout(Promise.resolve().then(close), Math.max(200, Math.min(ms, deadline - performance.now())))
        } catch (err) {
          logger.warn({ err, step: name }, 'shutdown step did not finish cleanly')
        }
      }
      accepting = false
      // intake stops everywhere at once: the bots drain the updates in hand, HTTP the requests in flight
      await Promise.all([
        step('telegram', 2000, () => telegram?.stop()),
        step('slack', 3000, () => slack?.stop()),
        step('http', 2000, () => closeServer(server)),
      ])
      server.closeAllConnections()
      const redisUp = await pingRedis(redis.url, 500).then(
        () => true,
        () => false,
      )
      if (!redisUp) {
        logger.warn('shutting down without Redis: running jobs are left for the next start')
        redis.disconnectAll()
      }
      await step('workers', redisUp ? 4000 : 1000, () => started.close({ force: !redisUp }))
      await step('outbox', 1000, stopOutbox)
      offRecover()
      await step('queues', 1000, () => queues.close({ force: !redisUp }))
      probe.disconnect()
      conversationRedis?.disconnect()
      slackRedis?.disconnect()
      await step('sandbox', 1000, () => sandbox?.stop())
      // the last two are not bounded by the budget's margin: they are what the margin is for
      await Promise.all([
        withTimeout(redis.stop(), 1500).catch((err) =>
          logger.warn({ err, step: 'redis' }, 'shutdown step did not finish cleanly'),
        ),
        withTimeout(db.close(), 1500).catch((err) =>
          logger.warn({ err, step: 'database' }, 'shutdown step did not finish cleanly'),
        ),
      ])
      logger.info({ ms: Math.round(performance.now() - begun) }, 'stopped')
    }
    return { url, core, db, redis, close: () => (closing ??= shutdown()) }
  } catch (e) {
    await closeAll()
    throw e
  }
}

function listen(app: ReturnType<typeof createHttpServer>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host)
    server.once('listening', () => resolve(server))
    server.once('error', reject)
  })
}

/** Stops accepting connections, lets in-flight requests finish, drops idle keep-alive sockets. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()))
    server.closeIdleConnections()
  })
}
