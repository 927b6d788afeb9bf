import { isoDate, localDate, startOfLocalWeek } from './calendar.ts'
import { applyRateBps } from './money.ts'

/**
 * A revenue share's volume tier is the calendar month's (melbet: "20% in a calendar month in which you bring at least
 * 20 new users"), but a month's revenue is rated as it arrives, with the new users counted so far: the weeks before
 * the 20th new user are rated at 15%. When a new user lifts the month to a higher tier, what the month's revenue
 * already earned is topped up to it: one top-up per week and currency (payable with that week, as its revenue is),
 * written as a commission of its own (TIER_TOP_UP), so that what was paid stays as it was paid.
 */

export const TIER_TOP_UP = 'revenue_share_tier'

/** The order a commission is for, as people read it: a top-up's key is the service's own, not the program's order. */
export const shownOrderRef = (rule: string, orderRef: string | null | undefined) =>
  rule === TIER_TOP_UP ? undefined : (orderRef ?? undefined)

/** A revenue-share earning of the month, as it stands: an original commission, or an earlier top-up. */
export interface MonthShare {
  rule: string
  currency: string
  /** What it counts now (after any reversal). */
  amountMinor: bigint
  /** The revenue it was rated on (originals only). */
  basisMinor?: bigint
  occurredAt: Date
}

export interface TierTopUp {
  /** The top-up's key: one per partner, month, week, currency and tier, whoever writes it. */
  orderRef: string
  currency: string
  amountMinor: bigint
  /** The revenue topped up, and the month's tier. */
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
  enrolmentId: string
  /** The month's first moment in the program's time zone. */
  monthStart: Date
  timeZone: string
  tierRateBps: number
  shares: readonly MonthShare[]
  rateAt: (occurredAt: Date) => number | undefined
}): TierTopUp[] {
  const { enrolmentId, monthStart, timeZone, tierRateBps } = args
  const month = isoDate(localDate(monthStart, timeZone)).slice(0, 7)
  const groups = new Map<string, { currency: string; week: Date; due: bigint; basis: bigint; given: bigint }>()
  for (const s of args.shares) {
    const week = startOfLocalWeek(s.occurredAt, timeZone)
    const key = `${s.currency}:${week.getTime()}`
    let g = groups.get(key)
    if (!g) {
      g = { currency: s.currency, week, due: 0n, basis: 0n, given: 0n }
      groups.set(key, g)
    }
    if (s.rule === TIER_TOP_UP) {
      g.given += s.amountMinor
      continue
    }
    const rate = s.basisMinor === undefined ? undefined : args.rateAt(s.occurredAt)
    if (rate === undefined || s.basisMinor === undefined) continue
    const lacking = applyRateBps(s.basisMinor, rate) - s.amountMinor
    // a raise goes the way of its revenue: more of a profit, more of a loss
    if (lacking !== 0n && lacking > 0n === s.basisMinor > 0n) {
      g.due += lacking
      g.basis += s.basisMinor
    }
  }
  const topUps: TierTopUp[] = []
  for (const g of groups.values()) {
    const amountMinor = g.due - g.given
    if (amountMinor === 0n) continue
    const day = isoDate(localDate(g.week, timeZone))
    topUps.push({
      orderRef: `tier:${enrolmentId}:${month}:${day}:${g.currency}:${tierRateBps}`,
      currency: g.currency,
      amountMinor,
      basisMinor: g.basis,
      rateBps: tierRateBps,
      occurredAt: g.week < monthStart ? monthStart : g.week,
      availableAt: new Date(g.week.getTime() + 7 * 86_400_000),
    })
  }
  return topUps.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.currency.localeCompare(b.currency))
}
