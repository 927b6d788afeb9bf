import type { Core } from '../../core/index.ts'
import type { Metrics } from '../metrics.ts'
import type { JobHandlers } from '../shared/jobs.ts'

/** The system queue: a heartbeat every 15 s proves that a worker is consuming jobs (see /metrics). */
export const HEARTBEAT_EVERY_MS = 15_000
export const DIGEST_EVERY_MS = 15 * 60_000

export function systemJobs(deps: { core: Core; metrics: Metrics }): JobHandlers<'system'> {
  return {
    async heartbeat() {
      deps.metrics.workerHeartbeat.set(deps.core.clock.now().getTime() / 1000)
    },
    earnings_digests: async () => ({ queued: await deps.core.reports.queueDigests() }),
    async low_activity() {
      // hourly: each program's month turns in its own time zone; a repeat run adds nothing
      for (const p of deps.core.programs.list()) await deps.core.earnings.reviewLowActivity(p.key)
    },
    // every minute: dispute reminders and escalations whose delayed job was lost (Redis flushed, a crash)
    dispute_deadlines: async () => ({ fired: await deps.core.disputes.sweepDeadlines() }),
    // every minute: ad-rule warnings whose days to fix ran out unresolved block payouts (once each)
    ad_warning_deadlines: async () => ({ escalated: await deps.core.sanctions.escalateOverdue() }),
    // every minute: code suspensions and blocks whose end has come are lifted (once each, the partner told)
    sanction_ends: async () => ({ lifted: await deps.core.sanctions.expireEnded() }),
    // once, at a sanction's end (core/use-cases/sanctions.ts queues it): the codes work again to the moment
    sanction_end: async ({ data }) => ({ lifted: await deps.core.sanctions.end(data.sanctionId) }),
    broadcast_pumps: async () => ({ running: await deps.core.terms.pump.ensurePumps() }),
    // every minute: agreements whose end has come (an objection, the company's notice, a partner leaving)
    agreements: async () => ({ ended: await deps.core.terms.endAgreementsDue() }),
    // once, at an ending's date (core/use-cases/endings.ts queues it)
    agreement_end: async () => ({ ended: await deps.core.terms.endAgreementsDue() }),
  }
}
