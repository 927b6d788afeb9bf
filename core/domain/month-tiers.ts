import { isoDate, localDate, startOfLocalWeek, startOfNextLocalWeek } from './calendar.ts'
import { applyRateBps, divideHalfEven } from './money.ts'

/**
 * A revenue share's volume tier is the calendar month's (melbet: "20% in a calendar month in which you bring at least
 * 20 new users"), but a month's revenue is rated as it arrives, with the new users counted so far: the weeks before
 * the 20th new user are rated at 15%. When a new user lifts the month to a higher tier, what the month's revenue
 * already earned is topped up to it: one top-up per week and currency (payable with that week, as its revenue is),
 * written as a commission of its own (TIER_TOP_UP), so that what was paid stays as it was paid. A postback that
 * changes a tiered month's earnings afterwards (a refund, a settlement) brings its top-ups in line again, by a
 * difference that may be negative.
 */

export const TIER_TOP_UP = 'revenue_share_tier'

/** The order a commission is for, as people read it: a top-up's key is the service's own, not the program's order. */
export const shownOrderRef = (rule: string, orderRef: string | null | undefined) =>
  rule === TIER_TOP_UP ? undefined : (orderRef ?? undefined)

/** A revenue-share earning of the month, as it stands: an original commission, or an earlier top-up. */
export interface MonthShare {
  id: string
  rule: string
  currency: string
  /** What it counts now (after any reversal). */
  amountMinor: bigint
  /** What it earned before any reversal. */
  earnedMinor: bigint
  /** The revenue it was rated on (originals only). */
  basisMinor?: bigint
  occurredAt: Date
  /**
   * A top-up that counts as given but that the partner no longer has (a disqualification annulled it): a later
   * change of its week comes off it first (a decrease off an annulled raise, an increase off an annulled charge).
   */
  frozen?: boolean
}

export interface TierTopUp {
  /** The top-up's key: one per month, week and currency of the postback or decision that writes it. */
  orderRef: string
  currency: string
  amountMinor: bigint
  /** The revenue topped up, and the highest rate it was topped up to. */
  basisMinor: bigint
  rateBps: number
  /** The week's first moment within the month (its commission lines are listed by it). */
  occurredAt: Date
  /** Payable with its week: the Monday after it. */
  availableAt: Date
}

/**
 * What the month's revenue shares lack against the rates in force now (`rateAt`: the rate an earning of that
 * moment gets with the month's new users as now counted; undefined where no revenue share applies). An earning is
 * only ever raised: one already rated at or above its rate now adds nothing. Earlier top-ups of the same week and
 * currency are subtracted, so a second tier tops up the difference only, and running it again adds nothing.
 */
export function tierTopUps(args: {
  /** What writes them (their key): the postback's event id, or an operator's decision on a revenue share. */
  writtenBy: string
  /** The month's first moment in the program's time zone. */
  monthStart: Date
  timeZone: string
  shares: readonly MonthShare[]
  rateAt: (occurredAt: Date) => number | undefined
}): TierTopUp[] {
  const { writtenBy, monthStart, timeZone } = args
  const month = isoDate(localDate(monthStart, timeZone)).slice(0, 7)
  const groups = new Map<
    string,
    { currency: string; week: Date; due: bigint; basis: bigint; given: bigint; frozen: bigint; rateBps: number }
  >()
  for (const s of args.shares) {
    const week = startOfLocalWeek(s.occurredAt, timeZone)
    const key = `${s.currency}:${week.getTime()}`
    let g = groups.get(key)
    if (!g) {
      g = { currency: s.currency, week, due: 0n, basis: 0n, given: 0n, frozen: 0n, rateBps: 0 }
      groups.set(key, g)
    }
    if (s.rule === TIER_TOP_UP) {
      g.given += s.amountMinor
      if (s.frozen) g.frozen += s.amountMinor
      continue
    }
    const basis = standingBasis(s)
    const rate = basis === undefined ? undefined : args.rateAt(s.occurredAt)
    if (rate === undefined || basis === undefined) continue
    const lacking = applyRateBps(basis, rate) - s.amountMinor
    // a raise goes the way of its revenue: more of a profit, more of a loss
    if (lacking !== 0n && lacking > 0n === basis > 0n) {
      g.due += lacking
      g.basis += basis
      g.rateBps = Math.max(g.rateBps, rate)
    }
  }
  const topUps: TierTopUp[] = []
  for (const g of groups.values()) {
    // top-ups annulled with the partner's unpaid money count as given, but the partner bore none of them: what the
    // week's due moves comes off them first (a decrease off annulled raises, an increase off annulled charges)
    const amountMinor = absorbed(g.due - g.given, g.frozen)
    if (amountMinor === 0n) continue
    const day = isoDate(localDate(g.week, timeZone))
    topUps.push({
      orderRef: `tier:${month}:${day}:${g.currency}:${writtenBy}`,
      currency: g.currency,
      amountMinor,
      basisMinor: g.basis,
      rateBps: g.rateBps,
      occurredAt: g.week < monthStart ? monthStart : g.week,
      availableAt: startOfNextLocalWeek(g.week, timeZone),
    })
  }
  return topUps.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.currency.localeCompare(b.currency))
}

/** A week's difference less what its annulled top-ups (`frozen`, net) absorb: never past zero, never the other way. */
function absorbed(difference: bigint, frozen: bigint): bigint {
  if (difference < 0n && frozen > 0n) return difference + frozen < 0n ? difference + frozen : 0n
  if (difference > 0n && frozen < 0n) return difference + frozen > 0n ? difference + frozen : 0n
  return difference
}

/** The revenue an earning still stands on: a refund of part of it takes that part off (in proportion). */
function standingBasis(s: MonthShare): bigint | undefined {
  if (s.basisMinor === undefined) return undefined
  if (s.amountMinor === s.earnedMinor || s.earnedMinor === 0n) return s.basisMinor
  return divideHalfEven(s.basisMinor * s.amountMinor, s.earnedMinor)
}
