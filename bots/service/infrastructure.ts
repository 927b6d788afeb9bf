import type { Logger } from 'pino'
import { aesGcmCipher, localKeyFile } from '../../core/infra/crypto/details-cipher.ts'
import { keyFile, randomKey } from '../../core/infra/crypto/key-file.ts'
import { redactDatabaseUrl } from '../../core/infra/db/database-url.ts'
import { checkDetailsKeys, DetailsKeyMismatchError } from '../../core/infra/db/details-keys.ts'
import { type Database, openDatabase } from '../../core/infra/db/open-database.ts'
import { IpHashKeyMismatchError, ipHasher } from '../../core/infra/db/settings.ts'
import { syncPrograms } from '../../core/infra/db/sync-programs.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { createQueues, type Queues } from '../../core/infra/queue/bullmq.ts'
import { outboxRelay } from '../../core/infra/queue/outbox.ts'
import { openRedis, type PrivateRedisEvent, type RedisHandle } from '../../core/infra/redis.ts'
import type { Clock } from '../../core/ports/clock.ts'
import type { DetailsCipher } from '../../core/ports/secrets.ts'
import type { Config } from '../config.ts'
import { type Closers, reason, StartupError } from './closers.ts'

export interface Infrastructure {
  definitions: ReturnType<typeof loadProgramDefinitions>
  db: Database
  hashIp: (value: string) => string
  redis: RedisHandle
  queues: Queues
  /** The readiness probe's own connection: fails fast instead of queueing while Redis is away. */
  probe: ReturnType<RedisHandle['connect']>
  outbox: ReturnType<typeof outboxRelay>
  /** Payment details' cipher, checked against what the database holds. */
  cipher: DetailsCipher
  stopOutbox: () => Promise<void>
  offRecover: () => void
}

/**
 * The program definitions, the database (migrated, programs synced), Redis, the queues and the transactional
 * outbox, each failure named by the variable that configures it. What was opened is registered with `closers`.
 */
export async function openInfrastructure(
  config: Config,
  clock: Clock,
  logger: Logger,
  closers: Closers,
  outboxRecoverMs?: number,
): Promise<Infrastructure> {
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
  const ipHashKey = config.ipHashKey ?? localIpHashKey(config.dataDir)
  const hashIp = await ipHasher(db, ipHashKey, (fields, msg) => logger.info(fields, msg)).catch((e) => {
    throw e instanceof IpHashKeyMismatchError ? new StartupError('IP_HASH_KEY', e.message) : e
  })
  const cipher = aesGcmCipher(config.paymentDetailsKeys ?? localKeyFile(config.dataDir))
  await checkDetailsKeys(db.prisma, cipher).catch((e) => {
    throw e instanceof DetailsKeyMismatchError ? new StartupError('PAYMENT_DETAILS_KEYS', e.message) : e
  })
  logger.info({ database: db.kind, programs: definitions.map((d) => d.key) }, 'database ready')

  const redis = await openRedis(config.redis.url, {
    dataDir: config.dataDir,
    log: (e) => logPrivateRedis(logger, e),
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

  const queues = await createQueues(redis, config.redis.prefix)
  closers.push(() => queues.close())
  const probe = redis.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false })
  probe.on('error', () => {}) // reported by /readyz
  closers.push(async () => probe.disconnect())

  // The transactional outbox: jobs a change announces are written in its transaction and relayed from there;
  // a job Redis cannot take now waits in the database too. A Redis that comes back may have lost what was
  // relayed to it: the rows of unfinished jobs are checked against it at once.
  const outbox = outboxRelay(queues, db.prisma, logger)
  const stopOutbox = outbox.start({ recoverEveryMs: outboxRecoverMs })
  closers.push(stopOutbox)
  const offRecover = queues.onReconnect(() => {
    outbox.recover(0).catch((err) => logger.debug({ err }, 'outbox: recovery not run'))
  })
  closers.push(async () => offRecover())
  return { definitions, db, hashIp, redis, queues, probe, outbox, cipher, stopOutbox, offRecover }
}

/**
 * The private Redis's life in the log: `private redis started|adopted|replaced|restarted` (info), `exited` and
 * `restart failed` (warn, with when the next start is), `abandoned` (error: it kept dying, the service stays without).
 */
function logPrivateRedis(logger: Logger, e: PrivateRedisEvent) {
  const { event, ...fields } = e
  const { pid, ...rest } = fields as typeof fields & { pid?: number }
  const level = event === 'abandoned' ? 'error' : event === 'exited' || event === 'restart failed' ? 'warn' : 'info'
  logger[level]({ ...(pid === undefined ? {} : { redisPid: pid }), ...rest }, `private redis ${event}`)
}

/** Without IP_HASH_KEY (development, the sandbox): the key file of the data directory, made by the first start. */
function localIpHashKey(dataDir: string): Buffer {
  const key = Buffer.from(keyFile(dataDir, 'ip-hash.key', randomKey), 'base64')
  // an empty or damaged file would be a key nobody chose: refused, as a malformed IP_HASH_KEY is
  if (key.length < 32) throw new StartupError('IP_HASH_KEY', `${dataDir}/ip-hash.key is not 32 bytes of base64`)
  return key
}
