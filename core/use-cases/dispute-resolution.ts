import { resolveDispute } from './dispute-desk.ts'
import type { DisputeDeps } from './dispute-news.ts'
import { restoreCommission } from './restore-commission.ts'
import { type ReviewDeps, reviewCommission } from './review-commission.ts'

/**
 * Upheld or rejected; upholding a dispute about a commission held for review may also release it (approve), and
 * one about a rejected, reversed or annulled commission may restore it, in the same call, so support does not
 * have to find the commission elsewhere. The dispute is resolved first: a second submission is refused as
 * already resolved and restores nothing twice.
 */
export async function resolveDisputeAndCommission(
  deps: { disputes: DisputeDeps; review: ReviewDeps },
  input: Parameters<typeof resolveDispute>[1] & { releaseCommission?: boolean; restoreCommission?: boolean },
) {
  const d = await resolveDispute(deps.disputes, input)
  if (input.releaseCommission && d.status === 'upheld' && d.subject === 'commission' && d.subjectId)
    await reviewCommission(deps.review, {
      commissionId: d.subjectId,
      action: 'approve',
      reason: 'dispute_upheld',
      actor: input.actor,
    })
  if (input.restoreCommission && d.status === 'upheld' && d.subject === 'commission' && d.subjectId)
    await restoreCommission(deps.review, { commissionId: d.subjectId, reason: 'dispute_upheld', actor: input.actor })
  return d
}
