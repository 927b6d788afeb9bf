import { dealAt, underDeal } from '../domain/deals.ts'
import { inForceAt } from '../domain/enrolment-status.ts'
import {
  earnedOnceQualified,
  QUALIFIED_LATE,
  type RefusedEarning,
  UNTIL_QUALIFIED,
} from '../domain/late-qualification.ts'
import type { IncomingEvent } from '../domain/postback.ts'
import { levelFor } from '../domain/rules.ts'
import type { CustomerRecord, EarningsTx, EnrolmentRecord } from '../ports/earnings-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { earnedLine, postEarned } from './commission-ledger.ts'
import type { EventResponse } from './record-event.ts'

export interface LateQualification {
  /** The program as of the event (which events qualify a customer). */
  program: ProgramDefinition
  rulesOn: (at: Date) => Promise<ProgramDefinition>
  /** The partner's enrolment, locked. */
  enrolment: EnrolmentRecord
  /** The event's customer, locked, as this event left it (qualified, eligible again). */
  customer: CustomerRecord
  event: IncomingEvent
  now: Date
  result: Omit<EventResponse, 'event'>
}

/**
 * The event that makes its customer count arrived after money events of that customer dated after it (a first deposit,
 * a sign-up through the link delivered late): those refused for that reason alone (UNTIL_QUALIFIED) earn now what
 * they would have earned had the postbacks come in order, in this event's transaction, under the partner's and the
 * customer's locks. Each is the refused commission itself, earned at its amount as judged then, once: it is earned
 * only while refused, and its posting's journal is the commission's own. Returns the revenue shares earned now,
 * which their months' volume tiers count (tier-top-ups.ts).
 */
export async function earnRefusedUntilQualified(tx: EarningsTx, at: LateQualification): Promise<RefusedEarning[]> {
  const { customer, enrolment } = at
  // a disqualification annulled every unpaid reward for good; a customer who can never earn earns nothing now either
  if (customer.ineligible || enrolment.status === 'disqualified' || customer.enrolmentId !== enrolment.id) return []
  const from = at.program.attribution.qualifyingEvents.length ? customer.qualifiedAt : at.event.occurredAt
  if (!from) return []
  const refused = await tx.refusedUntilQualified(customer.id, enrolment.id, UNTIL_QUALIFIED, from)
  const shares: RefusedEarning[] = []
  for (const r of refused) {
    // what happened while the agreement was not in force earned nothing, in order or not
    if (!inForceAt(enrolment, r.occurredAt)) continue
    const own = await at.rulesOn(r.occurredAt)
    const earned = earnedOnceQualified(underDeal(own, dealAt(enrolment.deals, r.occurredAt)), r)
    if (!earned) continue
    await acquire(tx, own, r, at)
    const reason = earned.reason ?? QUALIFIED_LATE
    await tx.updateCommission(r.id, { status: earned.status, availableAt: earned.availableAt, reason, at: at.now })
    // its posting is for the event that earned it, under the reason it was earned for (none: as it would have been)
    const c = {
      ...{ id: r.id, programKey: own.key, enrolmentId: enrolment.id, eventId: r.eventId, currency: r.currency },
      ...{ amountMinor: r.amountMinor, status: earned.status, reason: earned.reason, availableAt: earned.availableAt },
      ...{ occurredAt: r.occurredAt, createdAt: at.now },
    }
    await postEarned(tx, c)
    at.result.commissions.push(earnedLine(c, enrolment.partnerId, { rule: r.rule, reason }))
    if (r.rule === 'revenue_share' && earned.status !== 'held') shares.push(r)
  }
  return shares
}

/**
 * A payment share's first payment acquires the customer at the partner's level then, for life (rules.ts
 * paymentShare): a refused one did not, so the first of them earned now does.
 */
async function acquire(tx: EarningsTx, own: ProgramDefinition, r: RefusedEarning, at: LateQualification) {
  const { customer, enrolment } = at
  const rule = own.commission
  if (rule.type !== 'payment_share' || r.rule !== 'payment_share' || customer.acquiredRateBps !== undefined) return
  const count = await tx.countPayingCustomers(enrolment.id, r.occurredAt, customer.id)
  const changes = { acquiredRateBps: levelFor(rule.levels, count).rateBps, acquiredLevelCount: count }
  Object.assign(customer, changes, { firstPaidAt: r.occurredAt })
  await tx.updateCustomer(customer.id, { ...changes, firstPaidAt: r.occurredAt })
}
