import { createHash } from 'node:crypto'
import { release, takenBack } from '../domain/ledger.ts'
import { LEVEL_RAISED_LATE, LEVEL_TOP_UP, type LevelTopUp } from '../domain/level-raises.ts'
import { formatMoney } from '../domain/money.ts'
import { TIER_TOP_UP, type TierTopUp } from '../domain/month-tiers.ts'
import { undoOrder } from '../domain/order-undos.ts'
import { beforeOrder, type IncomingEvent, orderInOtherCurrency } from '../domain/postback.ts'
import type { Decision, OrderCommission } from '../domain/rules.ts'
import type { EarningsTx, EnrolmentRecord, RecordedUndo } from '../ports/earnings-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { earnedLine, postEarned } from './commission-ledger.ts'
import type { EventResponse } from './record-event.ts'

// What the rules' decisions on a postback write (record-event.ts calls this inside the event's transaction):
// commission rows, their ledger postings, and the lines of the postback's answer.

const iso = (d: Date | undefined) => (d ? d.toISOString() : null)

export interface WriteContext {
  program: ProgramDefinition
  enrolment: EnrolmentRecord
  customerId: string
  /** The code the event earns through when it is not the customer's own (attribution.perEvent). */
  codeId?: string
  eventId: string
  event: IncomingEvent
  now: Date
  orderCommissions: OrderCommission[]
  result: Omit<EventResponse, 'event'>
  /** Filled with the order's commissions this event earns, as an undo recorded earlier reads them (earlierUndos). */
  earned?: OrderCommission[]
}

type DecisionOf<K extends Decision['kind']> = Extract<Decision, { kind: K }>

/** Writes one decision: the commission row and its ledger postings, in the same transaction. */
export async function writeDecision(tx: EarningsTx, d: Decision, w: WriteContext) {
  if (d.kind === 'none') {
    w.result.notes.push(d.reason)
    return
  }
  if (d.kind === 'commission') return writeCommission(tx, d, w)
  if (d.kind === 'review') return writeReview(tx, d, w)
  const c = w.orderCommissions.find((x) => x.id === d.commissionId)
  if (!c) throw new Error(`decision names an unknown commission ${d.commissionId}`)
  if (d.kind === 'reverse') return writeReversal(tx, d, c, w)
  return writeRelease(tx, d, c, w)
}

/** What every posting of this event carries. */
function postingOf(w: WriteContext) {
  return { programKey: w.program.key, enrolmentId: w.enrolment.id, eventId: w.eventId, createdAt: w.now }
}

/** A new commission; unless rejected, earned (held, or available from its date). */
function writeCommission(tx: EarningsTx, d: DecisionOf<'commission'>, w: WriteContext) {
  const of = { orderRef: w.event.order, customerId: w.customerId, codeId: w.codeId, occurredAt: w.event.occurredAt }
  return earn(tx, d, of, w)
}

/**
 * A month's revenue lifted to the volume tier it reached (month-tiers.ts): a commission of its own, keyed by its
 * month, week, currency and tier, for no customer; payable with the week it tops up.
 */
export function writeTierTopUp(tx: EarningsTx, t: TierTopUp, w: WriteContext) {
  const d = {
    kind: 'commission' as const,
    rule: TIER_TOP_UP,
    status: 'available' as const,
    amountMinor: t.amountMinor,
    currency: t.currency,
    basisMinor: t.basisMinor,
    rateBps: t.rateBps,
    availableAt: t.availableAt,
  }
  return earn(tx, d, { orderRef: t.orderRef, customerId: undefined, occurredAt: t.occurredAt }, w)
}

/**
 * A late client's payment topped up to the level it reached (level-raises.ts): a commission of its own on the payment
 * it tops up, whose event its row names (its order's refunds weigh it against that payment: order-sql.ts).
 */
export function writeLevelTopUp(tx: EarningsTx, t: LevelTopUp, w: WriteContext) {
  const { of } = t
  const d = {
    kind: 'commission' as const,
    rule: LEVEL_TOP_UP,
    status: t.status,
    amountMinor: t.amountMinor,
    currency: of.currency,
    basisMinor: t.basisMinor,
    rateBps: t.rateBps,
    reason: LEVEL_RAISED_LATE,
    availableAt: t.availableAt,
  }
  const { orderRef, customerId, codeId, occurredAt, eventId } = of
  return earn(tx, d, { orderRef, customerId, codeId, occurredAt, eventId }, w)
}

/**
 * A new commission, in the postback's transaction: its row, its posting (postEarned) for this postback, and its line
 * in the postback's answer; one of the order's own is kept for the undos recorded before it (earlierUndos).
 */
async function earn(
  tx: EarningsTx,
  d: DecisionOf<'commission'>,
  of: {
    orderRef: string | undefined
    customerId: string | undefined
    codeId?: string
    occurredAt: Date
    /** The event its row is of, when not the postback's (posted for the postback all the same). */
    eventId?: string
  },
  w: WriteContext,
) {
  const row = {
    programKey: w.program.key,
    enrolmentId: w.enrolment.id,
    customerId: of.customerId,
    eventId: of.eventId ?? w.eventId,
    codeId: of.codeId,
    rule: d.rule,
    orderRef: of.orderRef,
    currency: d.currency,
    amountMinor: d.amountMinor,
    basisMinor: d.basisMinor,
    rateBps: d.rateBps,
    status: d.status,
    reason: d.reason,
    availableAt: d.availableAt,
    occurredAt: of.occurredAt,
    at: w.now,
  }
  const id = await tx.insertCommission(row)
  if (of.orderRef && d.rule !== TIER_TOP_UP && d.rule !== LEVEL_TOP_UP) {
    const remainingMinor = d.status === 'rejected' ? 0n : d.amountMinor
    const { rule, status, reason, basisMinor, rateBps, currency, availableAt } = d
    const c = { id, enrolmentId: w.enrolment.id, customerId: of.customerId, rule, status, reason, remainingMinor }
    // a one-time reward's refunds are weighed against the payment that earned it (rules.ts rewardRefund)
    const paid = rule === 'one_time_reward' ? { paidMinor: w.event.amountMinor, monthsPaid: w.event.monthsPaid } : {}
    w.earned?.push({ ...c, basisMinor, rateBps, currency, occurredAt: of.occurredAt, availableAt, ...paid })
  }
  const earned = { ...row, id, eventId: w.eventId, occurredAt: of.occurredAt, createdAt: w.now }
  await postEarned(tx, earned)
  w.result.commissions.push(earnedLine(earned, w.enrolment.partnerId, { rule: d.rule, reason: d.reason ?? null }))
}

/**
 * Refunds and cancellations of this order recorded before it (postbacks arrive in any order; they took back nothing
 * then): applied now to what the order earned, as if they had come after it. Full ones (a cancellation, a refund
 * naming no amount) take it all, as of the first; partial refunds take their sum's share, as of the first of them.
 * One dated before the order, or in another currency, is not about it (either is refused when the order came
 * first: beforeOrder, orderInOtherCurrency). So an order refunded before its payment arrived earns nothing payable,
 * and the answer says why. Returns the decisions written (a reward's referee bonus follows them) and the order's
 * commissions they name.
 */
export async function earlierUndos(
  tx: EarningsTx,
  recorded: readonly RecordedUndo[],
  w: WriteContext,
): Promise<{ decisions: Decision[]; order: OrderCommission[] }> {
  const earned = w.earned ?? []
  // the order's commissions, those of this event included
  const none = { decisions: [], order: [...w.orderCommissions, ...earned] }
  // an order seen before: its undos found it then
  if (w.orderCommissions.length) return none
  const order = w.event.order ? [{ occurredAt: w.event.occurredAt }] : []
  const undos = recorded.filter((u) => {
    const undo = { ...w.event, ...u }
    return !beforeOrder(undo, order) && !orderInOtherCurrency(undo, earned)
  })
  if (!undos.length || !earned.length) return none
  const full = undos.find((u) => u.type === 'cancellation' || u.amountMinor === undefined)
  const refunded = undos.reduce((sum, u) => sum + (u.amountMinor ?? 0n), 0n)
  const u = full ?? { type: 'refund' as const, occurredAt: undos[0]!.occurredAt, amountMinor: refunded }
  const event = { ...w.event, type: u.type, occurredAt: u.occurredAt, amountMinor: u.amountMinor }
  w.result.notes.push(`${u.type}_recorded_before`)
  const at = { ...w, event, orderCommissions: earned }
  const decisions = undoOrder(event, earned, w.program).decisions
  for (const d of decisions) await writeDecision(tx, d, at)
  return { decisions, order: none.order }
}

/** An earlier commission of the order taken back, in part or fully. */
async function writeReversal(tx: EarningsTx, d: DecisionOf<'reverse'>, c: OrderCommission, w: WriteContext) {
  const effectiveAt = c.availableAt && c.availableAt > w.event.occurredAt ? c.availableAt : w.event.occurredAt
  const ref = {
    ...postingOf(w),
    journal: `reverse:${w.eventId}:${c.id}`,
    currency: c.currency,
    reason: d.reason,
    commissionId: c.id,
  }
  const refundedBasisMinor = d.refundedBasisMinor
  // a refund too small to take back a cent yet writes no line of nothing; it counts towards the order's refunds
  if (d.amountMinor === 0n) {
    await tx.updateCommission(c.id, { status: c.status, refundedBasisMinor, at: w.now })
    return
  }
  await tx.post(
    takenBack(ref, 'reversal', { account: c.status === 'held' ? 'held' : 'earned', effectiveAt }, d.amountMinor),
  )
  const fully = d.amountMinor === c.remainingMinor
  // a client whose one-time reward a refund or cancellation took back is no deal: its next full month earns it
  if (fully && c.rule === 'one_time_reward' && c.customerId)
    await tx.updateCustomer(c.customerId, { rewardUndone: true })
  // a commission still held keeps why it is held (its bets unsettled, a review): a refund of part of it is no reason
  const reason = fully || c.status !== 'held' ? d.reason : c.reason
  await tx.updateCommission(c.id, { status: fully ? 'reversed' : c.status, reason, refundedBasisMinor, at: w.now })
  w.result.reversals.push({
    commission: c.id,
    amount: formatMoney({ minor: -d.amountMinor, currency: c.currency }),
    currency: c.currency,
    reason: d.reason,
  })
}

/** A held earning settled at its final amount. */
async function writeRelease(tx: EarningsTx, d: DecisionOf<'release'>, c: OrderCommission, w: WriteContext) {
  const ref = { ...postingOf(w), journal: `release:${w.eventId}`, currency: c.currency, commissionId: c.id }
  await tx.post(release(ref, c.remainingMinor, d.amountMinor, d.availableAt))
  await tx.updateCommission(c.id, {
    status: 'available',
    amountMinor: d.amountMinor,
    basisMinor: d.basisMinor,
    rateBps: d.rateBps,
    availableAt: d.availableAt,
    at: w.now,
  })
  w.result.commissions.push({
    id: c.id,
    partner: w.enrolment.partnerId,
    amount: formatMoney({ minor: d.amountMinor, currency: c.currency }),
    currency: c.currency,
    status: 'available',
    availableFrom: iso(d.availableAt),
    rule: c.rule,
    reason: null,
  })
}

/** The order's commissions stay as they are; a review flag (in the event's transaction) puts them before a human. */
async function writeReview(tx: EarningsTx, d: DecisionOf<'review'>, w: WriteContext) {
  await tx.raiseFlags([
    {
      enrolmentId: w.enrolment.id,
      partnerId: w.enrolment.partnerId,
      programKey: w.program.key,
      kind: 'late_refund',
      subject: createHash('sha256').update(w.event.id).digest('hex').slice(0, 64),
      details: { event: w.event.id, order: w.event.order ?? null, commissions: d.commissionIds },
      createdAt: w.now,
    },
  ])
  w.result.notes.push(d.reason)
}
