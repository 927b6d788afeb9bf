import type { WebClient } from '@slack/web-api'
import { type Job, UnrecoverableError } from 'bullmq'
import type { Api } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { DeskConfig } from '../config.ts'
import type { I18n } from '../i18n/index.ts'
import { disputeDeskJobs } from '../slack/desk/disputes.ts'
import { financeDeskJobs } from '../slack/desk/finance.ts'
import { termsDeskJobs } from '../slack/desk/terms.ts'

export interface DeskDeps {
  core: Core
  i18n: I18n
  logger: Logger
  /** The Slack app's Web API client (rate limits retried by the client). */
  slack: WebClient
  desk: DeskConfig
  /** The partner bot's API, to fetch files partners attach. */
  telegram?: Api
}

export type DeskJobs = Record<string, (job: Job, deps: DeskDeps) => Promise<unknown>>

/**
 * Posts to Slack from the `desk` queue: dispute cards and threads, reminders, payout approvals and batch
 * summaries. Runs one job at a time, so a card is created once before its updates. Nothing is lost while
 * Slack is down: a failed post is retried with backoff.
 */
export function deskProcessor(deps: DeskDeps) {
  const jobs: DeskJobs = { ...disputeDeskJobs(), ...financeDeskJobs(), ...termsDeskJobs() }
  return async (job: Job) => {
    const handler = Object.hasOwn(jobs, job.name) ? jobs[job.name] : undefined
    if (!handler) throw new UnrecoverableError(`unknown desk job ${job.name}`)
    return handler(job, deps)
  }
}
