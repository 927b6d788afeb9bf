import { DomainError } from '../domain/errors.ts'
import type { Money } from '../domain/money.ts'
import { isReviewReason, REVIEW_NOTE_MAX, REVIEW_REASONS } from '../domain/review-reasons.ts'
import { namesOr } from '../programs/names.ts'
import { type ReviewAction, type ReviewDeps, type ReviewResult, reviewCommission } from './review-commission.ts'

/**
 * An operator's decision on one commission (the operator API, the partner card's "Held for review" buttons): the
 * reason must be one of the action's list (core/domain/review-reasons.ts), the note is kept in the audit row, and
 * the partner is told when the commission is released, voided or marked substandard. A second decision on a
 * commission already decided is refused (`commission.not_held`, `commission.closed`) and changes nothing.
 */
export async function decideCommission(
  deps: ReviewDeps,
  input: { commissionId: string; action: ReviewAction; reason: string; note?: string; actor: string },
): Promise<ReviewResult> {
  if (!isReviewReason(input.action, input.reason)) {
    throw new DomainError('review.unknown_reason', {
      code: input.reason,
      action: input.action,
      allowed: REVIEW_REASONS[input.action].join(', '),
    })
  }
  const note = input.note?.trim() || undefined
  if (note && note.length > REVIEW_NOTE_MAX) throw new DomainError('review.note_too_long', { max: REVIEW_NOTE_MAX })
  return reviewCommission(deps, { ...input, note, notify: true })
}

/** A decided commission for the partner's notice: who, which program, how much; null if gone or changed since. */
export async function reviewedNotice(
  deps: ReviewDeps,
  commissionId: string,
  action: 'approve' | 'void' | 'substandard',
) {
  const c = await deps.ledger.transaction((tx) => tx.lockCommission(commissionId))
  if (!c) return null
  const expected = action === 'approve' ? ['pending', 'available', 'paid'] : ['reversed']
  if (!expected.includes(c.status)) return null
  const program = deps.program(c.programKey)
  // money, not words: the transport writes it in the partner's language
  const amount: Money = { minor: c.amountMinor, currency: c.currency }
  return {
    partnerId: c.partnerId,
    programNames: namesOr(program, c.programKey),
    amount,
    /** The program's penalty charged with a substandard action (jqsee): the commission's amount. */
    penalty: action === 'substandard' && program?.quality.substandardPenalty ? amount : null,
  }
}
