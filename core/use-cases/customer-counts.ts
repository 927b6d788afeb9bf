import { addMonths, isoDate, localDate, startOfLocalDate, startOfLocalMonth } from '../domain/calendar.ts'
import type { IncomingEvent } from '../domain/postback.ts'
import { type HistoryFacts, ONCE_PER_CUSTOMER } from '../domain/rules.ts'
import type { SubIds } from '../domain/tracking.ts'
import type { CustomerRecord, EarningsTx } from '../ports/earnings-store.ts'
import { ENGAGEMENT_EVENTS, type ProgramDefinition } from '../programs/definition.ts'

// What a postback's customer counts toward, beside its own commission: qualification as a new user (melbet: a
// sign-up and a first deposit), the level its first payment fixes, and the month's new users of revenue shares.

/**
 * Melbet's *new user*: every qualifying event type seen (sign-up and first deposit), from the date of the later of
 * them. True when this event made one (its month is that of `c.qualifiedAt`).
 */
export async function trackQualification(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  c: CustomerRecord,
): Promise<boolean> {
  const needed = program.attribution.qualifyingEvents
  if (!needed.length || c.qualifiedAt || !needed.includes(event.type) || c.seenTypes.includes(event.type)) return false
  c.seenTypes = [...c.seenTypes, event.type]
  const qualified = needed.every((t) => c.seenTypes.includes(t))
  if (qualified) {
    // a new user from when it had done them all: the others may be dated after this one (delivered first)
    const others = await tx.qualifyingDoneAt(
      c.id,
      needed.filter((t) => t !== event.type),
    )
    c.qualifiedAt = others && others > event.occurredAt ? others : event.occurredAt
  }
  await tx.updateCustomer(c.id, { seenTypes: c.seenTypes, ...(qualified ? { qualifiedAt: c.qualifiedAt } : {}) })
  return qualified && !c.ineligible
}

/** Levels are counted when a customer's first payment fixes its level (a rate, or a one-time reward). */
export function needsLevelCount(program: ProgramDefinition, event: IncomingEvent, c: CustomerRecord) {
  if (event.type !== 'payment') return false
  const rule = program.commission.type
  if (rule === 'payment_share') return c.acquiredRateBps === undefined
  return rule === 'one_time_reward' && c.firstPaidAt === undefined
}

/** The partner's new users in the calendar month of `at` (a revenue share's tier), for a revenue event. */
export async function newUsersInMonth(
  tx: EarningsTx,
  program: ProgramDefinition,
  enrolmentId: string,
  event: IncomingEvent,
  at = event.occurredAt,
) {
  if (program.commission.type !== 'revenue_share' || event.type !== 'revenue') return 0
  const from = startOfLocalMonth(at, program.timeZone)
  const to = startOfLocalDate(addMonths(localDate(from, program.timeZone), 1), program.timeZone)
  return tx.countNewUsers(enrolmentId, from, to)
}

/**
 * A settlement is rated as of the held revenue it settles: when that revenue is of another month than the
 * settlement, that month's new users are counted instead (read once the order's commissions are known).
 */
export async function newUsersForRating(
  tx: EarningsTx,
  program: ProgramDefinition,
  enrolmentId: string,
  event: IncomingEvent,
  counted: number,
  settles: { occurredAt: Date } | undefined,
) {
  if (!settles) return counted
  const tz = program.timeZone
  if (startOfLocalMonth(settles.occurredAt, tz).getTime() === startOfLocalMonth(event.occurredAt, tz).getTime())
    return counted
  return newUsersInMonth(tx, program, enrolmentId, event, settles.occurredAt)
}

/**
 * The performance report's conversions, counted with the postback's writes on the event's day in the program's time
 * zone, under the link and the sub-ids the event is credited to, once per customer each: a sign-up at the customer's
 * first registration credited to a partner (the event that attributed it, or, when an engagement action such as a
 * chetup visit did, its first other event: a visit, a click or a download is no sign-up), a first payment at its
 * first payment or first deposit.
 */
export async function countConversion(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  customer: CustomerRecord,
  subIds: SubIds,
  /** Whose the event is (attribution.perEvent: the partner whose code it names), when it is not the customer's. */
  earner?: { enrolmentId: string; codeId?: string } | null,
) {
  // the conversion is counted for the partner the event earns, under the code it earns through
  const enrolmentId = earner?.enrolmentId ?? customer.enrolmentId
  const codeId = earner?.codeId ?? (enrolmentId === customer.enrolmentId ? customer.codeId : undefined)
  if (!enrolmentId || !codeId) return
  const firstPayment = (event.type === 'payment' || event.type === 'first_deposit') && !customer.convertedAt
  const signup = !customer.signedUpAt && !ENGAGEMENT_EVENTS.includes(event.type)
  if (!signup && !firstPayment) return
  if (signup) customer.signedUpAt = event.occurredAt
  if (firstPayment) customer.convertedAt = event.occurredAt
  await tx.updateCustomer(customer.id, {
    ...(signup ? { signedUpAt: event.occurredAt } : {}),
    ...(firstPayment ? { convertedAt: event.occurredAt } : {}),
  })
  await tx.countConversion({
    enrolmentId,
    codeId,
    day: isoDate(localDate(event.occurredAt, program.timeZone)),
    subIds,
    signups: signup ? 1 : 0,
    firstPayments: firstPayment ? 1 : 0,
  })
}

/**
 * A payment share's customer earns, at every payment, the rate of the level it was acquired at (the partner's paying
 * customers before the customer's first payment) in the rule judging the payment: the program's as then published,
 * or a deal in the program's shape (programs.md 3: "each client keeps the rate it was acquired at, for life"). The
 * customer keeps that count from its acquisition (acquiredLevelCount); one acquired before it was kept has it counted
 * here, as of its first payment (and keeps it from then on, rules.ts paymentShare).
 */
async function acquiredLevelCount(
  tx: EarningsTx,
  at: { judged: ProgramDefinition; enrolmentId: string; customerId: string; firstPaidAt?: Date },
  counted: number,
) {
  if (at.judged.commission.type !== 'payment_share' || !at.firstPaidAt) return counted
  return tx.countPayingCustomers(at.enrolmentId, at.firstPaidAt, at.customerId)
}

/**
 * A payment share's customer whose level is kept, counted again as of its first payment: a client that paid before
 * it but was reported after it raises its level (rules.ts raisedLevel; level-raises.ts tops up what it earned before).
 */
async function levelCountNow(
  tx: EarningsTx,
  at: { judged: ProgramDefinition; enrolmentId: string; customerId: string; firstPaidAt?: Date; paidFirstAt?: Date },
) {
  const rule = at.judged.commission
  if (rule.type !== 'payment_share' || rule.levels.length < 2 || at.firstPaidAt || !at.paidFirstAt) return undefined
  // those that paid before it: of clients that paid at the same moment, none raises another (the first recorded was
  // acquired without the others)
  return tx.countPayingCustomers(at.enrolmentId, justBefore(at.paidFirstAt), at.customerId)
}

/** The moment before `at` (event times are kept to the millisecond): a count as of it leaves out what paid at `at`. */
export const justBefore = (at: Date) => new Date(at.getTime() - 1)

/**
 * The partner's lock, and what this program's rules will read under it, in one step: a store may send them together
 * (the reads queue behind the lock). Each read is only asked for when the rule needs it; if the partner turns out
 * not to be active, they are not used.
 */
export async function readUnderLock(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  at: { enrolmentId: string; seen: CustomerRecord; customerId: string; eventId: string; ipHash: string | undefined },
) {
  const { enrolmentId, seen, customerId, eventId, ipHash } = at
  const [enrolment, orderCommissions, earlierPayingCustomers, newUsers, repeatIpInCampaign, undos, acted] =
    await Promise.all([
      tx.lockEnrolment(enrolmentId),
      event.order ? tx.orderCommissions(program.key, event.order) : [],
      needsLevelCount(program, event, seen) ? tx.countPayingCustomers(enrolmentId, event.occurredAt, seen.id) : 0,
      newUsersInMonth(tx, program, enrolmentId, event),
      ipHash && event.campaign && program.quality.repeatIpPerCampaign
        ? tx.ipUsedInCampaign(program.key, event.campaign, ipHash, event.type, eventId)
        : false,
      undosRecordedBefore(tx, program.key, event, customerId),
      actedBefore(tx, program, event, customerId, eventId),
    ])
  const read: HistoryFacts = {
    earlierPayingCustomers,
    newUsersInMonth: newUsers,
    repeatIpInCampaign,
    orderCommissions,
    customerActedBefore: acted,
  }
  return { enrolment, orderCommissions, read, undos }
}

/** The refunds and cancellations of this order recorded before it (postbacks arrive in any order). */
function undosRecordedBefore(tx: EarningsTx, programKey: string, event: IncomingEvent, customerId: string) {
  if (!event.order || event.type === 'refund' || event.type === 'cancellation') return Promise.resolve([])
  return tx.undosOfOrder(programKey, event.order, customerId)
}

/** Whether the customer already did in the event's campaign what is done once there (rules.ts ONCE_PER_CUSTOMER). */
function actedBefore(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  customerId: string,
  eventId: string,
): Promise<boolean> | false {
  const c = program.commission
  const kind =
    c.type === 'campaigns' && event.campaign ? c.campaigns.find((k) => k.key === event.campaign)?.kind : undefined
  if (!kind || !ONCE_PER_CUSTOMER.includes(kind)) return false
  return tx.customerActedInCampaign(customerId, event.campaign!, event.type, eventId)
}

/**
 * When an earlier event acquired the customer, if its level has to be counted as of then (one acquired before its
 * count was kept; an older row without the date: as of now). Undefined when nothing is to be counted.
 */
export const acquiredAt = (c: CustomerRecord, event: IncomingEvent): Date | undefined =>
  c.acquiredLevelCount !== undefined
    ? undefined
    : (c.firstPaidAt ?? (c.acquiredRateBps !== undefined ? event.occurredAt : undefined))

/**
 * What the rules are told of the partner's history, from what was read under the enrolment's lock: the level count
 * of a customer acquired before it was kept and a settlement's month read here when what was read does not answer
 * them.
 */
export async function historyFacts(
  tx: EarningsTx,
  at: {
    judged: ProgramDefinition
    enrolmentId: string
    event: IncomingEvent
    /** The held revenue a settlement settles (settledNow). */
    settles: { occurredAt: Date } | undefined
    /** The customer, and its first payment when an earlier event made it (its level was fixed then). */
    customerId: string
    firstPaidAt?: Date
    /** Its first payment, when an earlier event made it and its level was kept then. */
    paidFirstAt?: Date
  },
  read: HistoryFacts,
): Promise<HistoryFacts> {
  const { judged, enrolmentId, event, settles } = at
  return {
    ...read,
    earlierPayingCustomers: await acquiredLevelCount(tx, at, read.earlierPayingCustomers),
    levelCountNow: await levelCountNow(tx, at),
    newUsersInMonth: await newUsersForRating(tx, judged, enrolmentId, event, read.newUsersInMonth, settles),
  }
}
