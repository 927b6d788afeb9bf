import { type Job, UnrecoverableError } from 'bullmq'
import type { Core } from '../../core/index.ts'
import type { Queues } from '../../core/infra/queue/bullmq.ts'

/** Each scheduled program's pay-day check runs daily at 06:00 in the program's own time zone. */
export async function schedulePayDays(core: Core, queues: Queues) {
  for (const p of core.programs.list()) {
    if (p.payout.schedule.type === 'on_request') continue
    await queues
      .queue('payouts')
      .upsertJobScheduler(
        `pay-day:${p.key}`,
        { pattern: '0 6 * * *', tz: p.timeZone },
        { name: 'pay_day', data: { program: p.key } },
      )
  }
}

/** The payouts queue: build the batch when today is a pay day (idempotent: a rerun completes, never repeats). */
export function payoutsProcessor(deps: { core: Core }) {
  return async (job: Job) => {
    if (job.name === 'pay_day') return deps.core.runPayDay(String(job.data.program))
    throw new UnrecoverableError(`unknown payouts job ${job.name}`)
  }
}
