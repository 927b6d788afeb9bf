import type { ProgramDefinition } from '../programs/definition.ts'
import {
  addBusinessDays,
  addDays,
  addMonths,
  isoDate,
  type LocalDate,
  localDate,
  nextMonthDay,
  nextWeekday,
  startOfLocalDate,
  weekday,
} from './calendar.ts'
import { DomainError } from './errors.ts'
import { applyRateBps, parseMoney } from './money.ts'
import { needsDetails } from './payment-details.ts'

export const PAYOUT_STATUSES = ['requested', 'approved', 'paid', 'rejected', 'cancelled', 'needs_review'] as const
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number]
export const PAYOUT_METHODS = ['bank', 'paypal', 'service_credit', 'licences'] as const
export type PayoutMethod = (typeof PAYOUT_METHODS)[number]
export type PayoutAction = 'approve' | 'hold' | 'reject' | 'cancel' | 'pay'
/** The longest note finance may give with a hold or rejection (the partner reads it in one Telegram message). */
export const PAYOUT_NOTE_MAX = 500

/**
 * Every payout state change there is. A write is compare-and-set on `from`: of two concurrent decisions on
 * one payout, one wins and the other is told the payout changed. Paid, rejected and cancelled are final.
 */
export const PAYOUT_TRANSITIONS: Record<PayoutAction, { from: PayoutStatus[]; to: PayoutStatus }> = {
  approve: { from: ['requested', 'needs_review'], to: 'approved' },
  hold: { from: ['requested', 'approved'], to: 'needs_review' },
  reject: { from: ['requested', 'needs_review', 'approved'], to: 'rejected' },
  cancel: { from: ['requested', 'needs_review'], to: 'cancelled' },
  pay: { from: ['approved'], to: 'paid' },
}

/** Statuses whose money is reserved on the ledger (taken from available, not yet final). */
export const RESERVED: PayoutStatus[] = ['requested', 'approved', 'needs_review']
/** A transition to these gives the reserved money back to the partner's balance. */
export const RELEASES: PayoutStatus[] = ['rejected', 'cancelled']

/** Whether the transition table lets `action` happen to a payout in `status`. */
export const allows = (action: PayoutAction, status: PayoutStatus) => PAYOUT_TRANSITIONS[action].from.includes(status)

/** The decisions finance takes on the desk, in the order its buttons show them (cancelling is the partner's). */
const DESK_ACTIONS: PayoutAction[] = ['approve', 'pay', 'hold', 'reject']

/**
 * What the desk may decide on a payout now: what the table allows from its status, except that an approved payout
 * in a batch is paid with its batch and kept there (finance may be paying the exported file).
 */
export function deskActions(p: { status: PayoutStatus; batchId?: string | null }): PayoutAction[] {
  if (p.status === 'approved' && p.batchId) return []
  return DESK_ACTIONS.filter((a) => allows(a, p.status))
}

/** The methods a program pays by, in its order, and which of them need the partner's payment details. */
export const payoutMethods = (program: ProgramDefinition) =>
  program.payout.methods.map((method) => ({ method, needsDetails: needsDetails(method) }))

export function payoutTransition(action: PayoutAction, from: PayoutStatus) {
  const t = PAYOUT_TRANSITIONS[action]
  if (!allows(action, from)) throw new DomainError('payout.invalid_transition', { action, status: from })
  return t
}

/** What can keep an enrolment from being paid: each is also a payout refusal (`payout.<blocker>`) and a reason. */
export const PAYOUT_BLOCKERS = [
  'partner_blocked',
  'partner_disqualified',
  'partner_not_active',
  'on_hold',
  'details_not_agreed',
  'not_enough_players',
] as const
export type PayoutBlocker = (typeof PAYOUT_BLOCKERS)[number]

/** What keeps an enrolment in this status from ever being paid, or undefined. */
export function statusBlocker(status: string): PayoutBlocker | undefined {
  if (status === 'blocked') return 'partner_blocked'
  if (status === 'disqualified') return 'partner_disqualified'
  // an applicant, or one declined: there is no agreement to pay under
  if (status === 'applied' || status === 'declined') return 'partner_not_active'
  return undefined
}

/** What keeps an enrolment from being paid now (a reason code the partner can read), or undefined. */
export function payoutBlocker(
  program: ProgramDefinition,
  e: {
    status: string
    payoutHoldUntil?: Date
    payoutsBlockedReason?: string
    paymentDetailsAgreed: boolean
  },
  players: number,
  now: Date,
): PayoutBlocker | undefined {
  const byStatus = statusBlocker(e.status)
  if (byStatus) return byStatus
  if (e.payoutsBlockedReason || (e.payoutHoldUntil && e.payoutHoldUntil > now)) return 'on_hold'
  if (program.payout.requiresAgreedDetails && !e.paymentDetailsAgreed) return 'details_not_agreed'
  const needed = program.payout.minNewUsersExclusive
  if (needed !== undefined && players <= needed) return 'not_enough_players'
  return undefined
}

/** The scheduled date a pay day stands for: itself, or the scheduled date an admin moved to it. */
export function scheduledDateOf(day: LocalDate, moved: MovedDates): LocalDate {
  for (const [scheduled, to] of moved) if (to === isoDate(day)) return parseLocal(scheduled)
  return day
}

/** Redeeming is spending the balance on the program's own product, not withdrawing it. */
export const isRedeem = (program: ProgramDefinition, method: PayoutMethod) => program.payout.redeem?.method === method

/**
 * Whether a payout by `method` waits for the partner's details to be agreed with the company: every method where the
 * program requires agreed details (melbet 8.1), else the methods it pays only by agreement (worksection 4.10).
 * Spending the balance on the product needs no details.
 */
export const needsAgreedDetails = (program: ProgramDefinition, method: PayoutMethod) =>
  !isRedeem(program, method) &&
  (program.payout.requiresAgreedDetails || program.payout.methodsByAgreement.includes(method))

export interface PayoutQuote {
  grossMinor: bigint
  feeMinor: bigint
  taxMinor: bigint
  netMinor: bigint
  /** Service credit or licence value the partner receives instead of money (redeem). */
  creditMinor?: bigint
}

/**
 * What a request of `grossMinor` pays out: the payment system's fee and the income tax withheld (by legal type)
 * are deducted from the gross, each rounded half-even once; a redeem pays no fee or tax and adds the program's
 * bonus (worksection: +20%).
 */
export function quotePayout(
  program: ProgramDefinition,
  grossMinor: bigint,
  method: PayoutMethod,
  legalType: 'individual' | 'company',
): PayoutQuote {
  if (isRedeem(program, method)) {
    const bonus = applyRateBps(grossMinor, program.payout.redeem!.bonusBps)
    return { grossMinor, feeMinor: 0n, taxMinor: 0n, netMinor: 0n, creditMinor: grossMinor + bonus }
  }
  const feeMinor = applyRateBps(grossMinor, program.payout.feeBps)
  const taxMinor = applyRateBps(grossMinor, program.payout.taxBps[legalType])
  return { grossMinor, feeMinor, taxMinor, netMinor: grossMinor - feeMinor - taxMinor }
}

export const minimumMinor = (program: ProgramDefinition, currency: string) => {
  const m = program.payout.minimum[currency]
  return m === undefined ? 0n : parseMoney(m, currency).minor
}

/**
 * The least amount paid out: the minimum, or one minor unit more where the program pays only amounts that exceed
 * it (`minimumExclusive`, melbet: "nopelnītie līdzekļi pārsniedz minimālo maksājuma summu"): exactly the minimum
 * rolls over.
 */
export const leastPayableMinor = (program: ProgramDefinition, currency: string) => {
  const minimum = minimumMinor(program, currency)
  return program.payout.minimumExclusive ? minimum + 1n : minimum
}

/** Is `amountMinor` enough to be paid (see leastPayableMinor)? */
export const meetsMinimum = (program: ProgramDefinition, currency: string, amountMinor: bigint) =>
  amountMinor >= leastPayableMinor(program, currency)

/** Scheduled pay dates an admin moved: scheduled local date -> the date it is paid instead. */
export type MovedDates = ReadonlyMap<string, string>

const parseLocal = (s: string): LocalDate => {
  const [year, month, day] = s.split('-').map(Number) as [number, number, number]
  return { year, month, day }
}

/** The scheduled (unmoved) pay dates of a weekly or monthly program, from `from` on (inclusive). */
function scheduledDates(program: ProgramDefinition, from: LocalDate, count: number): LocalDate[] {
  const s = program.payout.schedule
  const out: LocalDate[] = []
  let d = from
  while (out.length < count) {
    if (s.type === 'weekly') d = weekday(d) === s.weekday ? d : nextWeekday(d, s.weekday)
    else if (s.type === 'monthly') d = nextMonthDay(d, s.day, true)
    else return out
    out.push(d)
    d = addDays(d, 1)
  }
  return out
}

/**
 * The local date a scheduled program pays on, on or after `from`: its next scheduled date, unless an admin moved
 * it (then the moved-to date). Undefined for programs paid on request.
 */
export function nextPayDate(program: ProgramDefinition, from: LocalDate, moved: MovedDates): LocalDate | undefined {
  if (program.payout.schedule.type === 'on_request') return undefined
  // a date moved past the next scheduled one still comes first if it is earlier than the others
  const candidates = scheduledDates(program, from, 3).map((d) => {
    const to = moved.get(isoDate(d))
    return to ? parseLocal(to) : d
  })
  for (const [scheduled, to] of moved) {
    const s = parseLocal(scheduled)
    if (isoDate(s) < isoDate(from) && to >= isoDate(from)) candidates.push(parseLocal(to))
  }
  return candidates.filter((d) => isoDate(d) >= isoDate(from)).sort((a, b) => (isoDate(a) < isoDate(b) ? -1 : 1))[0]
}

/**
 * The pay date a partner can count on from `today`: the next one with any date moved, and past today once today's
 * batch is built (what it did not pay waits for the next pay date). Undefined for programs paid on request.
 */
export function upcomingPayDate(
  program: ProgramDefinition,
  today: LocalDate,
  moved: MovedDates,
  builtToday: boolean,
): LocalDate | undefined {
  const next = nextPayDate(program, today, moved)
  if (!next || !builtToday || isoDate(next) !== isoDate(today)) return next
  return nextPayDate(program, addDays(today, 1), moved)
}

/**
 * The period whose batch a pay day builds (its scheduled date's, even when moved); undefined when `day` is no pay
 * day. A batch of that period built means the day's payouts are done (a batch built on resuming payouts is its own).
 */
export function periodOfPayDay(program: ProgramDefinition, day: LocalDate, moved: MovedDates): Date | undefined {
  if (!isPayDay(program, day, moved)) return undefined
  return batchPeriod(program, scheduledDateOf(day, moved)).start
}

/** Is `day` a pay day (a scheduled date that was not moved away, or a date one was moved to)? */
export function isPayDay(program: ProgramDefinition, day: LocalDate, moved: MovedDates): boolean {
  if (program.payout.schedule.type === 'on_request') return false
  const key = isoDate(day)
  if ([...moved.values()].includes(key)) return true
  if (moved.has(key)) return false
  return isoDate(scheduledDates(program, day, 1)[0]!) === key
}

/**
 * When a request made at `at` is paid: on-request programs a number of business days later (jqsee: 2, so a
 * Friday request is due on Tuesday); scheduled programs on the pay date the partner can count on (upcomingPayDate):
 * today while today's batch has not started (`batchStarted`: its row exists), as that batch takes every request made
 * before it (melbet: Tuesday; chetup: the 25th, or the date it was moved to), else the next one.
 */
export function expectedPayment(program: ProgramDefinition, at: Date, moved: MovedDates, batchStarted: boolean): Date {
  const s = program.payout.schedule
  if (s.type === 'on_request') {
    return startOfLocalDate(
      addBusinessDays(at, s.dueBusinessDays, program.timeZone, program.holidays),
      program.timeZone,
    )
  }
  const today = localDate(at, program.timeZone)
  return startOfLocalDate(upcomingPayDate(program, today, moved, batchStarted)!, program.timeZone)
}

/**
 * A payout still on its way is late once its expected payment date (a local date in the program's zone) has passed:
 * from the next local midnight on, not during the day it is expected.
 */
export const payoutLate = (expectedAt: Date, now: Date, timeZone: string): boolean =>
  now >= startOfLocalDate(addDays(localDate(expectedAt, timeZone), 1), timeZone)

/**
 * The moment by which money must be available to be paid on pay day `day`: a weekly batch pays unasked what was
 * available at its period's end (melbet 8.1: Tuesday pays the Monday-Sunday before it); otherwise a pay day pays what
 * was asked for before its batch ran (chetup: a request on the 25th before the batch is paid that day, as
 * expectedPayment says). The batch's hour is the daily job's, not the program's: money available when the day began
 * can surely be asked for in time.
 */
export function payableBy(program: ProgramDefinition, day: LocalDate, moved: MovedDates): Date {
  if (program.payout.schedule.type === 'weekly') return batchPeriod(program, scheduledDateOf(day, moved)).end
  return new Date(startOfLocalDate(day, program.timeZone).getTime() - 1)
}

/**
 * The earning period a batch paid on `payDay` settles: melbet pays on Tuesday for the previous Monday-Sunday;
 * a monthly program for everything up to the pay day.
 */
export function batchPeriod(program: ProgramDefinition, payDay: LocalDate): { start: Date; end: Date } {
  const tz = program.timeZone
  if (program.payout.schedule.type === 'weekly') {
    let monday = addDays(payDay, -1)
    while (weekday(monday) !== 1) monday = addDays(monday, -1)
    monday = addDays(monday, -7)
    return { start: startOfLocalDate(monday, tz), end: startOfLocalDate(addDays(monday, 7), tz) }
  }
  return { start: startOfLocalDate(addMonths(payDay, -1), tz), end: startOfLocalDate(payDay, tz) }
}
