import { type Job, UnrecoverableError } from 'bullmq'
import type { Core } from '../../core/index.ts'

/** The payouts queue: build the batch when today is a pay day (idempotent: a rerun completes, never repeats). */
export function payoutsProcessor(deps: { core: Core }) {
  return async (job: Job) => {
    if (job.name === 'pay_day') return deps.core.batches.runPayDay(String(job.data.program))
    throw new UnrecoverableError(`unknown payouts job ${job.name}`)
  }
}
