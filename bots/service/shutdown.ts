import type { Server } from 'node:http'
import type { Logger } from 'pino'
import { pingRedis, withTimeout } from '../../core/infra/redis.ts'
import { endKeepAlive } from '../http/keep-alive.ts'
import type { Workers } from '../workers/index.ts'
import type { Infrastructure } from './infrastructure.ts'
import type { TelegramParts } from './surfaces.ts'

export interface Running {
  infra: Infrastructure
  server: Server
  workers: Workers
  telegram?: TelegramParts
  slack?: { surface: { stop(): Promise<void> }; connection: { disconnect(): void } }
  /** Buffers clicks (ClickWriter): written once HTTP has stopped, before the database closes. */
  clicks: { close(): Promise<void>; readonly unwritten: number }
  /** Readiness and new work: false from the first step on. */
  stopIntake: () => void
}

/**
 * Stops intake (readiness, bots, HTTP), writes the buffered clicks, drains the workers, then closes the queues, Redis and the database. Each
 * step is bounded, and a Redis that is already gone (stopped with the terminal, crashed) is not waited for: the
 * jobs running then cannot be acknowledged anyway, and BullMQ hands them to a worker after the restart.
 */
export async function shutdown(r: Running, logger: Logger, timeoutMs: number): Promise<void> {
  const begun = performance.now()
  const { infra, server } = r
  logger.info('shutting down: intake stopped, draining jobs')
  // every step gets at most its own limit and never more than what is left of the shutdown's budget (with a
  // margin for the last steps), so the process exits 0 within SHUTDOWN_TIMEOUT_MS whatever hangs
  const deadline = begun + timeoutMs - 2000
  const step = async (name: string, ms: number, close: () => Promise<unknown> | unknown) => {
    try {
      await withTimeout(Promise.resolve().then(close), Math.max(200, Math.min(ms, deadline - performance.now())))
    } catch (err) {
      logger.warn({ err, step: name }, 'shutdown step did not finish cleanly')
    }
  }
  r.stopIntake()
  // intake stops everywhere at once: the bots drain the updates in hand, HTTP the requests in flight
  await Promise.all([
    step('telegram', 2000, () => r.telegram?.surface.stop()),
    step('slack', 3000, () => r.slack?.surface.stop()),
    step('http', 2000, () => closeServer(server)),
  ])
  server.closeAllConnections()
  // an update cut off by the stop is no longer this instance's: Telegram's redelivery is handled after the restart
  await step('update claims', 500, () => r.telegram?.claims.stop?.())
  // no click comes any more: the clicks answered and still buffered are written (a crash would lose them)
  await step('clicks', 3000, () => r.clicks.close())
  // a database slower than the stop's budget: what is lost is said, with its count, not only that a step timed out
  if (r.clicks.unwritten)
    logger.error({ clicks: r.clicks.unwritten }, 'clicks answered but not written before the stop: lost')
  const redisUp = await pingRedis(infra.redis.url, 500).then(
    () => true,
    () => false,
  )
  if (!redisUp) {
    logger.warn('shutting down without Redis: running jobs are left for the next start')
    infra.redis.disconnectAll()
  }
  await step('workers', redisUp ? 4000 : 1000, () => r.workers.close({ force: !redisUp }))
  await step('outbox', 1000, infra.stopOutbox)
  infra.offRecover()
  await step('queues', 1000, () => infra.queues.close({ force: !redisUp }))
  infra.probe.disconnect()
  r.telegram?.connection.disconnect()
  r.slack?.connection.disconnect()
  await step('sandbox', 1000, () => r.telegram?.sandbox?.stop())
  // the last two are not bounded by the budget's margin: they are what the margin is for
  const last = (name: string, close: Promise<void>) =>
    withTimeout(close, 1500).catch((err) => logger.warn({ err, step: name }, 'shutdown step did not finish cleanly'))
  await Promise.all([last('redis', infra.redis.stop()), last('database', infra.db.close())])
  logger.info({ ms: Math.round(performance.now() - begun) }, 'stopped')
}

/**
 * Stops accepting connections, lets in-flight requests finish (each answer then ends its connection), drops idle
 * keep-alive sockets.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    endKeepAlive(server)
    server.close((err) => (err ? reject(err) : resolve()))
    server.closeIdleConnections()
  })
}
