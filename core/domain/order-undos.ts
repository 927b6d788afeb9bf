import type { ProgramDefinition } from '../programs/definition.ts'
import { addDays, localDate, startOfLocalDate } from './calendar.ts'
import { applyRateBps } from './money.ts'
import type { Decision, EventFacts, OrderCommission, Outcome } from './rules.ts'

// What a refund or cancellation takes back of an order's commissions: in proportion for a partial refund. Campaign
// programs take it back only within their cancellation window (chetup: "an order cancelled within 7 calendar days",
// and "any other outcome the vendor reports within 7 calendar days"); later, a cancellation changes nothing and a
// refund goes to review with the commission left as it is.

const none = (reason: string): Outcome => ({ decisions: [{ kind: 'none', reason }], customer: {} })

/** What a refund or cancellation (`event`) takes back of an order's commissions: see undo. */
export function undoOrder(
  event: EventFacts,
  orderCommissions: readonly OrderCommission[],
  program: ProgramDefinition,
): Outcome {
  const open = orderCommissions.filter(
    (c) => c.remainingMinor !== 0n && ['pending', 'held', 'available', 'paid'].includes(c.status),
  )
  if (!open.length) return none('nothing_to_reverse')
  const rule = program.commission
  if (rule.type === 'campaigns') {
    const windowEnds = startOfLocalDate(
      addDays(localDate(open[0]!.occurredAt, program.timeZone), rule.cancellationDays),
      program.timeZone,
    )
    if (event.occurredAt >= windowEnds && event.type === 'cancellation') return none('cancellation_window_passed')
    if (event.occurredAt >= windowEnds) {
      const review: Decision = { kind: 'review', commissionIds: open.map((c) => c.id), reason: 'refund_after_window' }
      return { decisions: [review], customer: {} }
    }
  }
  const reason = event.type === 'refund' ? 'refund' : 'cancellation'
  const decisions: Decision[] = open.map((c) => {
    if (event.type === 'refund' && event.amountMinor !== undefined && c.basisMinor && c.rateBps !== undefined)
      return partialRefund(c, event.amountMinor, c.basisMinor, c.rateBps)
    if (event.type === 'refund' && event.amountMinor !== undefined && c.paidMinor && rule.type === 'one_time_reward')
      return rewardRefund(c, event.amountMinor, c.paidMinor, rule.minMonthsPaid)
    return { kind: 'reverse', commissionId: c.id, amountMinor: c.remainingMinor, reason }
  })
  return { decisions, customer: {} }
}

/**
 * A one-time reward is for a client that paid at least `minMonths` (seed 001: a deal is a client who paid at least a
 * month): refunds that leave that much of the payment paid take nothing back (they still count towards the order's
 * refunded total); the refund that leaves less takes back the whole reward (worked example 5b: refunded in full).
 */
function rewardRefund(c: OrderCommission, refundMinor: bigint, paidMinor: bigint, minMonths: number): Decision {
  const before = c.refundedBasisMinor ?? 0n
  const after = before + refundMinor < paidMinor ? before + refundMinor : paidMinor
  const stillADeal = (paidMinor - after) * BigInt(c.monthsPaid ?? 1) >= paidMinor * BigInt(Math.max(minMonths, 1))
  const amountMinor = stillADeal ? 0n : c.remainingMinor
  return { kind: 'reverse', commissionId: c.id, amountMinor, reason: 'refund', refundedBasisMinor: after }
}

/**
 * A refund of part of an order takes back the share of all its refunds so far less what the earlier ones took, each
 * total rounded once (two halves of $100.50 at 10% take 5.03 and 5.02, not 5.02 twice); refunds that reach the whole
 * basis take back all that remains. Never more than remains (a void or a restore may have changed it since).
 */
function partialRefund(c: OrderCommission, refundMinor: bigint, basisMinor: bigint, rateBps: number): Decision {
  const before = c.refundedBasisMinor ?? 0n
  const after = before + refundMinor < basisMinor ? before + refundMinor : basisMinor
  const share = after === basisMinor ? c.remainingMinor : applyRateBps(after, rateBps) - applyRateBps(before, rateBps)
  const amountMinor = share < c.remainingMinor ? (share > 0n ? share : 0n) : c.remainingMinor
  return { kind: 'reverse', commissionId: c.id, amountMinor, reason: 'refund', refundedBasisMinor: after }
}
