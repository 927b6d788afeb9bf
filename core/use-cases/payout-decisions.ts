import { localDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import {
  expectedPayment,
  PAYOUT_NOTE_MAX,
  type PayoutAction,
  type PayoutStatus,
  payoutTransition,
  periodOfPayDay,
  RELEASES,
} from '../domain/payouts.ts'
import { payoutDecisionReasons } from '../domain/reason-codes.ts'
import type { PayoutTx } from '../ports/payout-store.ts'
import { payoutPostings } from './payout-ledger.ts'
import {
  type PayoutDeps,
  type PayoutJson,
  payoutCardNews,
  payoutJson,
  payoutStatusNews,
  refuseByStatus,
} from './payouts.ts'

export interface DecisionInput {
  payoutId: string
  action: PayoutAction
  /** Reason code for reject, hold and cancel (the partner reads it in their language). */
  reason?: string
  /**
   * Finance's words with a hold or rejection, which the partner reads under the reason as written (required with
   * the reason "other", which says nothing by itself). Free text: it goes to the payout and its audit row, never
   * to a log.
   */
  note?: string
  /** The payment's reference (bank transfer id), required to mark a payout paid. */
  reference?: string
  actor: string
  /** Cancellation by the partner: only their own payout. */
  partnerId?: string
  /** The partner acted in the bot and reads the outcome there: no separate notice. */
  answeredInChat?: boolean
  /**
   * The status the decider saw (a desk modal opened on it): a payout that has moved since (another agent approved
   * it meanwhile) is refused, even where the transition table would allow the decision from its new status.
   */
  seenStatus?: PayoutStatus
}

/**
 * Approve, hold for review, reject, cancel or mark paid, as the transition table allows, compare-and-set. A
 * rejection or cancellation gives the reserved amount back in the same transaction; a paid payout is final.
 */
export async function decidePayout(deps: PayoutDeps, input: DecisionInput): Promise<{ payout: PayoutJson }> {
  const explained = input.action === 'reject' || input.action === 'hold'
  if (explained && !input.reason) {
    throw new DomainError('payout.reason_required', { action: input.action })
  }
  // the partner reads the reason in their language: one not on the decision's list has no words and is refused
  // here, whoever calls (the operator API and the desk offer only the list)
  const reasons = payoutDecisionReasons(input.action)
  if (input.reason !== undefined && !reasons.includes(input.reason)) {
    throw new DomainError('payout.unknown_reason', {
      code: input.reason,
      action: input.action,
      allowed: reasons.join(', '),
    })
  }
  if (input.action === 'pay' && !input.reference) throw new DomainError('payout.reference_required', {})
  const payout = await deps.payouts.transaction(async (tx) => {
    const now = deps.clock.now()
    // lock order as everywhere else: the enrolment, then the payout
    const seen = await tx.readPayout(input.payoutId)
    if (!seen || (input.partnerId && seen.partnerId !== input.partnerId)) {
      throw new DomainError('payout.not_found', { payout: input.payoutId })
    }
    const enrolment = await tx.lockEnrolmentOf(seen.partnerId, seen.programKey)
    const p = await tx.lockPayout(input.payoutId)
    if (!p || !enrolment) throw new DomainError('payout.not_found', { payout: input.payoutId })
    if (input.seenStatus && p.status !== input.seenStatus) {
      throw new DomainError('payout.invalid_transition', { action: input.action, status: p.status })
    }
    // a request under review waits for the review's decision: cancelling it and asking again would undo a hold
    // without finance deciding anything (finance may still cancel it, on the partner's behalf)
    if (input.action === 'cancel' && input.partnerId && p.status === 'needs_review')
      throw new DomainError('payout.under_review', { payout: p.id })
    const t = payoutTransition(input.action, p.status)
    if (input.action === 'approve' || input.action === 'pay') {
      refuseByStatus(enrolment)
      if (input.action === 'approve' && enrolment.payoutsBlockedReason)
        throw new DomainError('payout.blocked', { reason: enrolment.payoutsBlockedReason })
      if (input.action === 'approve' && enrolment.payoutHoldUntil && enrolment.payoutHoldUntil > now) {
        throw new DomainError('payout.on_hold', {
          until: enrolment.payoutHoldUntil.toISOString(),
          reason: enrolment.payoutHoldReason ?? 'review',
        })
      }
    }
    // a batch's payout is paid with its batch (batches.markPaid, from the batch's file): paid on its own as well,
    // a form opened before the batch took it in would pay it twice
    if (input.action === 'pay' && p.batchId) throw new DomainError('payout.in_batch', { batch: p.batchId })
    if ((input.action === 'reject' || input.action === 'hold') && p.batchId) {
      const batch = await tx.lockBatch(p.batchId)
      // finance may be paying the exported batch: taking money back now could pay it twice
      if (batch && batch.status !== 'open') throw new DomainError('payout.in_closed_batch', { batch: batch.id })
      // a batch being built (its pay day running): held or rejected now, the payout would stay in the batch, which
      // pays only approved ones and never takes it again, its money reserved for good; the card's buttons refuse it too
      throw new DomainError('payout.in_batch', { batch: p.batchId })
    }
    // asked for only of a decision that can be made (a final payout says so first)
    const note = explained ? decisionNote(input) : undefined
    const changes = {
      reason: input.reason,
      // stored with the reason: a new reason without a note clears an earlier hold's words
      note,
      decidedBy: input.actor,
      // approved: expected by the date it can still be paid by (a pay day moved or missed, a review that took days)
      ...(input.action === 'approve' ? { expectedAt: await expectedOnApproval(deps, tx, p, now) } : {}),
      ...(input.action === 'pay' ? { paymentRef: input.reference, paidAt: now } : {}),
      at: now,
    }
    if (!(await tx.setStatus(p.id, t.from, t.to, changes))) {
      throw new DomainError('payout.changed_concurrently', { payout: p.id })
    }
    if (RELEASES.includes(t.to)) await tx.post(payoutPostings.released(p, now, p.status))
    if (t.to === 'paid') await tx.post(payoutPostings.paid(p, now))
    // settled: an erased partner's details, kept only for this payout, go now
    if (t.to === 'paid' || RELEASES.includes(t.to)) await tx.forgetErasedDetails([p.id])
    await tx.audit({
      at: now,
      actor: input.actor,
      action: `payout.${input.action}`,
      subjectType: 'payout',
      subjectId: p.id,
      reason: input.reason,
      data: {
        from: p.status,
        to: t.to,
        ...(input.reference ? { reference: input.reference } : {}),
        ...(note ? { note } : {}),
      },
    })
    // keyed by time: a payout may come back to a status (approved, held, approved again), and each is told
    if (!input.answeredInChat) await tx.announce(payoutStatusNews(p.id, t.to, { from: p.status, at: now }))
    // the desk's card shows the decision (or, sent to review, a new card asks for one)
    await tx.announce(payoutCardNews(p.id, t.to, now))
    return { ...p, ...changes, note: input.reason === undefined ? p.note : note, status: t.to }
  })
  return { payout: payoutJson(payout) }
}

/** A hold's or rejection's note, trimmed (none when blank); "other" needs one, and it fits one message. */
function decisionNote(input: DecisionInput): string | undefined {
  const note = input.note?.trim() || undefined
  if (input.reason === 'other' && !note) throw new DomainError('payout.note_required', {})
  if (note && note.length > PAYOUT_NOTE_MAX) throw new DomainError('payout.note_too_long', { max: PAYOUT_NOTE_MAX })
  return note
}

/**
 * The stored date, or the program's next payment date from now when that is later (the stored one moved or passed).
 * Today's pay date is passed once today's batch is closed: while it is being built it still pays what was promised
 * today (every such request was made before it started, and a rerun takes them again).
 */
async function expectedOnApproval(
  deps: PayoutDeps,
  tx: PayoutTx,
  p: { programKey: string; expectedAt?: Date },
  now: Date,
): Promise<Date | undefined> {
  const program = deps.program(p.programKey)
  if (!program) return p.expectedAt
  const moved = await tx.movedDates(program.key)
  const period = periodOfPayDay(program, localDate(now, program.timeZone), moved)
  const batch = period && (await tx.batchOf(program.key, period))
  const due = expectedPayment(program, now, moved, !!batch && batch.status !== 'open')
  return p.expectedAt && p.expectedAt > due ? p.expectedAt : due
}
