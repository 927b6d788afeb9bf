import { addDays, addMonths, isoDate, localDate, weekday } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import { type EntryKind, TAKEN_BACK } from '../domain/ledger.ts'
import { leastPayableMinor, minimumMinor, payoutLate } from '../domain/payouts.ts'
import type { EntryRow, PayoutInReview, PayoutUnderWay } from '../ports/statement-reader.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { type Named, namesOf } from '../programs/names.ts'
import { balancesOf, type StatementDeps } from './get-statement.ts'

/** Why earned money is not available yet: a campaign's verification, a hold of days, or the earning period. */
export type PendingWhy = { kind: 'verification'; days: number } | { kind: 'hold'; days: number } | { kind: 'period' }

/** One program and currency of a partner's earnings, as the bot shows them: amounts in minor units, dates as ISO. */
export interface EarningsView {
  program: string
  /** The program's names: the reader's language picks one (`programName`). */
  programNames: Named
  timeZone: string
  currency: string
  availableMinor: bigint
  pendingMinor: bigint
  heldMinor: bigint
  /** In payout: requested or approved and not yet paid, the payouts under review included. */
  inPayoutMinor: bigint
  /** The part of `inPayoutMinor` a review holds, and why (each reason code once; none recorded: `review`). */
  inReview: { minor: bigint; reasons: string[] }
  /**
   * The rest of `inPayoutMinor` (requested or approved) by the date it is expected (ISO), soonest first; `late`:
   * that date has passed (in the program's zone) and the money is still on its way.
   */
  payoutDates: { date: string; minor: bigint; late: boolean }[]
  paidMinor: bigint
  reversedMinor: bigint
  carriedOverMinor: bigint
  pendingWhy: PendingWhy
  /** Pending money by the local date it becomes available, soonest first (the next three dates). */
  releases: { date: string; minor: bigint }[]
  /** The reason codes of the money held for review (none recorded: empty). */
  heldReasons: string[]
  /** Why money was taken back (a refund, a shared IP address, a disqualification...), each code once. */
  reversedReasons: string[]
  /** Manual bonuses (positive) and penalties (negative), the latest five, newest first, each with its reason code. */
  adjustments: { at: string; minor: bigint; reason: string }[]
  /** When the next payout is: a scheduled program's pay date (any date moved, past today once today's batch is built). */
  nextPayoutAt: string | null
  /** The program's team has paused its scheduled payouts: no date is promised (nextPayoutAt is null). */
  payoutsPaused: boolean
  /** Paid on the partner's request (jqsee, quantower): nextPayoutAt is when a request made now is paid by. */
  payoutOnRequest: boolean
  /** Paid only what the partner asks for (every schedule but weekly, which pays the balance unasked: melbet). */
  payoutNeedsRequest: boolean
  /** The program's minimum payout in this currency, as its terms state it. */
  minimumMinor: bigint
  /** Paid only above the minimum (melbet): a balance of exactly the minimum rolls over. */
  minimumExclusive: boolean
  /** What the available balance lacks to be paid: up to the minimum, or just above it (0n: none). */
  missingMinor: bigint
  /** What is still missing once the money on hold becomes available (0n: the money on hold reaches the minimum). */
  missingAfterPendingMinor: bigint
  /** Players a partner needs to be paid (melbet), if the program counts them, and how many the partner has. */
  playersNeeded?: number
  players?: number
  /** What keeps the next scheduled payout from paying the partner (nextPayoutAt is null): a reason code. */
  payoutBlocker?: string
  /** The manager's payout hold behind `on_hold`: until when (ISO) and why (a reason code). */
  payoutHold?: { until: string; reason: string }
  /** Earned per week (weekly programs) or month, the last 12, by the local date each period starts. */
  chart: { weekly: boolean; bars: { start: string; minor: bigint }[] }
}

/**
 * /earnings: per program and currency what is on hold (until when, and why), held for review, available, in
 * payout, paid, reversed and carried over; the next payout date and what is still missing for it; and what was
 * earned per period. Every sum is taken here, in minor units; the bot only formats.
 */
export async function earningsView(deps: StatementDeps, partnerId: string): Promise<EarningsView[]> {
  if (!(await deps.statements.partnerExists(partnerId)))
    throw new DomainError('partner.not_found', { partner: partnerId })
  const now = deps.clock.now()
  const [balances, entries, inReview, underWay] = await Promise.all([
    balancesOf(deps, partnerId, now),
    deps.statements.entries(partnerId, new Date(0), now),
    deps.statements.payoutsInReview(partnerId),
    deps.statements.payoutsUnderWay(partnerId),
  ])
  return balances.map((b) => {
    const program = deps.program(b.programKey)!
    const own = entries.filter((e) => e.programKey === b.programKey && e.currency === b.currency)
    // melbet pays only above $30: what is missing counts towards 30.01, and the partner reads "above 30.00"
    const least = leastPayableMinor(program, b.currency)
    const needed = program.payout.minNewUsersExclusive
    return {
      program: b.programKey,
      programNames: namesOf(program),
      timeZone: program.timeZone,
      currency: b.currency,
      availableMinor: b.availableMinor,
      pendingMinor: b.pendingMinor,
      heldMinor: b.heldMinor,
      inPayoutMinor: b.reservedMinor,
      inReview: reviewOf(inReview.filter((p) => p.programKey === b.programKey && p.currency === b.currency)),
      payoutDates: datesOf(
        underWay.filter((p) => p.programKey === b.programKey && p.currency === b.currency),
        (d) => payoutLate(d, now, program.timeZone),
      ),
      paidMinor: b.paidMinor,
      reversedMinor: b.reversedMinor,
      carriedOverMinor: b.carriedOverMinor,
      pendingWhy: pendingWhy(program),
      releases: b.pendingMinor === 0n ? [] : releases(program, own, now),
      heldReasons: [...new Set(own.filter((e) => e.account === 'held' && e.reason).map((e) => e.reason!))],
      reversedReasons: [
        ...new Set(own.filter((e) => TAKEN_BACK.includes(e.kind as EntryKind) && e.reason).map((e) => e.reason!)),
      ],
      adjustments: own
        .filter((e) => e.kind === 'adjustment' && e.account === 'earned')
        .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime())
        .slice(0, 5)
        .map((e) => ({ at: e.createdAt.toISOString(), minor: e.amountMinor, reason: e.reason ?? 'correction' })),
      nextPayoutAt: b.nextPayoutAt?.toISOString() ?? null,
      payoutsPaused: b.payoutsPaused === true,
      payoutOnRequest: program.payout.schedule.type === 'on_request',
      payoutNeedsRequest: program.payout.schedule.type !== 'weekly',
      minimumMinor: minimumMinor(program, b.currency),
      minimumExclusive: program.payout.minimumExclusive,
      missingMinor: shortOf(least, b.availableMinor),
      missingAfterPendingMinor: shortOf(least, b.availableMinor + (b.pendingMinor > 0n ? b.pendingMinor : 0n)),
      ...(needed === undefined ? {} : { playersNeeded: needed + 1, players: b.players ?? 0 }),
      ...(b.payoutBlocker ? { payoutBlocker: b.payoutBlocker } : {}),
      ...(b.payoutHold ? { payoutHold: b.payoutHold } : {}),
      chart: chart(program, own, now),
    }
  })
}

/** The payouts a review holds in one program and currency: their sum and why. */
const reviewOf = (payouts: PayoutInReview[]): EarningsView['inReview'] => ({
  minor: payouts.reduce((sum, p) => sum + p.grossMinor, 0n),
  reasons: [...new Set(payouts.map((p) => p.reason ?? 'review'))],
})

/**
 * The payouts on their way in one program and currency, summed by the date each is expected, soonest first, each
 * date marked late once it has passed.
 */
function datesOf(payouts: PayoutUnderWay[], late: (expectedAt: Date) => boolean): EarningsView['payoutDates'] {
  const by = new Map<string, bigint>()
  for (const p of payouts) {
    if (!p.expectedAt) continue
    const date = p.expectedAt.toISOString()
    by.set(date, (by.get(date) ?? 0n) + p.grossMinor)
  }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, minor]) => ({ date, minor, late: late(new Date(date)) }))
}

/** How much `have` lacks of a minimum (none: 0n). */
const shortOf = (minimum: bigint, have: bigint) => (minimum > 0n && minimum > have ? minimum - have : 0n)

function pendingWhy(program: ProgramDefinition): PendingWhy {
  const c = program.commission
  if (c.type === 'campaigns') return { kind: 'verification', days: c.verificationDays }
  if ((c.type === 'one_time_reward' || c.type === 'payment_share') && c.holdDays > 0)
    return { kind: 'hold', days: c.holdDays }
  return { kind: 'period' }
}

/** When pending money becomes available, by local date, soonest first. */
function releases(program: ProgramDefinition, entries: EntryRow[], now: Date) {
  const byDate = new Map<string, bigint>()
  for (const e of entries) {
    if (e.account !== 'earned' || e.effectiveAt <= now) continue
    const day = isoDate(localDate(e.effectiveAt, program.timeZone))
    byDate.set(day, (byDate.get(day) ?? 0n) + e.amountMinor)
  }
  return [...byDate]
    .filter(([, minor]) => minor > 0n)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .slice(0, 3)
    .map(([date, minor]) => ({ date, minor }))
}

/**
 * Earned per week (weekly programs) or month, the last 12: a commission's postings (on hold or available, what was
 * taken back of it) by the local date it was earned, as /stats and the dashboard count it; anything else (a bonus,
 * a penalty) by the date it counts from.
 */
function chart(program: ProgramDefinition, entries: EntryRow[], now: Date): EarningsView['chart'] {
  const tz = program.timeZone
  const weekly = program.payout.schedule.type === 'weekly'
  const today = localDate(now, tz)
  const starts: string[] = []
  if (weekly) {
    let monday = today
    while (weekday(monday) !== 1) monday = addDays(monday, -1)
    for (let i = 11; i >= 0; i--) starts.push(isoDate(addDays(monday, -7 * i)))
  } else {
    for (let i = 11; i >= 0; i--) starts.push(isoDate(addMonths({ ...today, day: 1 }, -i)))
  }
  const sums = new Map(starts.map((s) => [s, 0n]))
  const tomorrow = isoDate(addDays(today, 1))
  for (const e of entries) {
    // payouts move earned money, they do not earn it
    if (e.account === 'reserved' || e.kind === 'payout' || e.kind === 'payout_release') continue
    const d = isoDate(localDate(e.earnedAt ?? e.effectiveAt, tz))
    const slot = [...starts].reverse().find((s) => s <= d)
    if (slot && d < tomorrow) sums.set(slot, sums.get(slot)! + e.amountMinor)
  }
  return { weekly, bars: starts.map((start) => ({ start, minor: sums.get(start)! })) }
}
