import type { Core } from '../../core/index.ts'
import type { JobHandlers } from '../shared/jobs.ts'

/** The payouts queue: build the batch when today is a pay day (idempotent: a rerun completes, never repeats). */
export const payoutJobs = (deps: { core: Core }): JobHandlers<'payouts'> => ({
  pay_day: ({ data }) => deps.core.batches.runPayDay(data.program),
})

/** The disputes queue: a reminder or a deadline fires (it re-checks the dispute's state and time). */
export const disputeJobs = (deps: { core: Core }): JobHandlers<'disputes'> => ({
  dispute_timer: ({ data }) => deps.core.disputes.timer(data.disputeId, data.kind),
})
