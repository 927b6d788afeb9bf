import type { WebClient } from '@slack/web-api'
import { DelayedError, type Job, Worker } from 'bullmq'
import type { Api } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { Queues } from '../../core/infra/queue/bullmq.ts'
import type { RedisHandle } from '../../core/infra/redis.ts'
import type { JobQueue, QueueName } from '../../core/ports/jobs.ts'
import type { DeskConfig } from '../config.ts'
import type { I18n } from '../i18n/index.ts'
import type { Metrics } from '../metrics.ts'
import type { JobHandlers } from '../shared/jobs.ts'
import { slackFiles } from '../slack/attachments.ts'
import { slackBroadcastProgress } from '../slack/jobs/broadcast-progress.ts'
import { slackDeskJobs } from '../slack/jobs/desk.ts'
import { telegramFiles } from '../telegram/attachments.ts'
import { telegramBroadcasts } from '../telegram/jobs/broadcasts.ts'
import { telegramNotifications } from '../telegram/jobs/notifications.ts'
import { redisPacers } from '../telegram/jobs/pacer.ts'
import { dispatch } from './dispatch.ts'
import { disputeJobs, payoutJobs } from './payouts.ts'
import { scheduleKeeper } from './schedules.ts'
import { systemJobs } from './system.ts'

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
  /** Jobs for work no transaction announces (a catch-up pay day): queued, or kept in the outbox while Redis is down. */
  jobs: JobQueue
  /** A job relayed from the outbox is finished: its rows can go. */
  finished: (jobId: string) => Promise<void>
  /** How often schedules are asserted again (default 30 s). */
  scheduleCheckEveryMs?: number
}

export interface Workers {
  /**
   * Stops taking jobs and waits for the running ones to finish. `force`: Redis is gone, so nothing running can be
   * acknowledged any more: do not wait (BullMQ gives an unacknowledged job to another worker later).
   */
  close(opts?: { force?: boolean }): Promise<void>
  /** The repeatable jobs that Redis does not have (for /readyz); throws with their ids. */
  checkSchedules(): Promise<void>
}

type Handlers = { [Q in QueueName]?: JobHandlers<Q> }

/**
 * Each queue's handlers, from the surface that does the work: partner notices and broadcasts are sent by Telegram,
 * desk posts by Slack; each surface reads the other's files through the attachments port, never with its token.
 */
function handlersOf(deps: WorkerDeps): Handlers {
  const { core, i18n } = deps
  const slack = deps.slack
  const handlers: Handlers = {
    system: systemJobs(deps),
    notifications: telegramNotifications({
      core,
      i18n,
      logger: deps.logger.child({ surface: 'notifications' }),
      telegram: deps.telegram,
      deskFiles: slack && slackFiles(slack.client),
    }),
    payouts: payoutJobs(deps),
    disputes: disputeJobs(deps),
    broadcasts: telegramBroadcasts({
      core,
      // one pace for every instance's pumps: BROADCAST_RATE is a ceiling for all of them together
      pacers: redisPacers(deps.redis.connect({ maxRetriesPerRequest: 2 }), deps.prefix),
      i18n,
      logger: deps.logger.child({ surface: 'broadcasts' }),
      telegram: deps.telegram,
      progress:
        slack && slackBroadcastProgress({ core, i18n, logger: deps.logger, client: slack.client, desk: slack.desk }),
    }),
  }
  // the desk queue waits (nothing lost) until Slack is on
  if (slack)
    handlers.desk = slackDeskJobs({
      core,
      i18n,
      logger: deps.logger.child({ surface: 'desk' }),
      slack: slack.client,
      desk: slack.desk,
      partnerFiles: deps.telegram && telegramFiles(deps.telegram),
    })
  return handlers
}

/**
 * Starts one BullMQ worker per queue that has handlers. Workers only wire: each job is checked against the catalogue
 * (core/ports/jobs.ts) and handed to its handler (see dispatch.ts).
 */
export async function startWorkers(deps: WorkerDeps): Promise<Workers> {
  const handlers = handlersOf(deps)
  const log = deps.logger.child({ surface: 'workers' })
  const workers = (Object.keys(handlers) as QueueName[]).map((queue) => {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        try {
          const result = await dispatch(queue, handlers[queue] as JobHandlers<typeof queue>, job, log)
          deps.metrics.jobs.inc({ queue, name: job.name, outcome: 'ok' })
          // the outbox forgets the job once it is done (not a repeatable one's run: those have no row)
          if (job.id && !job.repeatJobKey) {
            await deps
              .finished(job.id)
              .catch((err) => log.debug({ err, jobId: job.id }, 'outbox row kept for the sweep'))
          }
          return result
        } catch (e) {
          // a job put back to wait (Slack down) is not a failure
          deps.metrics.jobs.inc({ queue, name: job.name, outcome: e instanceof DelayedError ? 'delayed' : 'error' })
          throw e
        }
      },
      {
        connection: deps.redis.connect({ maxRetriesPerRequest: null }),
        prefix: deps.prefix,
        // the desk posts one at a time: a dispute's card exists before its thread replies and card updates;
        // one broadcast pump at a time per instance (the rate is shared by all instances: redisPacers)
        concurrency: queue === 'desk' || queue === 'broadcasts' ? 1 : 4,
        // a job whose process died (a pump, a notice being sent) is taken over within ~30 s instead of ~90 s: its
        // lock is renewed every 7.5 s while it runs
        lockDuration: 15_000,
        stalledInterval: 15_000,
      },
    )
    worker.on('failed', (job, err) => log.warn({ queue, job: job?.name, jobId: job?.id, err }, 'job failed'))
    worker.on('error', (err) => log.error({ queue, err }, 'worker error'))
    return worker
  })
  // broadcasts left running by a crash or a restart go on where they stopped
  await deps.core.terms.pump.ensurePumps()
  const keeper = scheduleKeeper(deps)
  await keeper.assert(true)
  const stopKeeper = keeper.start(deps.scheduleCheckEveryMs)
  await Promise.all(workers.map((w) => w.waitUntilReady()))
  log.info({ queues: Object.keys(handlers) }, 'workers started')
  return {
    async close(opts = {}) {
      stopKeeper()
      await Promise.all(workers.map((w) => w.close(opts.force)))
    },
    checkSchedules: () => keeper.check(),
  }
}
