import type { WebClient } from '@slack/web-api'
import { DelayedError, type Job, UnrecoverableError } from 'bullmq'
import type { Api } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { DeskConfig } from '../config.ts'
import type { I18n } from '../i18n/index.ts'
import { disputeDeskJobs } from '../slack/desk/disputes.ts'
import { financeDeskJobs } from '../slack/desk/finance.ts'
import { NotYet } from '../slack/desk/once.ts'
import { termsDeskJobs } from '../slack/desk/terms.ts'
import { isSlackUnavailable, slackErrorSummary } from '../slack/web-client.ts'

export interface DeskDeps {
  core: Core
  i18n: I18n
  logger: Logger
  /** The Slack app's Web API client for jobs (bounded tries; rate limits waited out by the client). */
  slack: WebClient
  desk: DeskConfig
  /** The partner bot's API, to fetch files partners attach. */
  telegram?: Api
}

export type DeskJobs = Record<string, (job: Job, deps: DeskDeps) => Promise<unknown>>

/** While Slack is down a desk job waits a quarter of its age (from 1 s up to 5 min) before it tries again. */
const WAIT_MIN_MS = 1_000
const WAIT_MAX_MS = 5 * 60_000
/** A job still waiting for Slack after 3 days fails like any other (and stays in the failed list for a week). */
const GIVE_UP_AFTER_MS = 3 * 24 * 3600_000

/**
 * Posts to Slack from the `desk` queue: dispute cards and threads, reminders, payout approvals and batch
 * summaries. Runs one job at a time, so a card is created once before its updates.
 *
 * Nothing is lost while Slack is down: a job that fails because Slack did not answer (a timeout, a 5xx, a rate
 * limit: its retry-after is honoured), or that needs a card not posted yet, is delayed and tried again later without using up its attempts,
 * for as long as the outage lasts (up to 3 days). Each step a job completed is kept in the job, so nothing is
 * posted twice when it runs again.
 */
export function deskProcessor(deps: DeskDeps) {
  const jobs: DeskJobs = { ...disputeDeskJobs(), ...financeDeskJobs(), ...termsDeskJobs() }
  return async (job: Job) => {
    const handler = Object.hasOwn(jobs, job.name) ? jobs[job.name] : undefined
    if (!handler) throw new UnrecoverableError(`unknown desk job ${job.name}`)
    try {
      return await handler(job, deps)
    } catch (e) {
      const age = Date.now() - job.timestamp
      if (!(isSlackUnavailable(e) || e instanceof NotYet) || age > GIVE_UP_AFTER_MS) throw e
      // Slack's retry-after, when it rate-limited the call, is waited out at least
      const retryAfterMs = 1000 * ((e as { retryAfter?: number }).retryAfter ?? 0)
      const waitMs = Math.round(Math.max(retryAfterMs, Math.min(WAIT_MAX_MS, Math.max(WAIT_MIN_MS, age / 4))))
      deps.logger.warn(
        {
          job: job.name,
          jobId: job.id,
          waitMs,
          ...(e instanceof NotYet ? { reason: e.message } : slackErrorSummary(e)),
        },
        'desk job waits for Slack',
      )
      await job.moveToDelayed(Date.now() + waitMs, job.token)
      throw new DelayedError()
    }
  }
}
