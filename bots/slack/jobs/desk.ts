import type { WebClient } from '@slack/web-api'
import type { Logger } from 'pino'
import type { Core } from '../../../core/index.ts'
import type { AttachmentSource } from '../../../core/ports/attachments.ts'
import type { DeskConfig } from '../../config.ts'
import type { I18n } from '../../i18n/index.ts'
import { type JobHandlers, type JobRun, RetryLater } from '../../shared/jobs.ts'
import { adWarningDeskJobs } from '../desk/ad-warnings.ts'
import { applicationDeskJobs } from '../desk/applications.ts'
import { detailsDeskJobs } from '../desk/details.ts'
import { disputeDeskJobs } from '../desk/disputes.ts'
import { erasedCardJobs } from '../desk/erased-cards.ts'
import { financeDeskJobs } from '../desk/finance.ts'
import { NotYet } from '../desk/once.ts'
import { termsDeskJobs } from '../desk/terms.ts'
import { isSlackUnavailable, slackErrorSummary } from '../web-client.ts'

export interface DeskDeps {
  core: Core
  i18n: I18n
  logger: Logger
  /** The Slack app's Web API client for jobs (bounded tries; rate limits waited out by the client). */
  slack: WebClient
  desk: DeskConfig
  /** The files partners attach (read from their chat); undefined while Telegram is off. */
  partnerFiles?: AttachmentSource
}

/** While Slack is down a desk job waits a quarter of its age (from 1 s up to 5 min) before it tries again. */
const WAIT_MIN_MS = 1_000
const WAIT_MAX_MS = 5 * 60_000
/** A job still waiting for Slack after 3 days fails like any other (and stays in the failed list for a week). */
const GIVE_UP_AFTER_MS = 3 * 24 * 3600_000

/**
 * Posts to Slack from the `desk` queue: dispute cards and threads, reminders, payout approvals and batch
 * summaries. The queue runs one job at a time, so a card is created once before its updates.
 *
 * Nothing is lost while Slack is down: a job that fails because Slack did not answer (a timeout, a 5xx, a rate
 * limit: its retry-after is honoured), or that needs a card not posted yet, asks to run again later (RetryLater)
 * without using up its attempts, for as long as the outage lasts (up to 3 days). Each step a job completed is kept
 * in the job, so nothing is posted twice when it runs again.
 */
export function slackDeskJobs(deps: DeskDeps): JobHandlers<'desk'> {
  const jobs = {
    ...disputeDeskJobs(deps),
    ...financeDeskJobs(deps),
    ...termsDeskJobs(deps),
    ...detailsDeskJobs(deps),
    ...applicationDeskJobs(deps),
    ...adWarningDeskJobs(deps),
    ...erasedCardJobs(deps),
  }
  const waiting =
    <D>(name: string, handler: (run: JobRun<D>) => Promise<unknown>) =>
    async (run: JobRun<D>) => {
      try {
        return await handler(run)
      } catch (e) {
        const age = Date.now() - run.queuedAt
        if (!(isSlackUnavailable(e) || e instanceof NotYet) || age > GIVE_UP_AFTER_MS) throw e
        // Slack's retry-after, when it rate-limited the call, is waited out at least
        const retryAfterMs = 1000 * ((e as { retryAfter?: number }).retryAfter ?? 0)
        const waitMs = Math.round(Math.max(retryAfterMs, Math.min(WAIT_MAX_MS, Math.max(WAIT_MIN_MS, age / 4))))
        deps.logger.warn(
          {
            job: name,
            jobId: run.id,
            waitMs,
            ...(e instanceof NotYet ? { reason: e.message } : slackErrorSummary(e)),
          },
          'desk job waits for Slack',
        )
        throw new RetryLater(waitMs, 'slack unavailable')
      }
    }
  return {
    dispute_card: waiting('dispute_card', jobs.dispute_card),
    dispute_message: waiting('dispute_message', jobs.dispute_message),
    dispute_copy_erased: waiting('dispute_copy_erased', jobs.dispute_copy_erased),
    desk_card_erased: waiting('desk_card_erased', jobs.desk_card_erased),
    dispute_deadline: waiting('dispute_deadline', jobs.dispute_deadline),
    dispute_undelivered: waiting('dispute_undelivered', jobs.dispute_undelivered),
    payout_review: waiting('payout_review', jobs.payout_review),
    batch_built: waiting('batch_built', jobs.batch_built),
    terms_objection: waiting('terms_objection', jobs.terms_objection),
    broadcast_progress: waiting('broadcast_progress', jobs.broadcast_progress),
    details_review: waiting('details_review', jobs.details_review),
    details_decided: waiting('details_decided', jobs.details_decided),
    application_card: waiting('application_card', jobs.application_card),
    ad_warning_overdue: waiting('ad_warning_overdue', jobs.ad_warning_overdue),
  }
}
