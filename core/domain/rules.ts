import type { CommissionRule, EventType, ProgramDefinition } from '../programs/definition.ts'
import { addDays, addMonths, localDate, startOfLocalDate, startOfNextLocalWeek } from './calendar.ts'
import { applyRateBps, parseMoney } from './money.ts'
import { undoOrder } from './order-undos.ts'

/**
 * The earning rules of every program, as pure functions of facts. The use-case gathers the facts (inside one
 * transaction that locks the partner's enrolment), asks `decide`, and writes what it says. Nothing here reads
 * a clock, a database or a definition file.
 */

export interface EventFacts {
  type: EventType
  occurredAt: Date
  amountMinor?: bigint
  currency?: string
  monthsPaid?: number
  settled: boolean
  order?: string
  campaignKey?: string
  country?: string
}

export interface CustomerFacts {
  /** Why this customer can never earn the partner anything (existing_customer, self_referral, ...). */
  ineligible?: string
  acquiredRateBps?: number
  /** The partner's paying customers before it when it was acquired (its level, for life). */
  acquiredLevelCount?: number
  firstPaidAt?: Date
  qualifiedAt?: Date
  /** A one-time reward was already decided for this customer. */
  rewarded: boolean
}

export interface EnrolmentFacts {
  registeredAt: Date
  rateOverrideBps?: number
  /** The promo code's own rate, when the event came through one that has it. */
  codeRateOverrideBps?: number
  /** In a network program: the campaigns the partner joined (each has its link). */
  campaigns?: string[]
  /** The rule given is the partner's deal (a per-partner commission from a date), not the program's. */
  underDeal?: boolean
  /** Under a deal: the program's own rule, whose level a customer acquired meanwhile keeps once the deal ends. */
  ownRule?: CommissionRule
}

/** What the rules need to know about the partner's history. */
export interface HistoryFacts {
  /** Customers of this partner that became paying (or were rewarded) before this one. */
  earlierPayingCustomers: number
  /**
   * A payment share's customer acquired earlier, whose level is kept: the partner's paying customers before its first
   * payment as counted now (a client that paid before it may have been reported since). Undefined: not counted.
   */
  levelCountNow?: number
  /**
   * New users (qualified customers) of this partner in the calendar month of the event; for a settlement, of the
   * month of the held revenue it settles (it is rated as of then).
   */
  newUsersInMonth: number
  /** Another event of the same campaign already came from this IP address. */
  repeatIpInCampaign: boolean
  /** The customer already did what this event reports in its campaign (a second new customer, lead or download). */
  customerActedBefore?: boolean
  /** Commissions already decided for the order this event names (refunds, cancellations, settlement). */
  orderCommissions: OrderCommission[]
}

export interface OrderCommission {
  id: string
  /** The partner's enrolment it was earned under. */
  enrolmentId: string
  /** The customer it was earned on (none: a month's tier top-up). */
  customerId?: string
  rule: string
  status: 'pending' | 'held' | 'available' | 'paid' | 'reversed' | 'annulled' | 'rejected'
  /** Why it is as it is (UNSETTLED: revenue held until its bets settle). */
  reason?: string
  /** Revenue held until its bets settle and not settled yet (from its postings: a later reason does not hide it). */
  awaitingSettlement?: boolean
  /** What remains of it after earlier reversals. */
  remainingMinor: bigint
  basisMinor?: bigint
  rateBps?: number
  /** What refunds of part of the order have refunded of basisMinor so far (of paidMinor for a one-time reward). */
  refundedBasisMinor?: bigint
  /** A one-time reward: the payment that earned it, and the service months it paid (1 when not said). */
  paidMinor?: bigint
  monthsPaid?: number
  currency: string
  occurredAt: Date
  availableAt?: Date
}

export type Decision =
  | {
      kind: 'commission'
      rule: string
      status: 'pending' | 'available' | 'held' | 'rejected'
      amountMinor: bigint
      currency: string
      basisMinor?: bigint
      rateBps?: number
      reason?: string
      availableAt?: Date
    }
  | {
      kind: 'reverse'
      commissionId: string
      /** May be 0: a refund too small to take back a cent yet (it still counts towards the order's refunded total). */
      amountMinor: bigint
      reason: string
      /** A partial refund: what refunds have now refunded of the commission's basis in all. */
      refundedBasisMinor?: bigint
    }
  | {
      kind: 'release'
      commissionId: string
      amountMinor: bigint
      availableAt: Date
      /** The settled revenue and its rate (a revenue share). */
      basisMinor?: bigint
      rateBps?: number
    }
  /** Nothing is taken back; a human looks at the order's commissions (a refund after the cancellation window). */
  | { kind: 'review'; commissionIds: string[]; reason: string }
  | { kind: 'none'; reason: string }

export interface DecideInput {
  program: ProgramDefinition
  event: EventFacts
  customer: CustomerFacts
  enrolment: EnrolmentFacts
  history: HistoryFacts
}

/** Updates to the customer that a decision implies (rate fixed at acquisition, first payment). */
export interface CustomerChanges {
  acquiredRateBps?: number
  acquiredLevelCount?: number
  firstPaidAt?: Date
}

export interface Outcome {
  decisions: Decision[]
  customer: CustomerChanges
}

const none = (reason: string): Outcome => ({ decisions: [{ kind: 'none', reason }], customer: {} })

/** The program sent the same order again under another event id: it earns once. */
const alreadyDecided = (history: HistoryFacts, rule: string) => history.orderCommissions.some((c) => c.rule === rule)

/** Decides what an event earns, reverses or releases, by the program's rule. */
export function decide(input: DecideInput): Outcome {
  const { event } = input
  if (event.type === 'refund' || event.type === 'cancellation') return undo(input)
  const rule = input.program.commission
  switch (rule.type) {
    case 'payment_share':
      return paymentShare(input, rule)
    case 'one_time_reward':
      return oneTimeReward(input, rule)
    case 'campaigns':
      return campaignAction(input, rule)
    case 'revenue_share':
      return revenueShare(input, rule)
  }
}

/** The level reached after `count` earlier customers: the last level whose `after` is at most `count`. */
export function levelFor<L extends { after: number }>(levels: readonly L[], count: number): L {
  let found = levels[0]!
  for (const l of levels) if (count >= l.after) found = l
  return found
}

/**
 * Why this customer's event earns nothing: a reason it can never earn (self-referral, existing customer...), or,
 * where the program names the events that make a *new user* (melbet: sign-up through the link and first deposit),
 * that the customer was not one yet when the event happened (`not_new_user`). Melbet 7.1 pays a share of the profit
 * "from new users", and a new user is one who "ir reģistrējuši spēlētāja kontu ... un ir veikuši pirmo iemaksu":
 * profit from before the first deposit was not profit from a new user, and a deposit reported later does not make it
 * one (it earns nothing, for good; later revenue earns). A deposit dated before the revenue but delivered after it
 * did make the player one by then: the refused revenue earns once it arrives (late-qualification.ts).
 */
function refusalReason(input: DecideInput): string | undefined {
  if (input.customer.ineligible) return input.customer.ineligible
  const needed = input.program.attribution.qualifyingEvents
  const qualifiedAt = input.customer.qualifiedAt
  if (needed.length && (!qualifiedAt || input.event.occurredAt < qualifiedAt)) return 'not_new_user'
  return undefined
}

function refusal(input: DecideInput, rule: string, amountMinor: bigint, currency: string, extra = {}): Decision | null {
  const reason = refusalReason(input)
  if (!reason) return null
  return { kind: 'commission', rule, status: 'rejected', amountMinor, currency, reason, ...extra }
}

/** When an earning is payable: after its hold, counted from the event in the program's calendar. */
export function holdUntil(program: ProgramDefinition, occurredAt: Date, holdDays: number): Date {
  if (holdDays === 0) return occurredAt
  return startOfLocalDate(addDays(localDate(occurredAt, program.timeZone), holdDays), program.timeZone)
}

function paymentShare(input: DecideInput, rule: Extract<CommissionRule, { type: 'payment_share' }>): Outcome {
  const { event, customer, enrolment, history, program } = input
  if (event.type !== 'payment') return none('not_a_commission_event')
  if (event.amountMinor === undefined || !event.currency) return none('no_amount')
  if (event.amountMinor <= 0n) return none('no_amount')
  if (alreadyDecided(history, 'payment_share')) return none('duplicate_order')
  const changes: CustomerChanges = {}
  // the customer is acquired at the program's own level: a deal is the partner's rate while it lasts, not the
  // customer's for life (its payments after the deal earn the program's rate)
  const own = enrolment.ownRule?.type === 'payment_share' ? enrolment.ownRule : rule
  if (customer.acquiredRateBps === undefined) {
    changes.acquiredRateBps = levelFor(own.levels, history.earlierPayingCustomers).rateBps
    changes.acquiredLevelCount = history.earlierPayingCustomers
    changes.firstPaidAt = event.occurredAt
  } else if (customer.acquiredLevelCount === undefined && customer.firstPaidAt) {
    // acquired before its level was kept: counted as of its first payment (customer-counts.ts), kept from now on
    changes.acquiredLevelCount = history.earlierPayingCustomers
  } else if (history.levelCountNow !== undefined)
    Object.assign(changes, raisedLevel(customer, own, history.levelCountNow))
  const level = changes.acquiredLevelCount ?? customer.acquiredLevelCount ?? history.earlierPayingCustomers
  const acquiredRateBps = changes.acquiredRateBps ?? customer.acquiredRateBps
  // a partner's deal is the partner's rate for every customer's payments from its date, at the customer's level;
  // with levels, a customer keeps the rate of the level it was acquired at for life (worksection-partner "15%
  // мәңгілік", "the new reward applies only to new clients"); a single rate is the rate in force at each payment
  // (jqsee, quantower: "of each payment", as their terms read), a published change included
  let rateBps =
    !enrolment.underDeal && rule.levels.length > 1 && acquiredRateBps !== undefined
      ? acquiredRateBps
      : levelFor(rule.levels, level).rateBps
  // a promo code's own rate stays the code's; the enrolment's older override gives way to a deal
  if (rule.allowRateOverride)
    rateBps = enrolment.codeRateOverrideBps ?? (enrolment.underDeal ? undefined : enrolment.rateOverrideBps) ?? rateBps
  const amountMinor = applyRateBps(event.amountMinor, rateBps)
  const base = { rule: 'payment_share', amountMinor, currency: event.currency, basisMinor: event.amountMinor, rateBps }
  const refused = refusal(input, base.rule, amountMinor, event.currency, { basisMinor: event.amountMinor, rateBps })
  if (refused) return { decisions: [refused], customer: {} }
  const availableAt = holdUntil(program, event.occurredAt, rule.holdDays)
  return {
    decisions: [{ kind: 'commission', ...base, status: rule.holdDays ? 'pending' : 'available', availableAt }],
    customer: changes,
  }
}

/**
 * A customer's kept level as counted again at its later payment, as of its first payment (customer-counts.ts): a
 * client that paid before it but was reported after it raises it (levels are judged by payment date: level-raises.ts
 * tops up what it earned before). A level never drops: a later refund of an earlier client leaves each client at the
 * level it was acquired at (a deal's level for life).
 */
function raisedLevel(customer: CustomerFacts, own: { levels: { after: number; rateBps: number }[] }, counted: number) {
  if (customer.acquiredLevelCount === undefined || counted <= customer.acquiredLevelCount) return {}
  const raised: CustomerChanges = { acquiredLevelCount: counted }
  const rateBps = levelFor(own.levels, counted).rateBps
  if (rateBps > (customer.acquiredRateBps ?? 0)) raised.acquiredRateBps = rateBps
  return raised
}

function oneTimeReward(input: DecideInput, rule: Extract<CommissionRule, { type: 'one_time_reward' }>): Outcome {
  const { event, customer, history, program } = input
  const currency = program.currencies[0]!
  if (event.type !== 'payment') return none('not_a_commission_event')
  if (customer.rewarded || alreadyDecided(history, 'one_time_reward')) return none('already_rewarded')
  if ((event.monthsPaid ?? 1) < rule.minMonthsPaid) return none('payment_too_short')
  const level = levelFor(rule.levels, history.earlierPayingCustomers)
  const amountMinor = parseMoney(level.amount, currency).minor
  const refused = refusal(input, 'one_time_reward', amountMinor, currency)
  if (refused) return { decisions: [refused], customer: {} }
  return {
    decisions: [
      {
        kind: 'commission',
        rule: 'one_time_reward',
        status: 'pending',
        amountMinor,
        currency,
        availableAt: holdUntil(program, event.occurredAt, rule.holdDays),
      },
    ],
    customer: { firstPaidAt: event.occurredAt },
  }
}

/**
 * What a customer does once in a campaign: it is a new customer, a lead or an install once, whatever the number of
 * postbacks the vendor sends about it (each sale, click and visit is one of many).
 */
export const ONCE_PER_CUSTOMER: readonly string[] = ['new_customer', 'lead', 'download']

const CAMPAIGN_EVENT: Record<string, EventType> = {
  sale: 'payment',
  new_customer: 'new_customer',
  lead: 'lead',
  click: 'click',
  visit: 'visit',
  download: 'download',
}

function campaignAction(input: DecideInput, rule: Extract<CommissionRule, { type: 'campaigns' }>): Outcome {
  const { event, history, program } = input
  const campaign = rule.campaigns.find((c) => c.key === event.campaignKey)
  if (!campaign) return none('unknown_campaign')
  // seed 002: the affiliate takes on a campaign's terms "კამპანიაში ჩართვამდე" (before joining the campaign): a
  // campaign the partner did not join earns them nothing
  if (input.enrolment.campaigns && !input.enrolment.campaigns.includes(campaign.key)) return none('campaign_not_joined')
  if (CAMPAIGN_EVENT[campaign.kind] !== event.type) return none('not_a_commission_event')
  const currency = program.currencies[0]!
  let amountMinor: bigint
  let extra: { basisMinor?: bigint; rateBps?: number } = {}
  if (campaign.kind === 'sale') {
    if (event.amountMinor === undefined || event.amountMinor <= 0n) return none('no_amount')
    amountMinor = applyRateBps(event.amountMinor, campaign.rateBps)
    extra = { basisMinor: event.amountMinor, rateBps: campaign.rateBps }
  } else {
    amountMinor = parseMoney(campaign.amount, currency).minor
  }
  const ruleName = `campaign:${campaign.key}`
  if (alreadyDecided(history, ruleName)) return none('duplicate_order')
  if (ONCE_PER_CUSTOMER.includes(campaign.kind) && history.customerActedBefore) return none('already_rewarded')
  const refused = refusal(input, ruleName, amountMinor, currency, extra)
  if (refused) return { decisions: [refused], customer: {} }
  const base = { kind: 'commission' as const, rule: ruleName, amountMinor, currency, ...extra }
  if (program.quality.repeatIpPerCampaign && history.repeatIpInCampaign) {
    return { decisions: [{ ...base, status: 'rejected', reason: 'repeat_ip' }], customer: {} }
  }
  const home = program.quality.homeCountry
  if (home && event.country && event.country !== home) {
    return { decisions: [{ ...base, status: 'held', reason: 'foreign_country' }], customer: {} }
  }
  const availableAt = holdUntil(program, event.occurredAt, rule.verificationDays)
  return { decisions: [{ ...base, status: 'pending', availableAt }], customer: {} }
}

/** The held revenue share of the order that a settled revenue event settles, if any. */
export function settledNow(
  history: Pick<HistoryFacts, 'orderCommissions'>,
  event: Pick<EventFacts, 'type' | 'settled'>,
) {
  if (event.type !== 'revenue' || !event.settled) return undefined
  // revenue waiting for its bets, not revenue an operator holds for review (the review decides that)
  return history.orderCommissions.find(
    (c) => c.status === 'held' && c.rule === 'revenue_share' && (c.awaitingSettlement ?? c.reason === UNSETTLED),
  )
}

/** The rate of a revenue-share partner for an event: introductory months, then the monthly volume tier. */
export function revenueShareRate(
  rule: Extract<CommissionRule, { type: 'revenue_share' }>,
  program: ProgramDefinition,
  registeredAt: Date,
  occurredAt: Date,
  newUsersInMonth: number,
): number {
  if (rule.intro) {
    const introEnds = startOfLocalDate(
      addMonths(localDate(registeredAt, program.timeZone), rule.intro.months),
      program.timeZone,
    )
    if (occurredAt < introEnds) return rule.intro.rateBps
  }
  return tierRateBps(rule, newUsersInMonth)
}

/** The volume tier's rate for a calendar month with this many new users: the highest tier reached. */
export function tierRateBps(rule: Extract<CommissionRule, { type: 'revenue_share' }>, newUsersInMonth: number) {
  let rate = rule.tiers[0]!.rateBps
  for (const t of rule.tiers) if (newUsersInMonth >= t.minNewUsers) rate = t.rateBps
  return rate
}

/** The reason of revenue held until its bets settle (settledOnly): its settlement releases it. */
export const UNSETTLED = 'unsettled'

function revenueShare(input: DecideInput, rule: Extract<CommissionRule, { type: 'revenue_share' }>): Outcome {
  const { event, enrolment, history, program } = input
  if (event.type !== 'revenue') return none('not_a_commission_event')
  if (event.amountMinor === undefined || !event.currency) return none('no_amount')
  if (event.amountMinor === 0n) return none('no_amount')
  const held = settledNow(history, event)
  // revenue is rated as of when it was earned: a settlement at the rate of the held revenue's date and month
  const ratedAt = held?.occurredAt ?? event.occurredAt
  const rateBps = revenueShareRate(rule, program, enrolment.registeredAt, ratedAt, history.newUsersInMonth)
  const amountMinor = applyRateBps(event.amountMinor, rateBps)
  // Earnings of a week are paid with that week (a settlement's, with the week it settles in): from the Monday after.
  const availableAt = startOfNextLocalWeek(event.occurredAt, program.timeZone)
  if (held) {
    const release = { kind: 'release' as const, commissionId: held.id, amountMinor, availableAt }
    return { decisions: [{ ...release, basisMinor: event.amountMinor, rateBps }], customer: {} }
  }
  if (alreadyDecided(history, 'revenue_share')) return none('duplicate_order')
  const base = { kind: 'commission' as const, rule: 'revenue_share', amountMinor, currency: event.currency }
  const extra = { basisMinor: event.amountMinor, rateBps }
  const refused = refusal(input, base.rule, amountMinor, event.currency, extra)
  if (refused) return { decisions: [refused], customer: {} }
  if (rule.settledOnly && !event.settled) {
    return { decisions: [{ ...base, ...extra, status: 'held', reason: UNSETTLED }], customer: {} }
  }
  return { decisions: [{ ...base, ...extra, status: 'available', availableAt }], customer: {} }
}

/** A refund or cancellation takes back what the order earned (order-undos.ts). */
function undo(input: DecideInput): Outcome {
  return undoOrder(input.event, input.history.orderCommissions, input.program)
}
