import { UnavailableError } from '../../core/domain/errors.ts'
import type { Core } from '../../core/index.ts'
import { isConnectionError } from '../../core/infra/db/connection-errors.ts'
import { type JobHandlers, RetryLater } from '../shared/jobs.ts'

/** How long a pay day waits for the database to come back before it tries again (no attempt is used up). */
export const PAY_DAY_RETRY_MS = 15_000

/**
 * The payouts queue: build the batch when today is a pay day (idempotent: a rerun completes, never repeats). A pay
 * day that meets an unreachable database waits for it, however long: with attempts (1 s doubling) it gave up after
 * about 15 s of outage, and its partners were paid by the next day's catch-up, a day late.
 */
export const payoutJobs = (deps: { core: Pick<Core, 'batches'> }): JobHandlers<'payouts'> => ({
  pay_day: async ({ data }) => {
    try {
      return await deps.core.batches.runPayDay(data.program)
    } catch (e) {
      if (e instanceof UnavailableError || isConnectionError(e)) throw new RetryLater(PAY_DAY_RETRY_MS, 'database')
      throw e
    }
  },
})

/** The disputes queue: a reminder or a deadline fires (it re-checks the dispute's state and time). */
export const disputeJobs = (deps: { core: Core }): JobHandlers<'disputes'> => ({
  dispute_timer: ({ data }) => deps.core.disputes.timer(data.disputeId, data.kind),
})
