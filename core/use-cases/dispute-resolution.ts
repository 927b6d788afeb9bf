import { isResolved } from '../domain/disputes.ts'
import { DomainError, isDomainError } from '../domain/errors.ts'
import { type ResolutionStep, resolutionOf, resolveDispute } from './dispute-desk.ts'
import type { DisputeDeps } from './dispute-news.ts'
import { refuseUnrestorable, restoreCommission, restoredAlready } from './restore-commission.ts'
import { type ReviewDeps, refuseUndecidable, reviewCommission } from './review-commission.ts'

type ResolveInput = Omit<Parameters<typeof resolveDispute>[1], 'step'> & {
  releaseCommission?: boolean
  restoreCommission?: boolean
}

/** The step after the resolution this submission asks for. */
const stepOf = (input: ResolveInput): ResolutionStep =>
  input.outcome !== 'upheld'
    ? 'none'
    : input.releaseCommission
      ? 'release'
      : input.restoreCommission
        ? 'restore'
        : 'none'

/**
 * Upheld or rejected; upholding a dispute about a commission held for review may also release it (approve), and
 * one about a rejected, reversed or annulled commission may restore it, in the same call, so support does not
 * have to find the commission elsewhere. The commission is checked first: a release or restore it does not allow
 * (revenue waiting for its bets, a commission decided meanwhile, a disqualified partner) is refused before anything
 * changes. The dispute is then resolved, the step asked for recorded with it: a second submission is refused as
 * already resolved and restores nothing twice, unless the first one asked for the same release or restore and it
 * never happened (it failed after the resolution): then the second does it. A step the first resolution did not ask
 * for (a colleague upheld without restoring, a stale modal ticks "give it back") is refused as already resolved.
 */
export async function resolveDisputeAndCommission(
  deps: { disputes: DisputeDeps; review: ReviewDeps },
  input: ResolveInput,
) {
  const upheld = input.outcome === 'upheld' && (input.releaseCommission || input.restoreCommission)
  if (upheld) await refuseCommissionDecision(deps, input)
  let d: Awaited<ReturnType<typeof resolveDispute>>
  try {
    d = await resolveDispute(deps.disputes, { ...input, step: stepOf(input) })
  } catch (e) {
    // upheld already, its release or restore not done (the step after the resolution failed, or the process
    // stopped between the two): submitted again, it does that step now instead of refusing the dispute as resolved
    const unfinished =
      upheld && isDomainError(e) && e.code === 'dispute.resolved' ? await upheldWithStepLeft(deps, input) : null
    if (!unfinished) throw e
    d = unfinished
  }
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

/** The release or restore asked for, checked against the commission as it stands: throws what the decision would. */
async function refuseCommissionDecision(deps: { disputes: DisputeDeps; review: ReviewDeps }, input: ResolveInput) {
  const d = await deps.disputes.disputes.byId(input.disputeId)
  // a resolved dispute is refused as such by resolveDispute
  if (!d || isResolved(d.status) || d.subject !== 'commission' || !d.subjectId) return
  const commissionId = d.subjectId
  await deps.review.ledger.transaction(async (tx) => {
    const enrolment = await tx.lockEnrolmentOfCommission(commissionId)
    const c = enrolment && (await tx.lockCommission(commissionId))
    if (!c) throw new DomainError('commission.not_found', { commission: commissionId })
    if (input.releaseCommission) refuseUndecidable(c, 'approve')
    if (input.restoreCommission && !restoredAlready(c)) refuseUnrestorable(c, enrolment.status)
  })
}

/**
 * The dispute, when it is upheld already with the release or restore asked for now, and that step is still to be
 * done; else null. A resolution that recorded no step (or another one) has none left.
 */
async function upheldWithStepLeft(deps: { disputes: DisputeDeps; review: ReviewDeps }, input: ResolveInput) {
  const d = await deps.disputes.disputes.byId(input.disputeId)
  if (d?.status !== 'upheld' || d.subject !== 'commission' || !d.subjectId) return null
  if (resolutionOf(d)?.step !== stepOf(input)) return null
  const commissionId = d.subjectId
  const left = await deps.review.ledger.transaction(async (tx) => {
    const enrolment = await tx.lockEnrolmentOfCommission(commissionId)
    const c = enrolment && (await tx.lockCommission(commissionId))
    if (!c) return false
    if (input.releaseCommission) return c.status === 'held'
    return TAKEN_BACK_STATUSES.includes(c.status) && !restoredAlready(c)
  })
  return left ? d : null
}

/** A commission a restore gives back. */
const TAKEN_BACK_STATUSES: string[] = ['rejected', 'reversed', 'annulled']
