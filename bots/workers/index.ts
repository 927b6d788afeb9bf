import type { WebClient } from '@slack/web-api'
import { type Job, type Processor, UnrecoverableError, Worker } from 'bullmq'
import type { Api } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { Queues } from '../../core/infra/queue/bullmq.ts'
import type { RedisHandle } from '../../core/infra/redis.ts'
import type { QueueName } from '../../core/ports/jobs.ts'
import type { DeskConfig } from '../config.ts'
import type { I18n } from '../i18n/index.ts'
import type { Metrics } from '../metrics.ts'
import { broadcastsProcessor } from './broadcasts.ts'
import { deskProcessor } from './desk.ts'
import { notificationsProcessor } from './notifications.ts'
import { payoutsProcessor, schedulePayDays } from './payouts.ts'
import { DIGEST_EVERY_MS, HEARTBEAT_EVERY_MS, systemProcessor } from './system.ts'

export interface WorkerDeps {
  core: Core
  redis: RedisHandle
  queues: Queues
  prefix: string
  logger: Logger
  metrics: Metrics
  i18n: I18n
  /** The partner bot's API when Telegram is on. */
  telegram?: Api
  /** The Slack desk when Slack is on: the desk queue waits (nothing lost) until it is. */
  slack?: { client: WebClient; desk: DeskConfig }
}

export interface Workers {
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>
}

/**
 * Starts one BullMQ worker per queue that has a processor. Processors are thin: they read ids from the job
 * and call core; a job name a processor does not know fails without retries (UnrecoverableError).
 */
export async function startWorkers(deps: WorkerDeps): Promise<Workers> {
  const processors: Partial<Record<QueueName, Processor>> = {
    system: systemProcessor(deps),
    notifications: notificationsProcessor({
      ...deps,
      logger: deps.logger.child({ surface: 'notifications' }),
      slack: deps.slack?.client,
    }),
    payouts: payoutsProcessor(deps),
    disputes: async (job: Job) => {
      if (job.name !== 'dispute_timer') throw new UnrecoverableError(`unknown disputes job ${job.name}`)
      const kind = job.data.kind === 'deadline' ? 'deadline' : 'reminder'
      return deps.core.disputeTimer(String(job.data.disputeId), kind)
    },
  }
  processors.broadcasts = broadcastsProcessor({
    ...deps,
    logger: deps.logger.child({ surface: 'broadcasts' }),
  })
  if (deps.slack)
    processors.desk = deskProcessor({
      ...deps,
      logger: deps.logger.child({ surface: 'desk' }),
      slack: deps.slack.client,
      desk: deps.slack.desk,
    })
  const log = deps.logger.child({ surface: 'workers' })
  const workers = Object.entries(processors).map(([queue, processor]) => {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        try {
          const result = await processor!(job)
          deps.metrics.jobs.inc({ queue, name: job.name, outcome: 'ok' })
          return result
        } catch (e) {
          deps.metrics.jobs.inc({ queue, name: job.name, outcome: 'error' })
          throw e
        }
      },
      {
        connection: deps.redis.connect({ maxRetriesPerRequest: null }),
        prefix: deps.prefix,
        // the desk posts one at a time: a dispute's card exists before its thread replies and card updates
        // and one broadcast pump at a time, so the broadcast rate is a global one
        concurrency: queue === 'desk' || queue === 'broadcasts' ? 1 : 4,
        // a pump whose process died is taken over within ~30 s (its lock is renewed every 7.5 s while it runs)
        ...(queue === 'broadcasts' ? { lockDuration: 15_000, stalledInterval: 15_000 } : {}),
      },
    )
    worker.on('failed', (job, err) => log.warn({ queue, job: job?.name, jobId: job?.id, err }, 'job failed'))
    worker.on('error', (err) => log.error({ queue, err }, 'worker error'))
    return worker
  })
  await deps.queues
    .queue('system')
    .upsertJobScheduler('heartbeat', { every: HEARTBEAT_EVERY_MS }, { name: 'heartbeat', data: {} })
  await deps.queues
    .queue('system')
    .upsertJobScheduler('low-activity', { pattern: '5 * * * *' }, { name: 'low_activity', data: {} })
  // earnings news goes out as one digest per partner, every 15 minutes, instead of a message per click
  await deps.queues
    .queue('system')
    .upsertJobScheduler('earnings-digests', { every: DIGEST_EVERY_MS }, { name: 'earnings_digests', data: {} })
  await deps.queues
    .queue('system')
    .upsertJobScheduler('agreements', { every: 60_000 }, { name: 'agreements', data: {} })
  // broadcasts left running by a crash or a restart go on where they stopped, and every minute a running
  // broadcast without a pump (its job lost with Redis, a resume that raced a stopping pump) gets one
  await deps.core.broadcastPump.ensurePumps()
  await deps.queues
    .queue('system')
    .upsertJobScheduler('broadcast-pumps', { every: 60_000 }, { name: 'broadcast_pumps', data: {} })
  await deps.queues
    .queue('system')
    .upsertJobScheduler('dispute-deadlines', { every: 60_000 }, { name: 'dispute_deadlines', data: {} })
  await schedulePayDays(deps.core, deps.queues)
  await Promise.all(workers.map((w) => w.waitUntilReady()))
  log.info({ queues: Object.keys(processors) }, 'workers started')
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()))
    },
  }
}
