import { type Job, UnrecoverableError } from 'bullmq'
import type { Core } from '../../core/index.ts'
import type { Metrics } from '../metrics.ts'

/** The system queue: a heartbeat every 15 s proves that a worker is consuming jobs (see /metrics). */
export const HEARTBEAT_EVERY_MS = 15_000
export const DIGEST_EVERY_MS = 15 * 60_000

export function systemProcessor(deps: { core: Core; metrics: Metrics }) {
  return async (job: Job) => {
    if (job.name === 'heartbeat') {
      deps.metrics.workerHeartbeat.set(deps.core.clock.now().getTime() / 1000)
      return
    }
    if (job.name === 'earnings_digests') return { queued: await deps.core.reports.queueDigests() }
    if (job.name === 'low_activity') {
      // hourly: each program's month turns in its own time zone; a repeat run adds nothing
      for (const p of deps.core.programs.list()) await deps.core.earnings.reviewLowActivity(p.key)
      return
    }
    // every minute: dispute reminders and escalations whose delayed job was lost (Redis flushed, a crash)
    if (job.name === 'dispute_deadlines') return { fired: await deps.core.disputes.sweepDeadlines() }
    if (job.name === 'broadcast_pumps') return { running: await deps.core.terms.pump.ensurePumps() }
    // every minute: agreements that end today (a worksection partner objected to a term change)
    if (job.name === 'agreements') return { ended: await deps.core.terms.endAgreementsDue() }
    throw new UnrecoverableError(`unknown system job ${job.name}`)
  }
}
