import { isoDate, localDate, startOfLocalWeek } from './calendar.ts'
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
  /** A top-up an operator voided or rejected: its week's unpaid top-ups come to nothing. */
  refused?: boolean
  /** Paid out: a refused week does not take it back. */
  paid?: boolean
  /** A top-up's rate: the rate it topped its week up to. */
  rateBps?: number
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
  /** What writes them (their key): the postback's event id, or an operator's decision. */
  writtenBy: string
  /** The month's first moment in the program's time zone. */
  monthStart: Date
  timeZone: string
  shares: readonly MonthShare[]
  rateAt: (occurredAt: Date) => number | undefined
}): TierTopUp[] {
  const { writtenBy, monthStart, timeZone } = args
  const month = isoDate(localDate(monthStart, timeZone)).slice(0, 7)
  const weeks = weeksOf(args.shares, timeZone)
  const topUps: TierTopUp[] = []
  for (const w of weeks.values()) {
    let due = 0n
    let basis = 0n
    let rateBps = 0
    for (const s of w.originals) {
      const standing = standingBasis(s)
      const rate = standing === undefined ? undefined : args.rateAt(s.occurredAt)
      if (rate === undefined || standing === undefined) continue
      const lacking = applyRateBps(standing, Math.min(rate, w.cap)) - s.amountMinor
      // a raise goes the way of its revenue: more of a profit, more of a loss
      if (lacking !== 0n && lacking > 0n === standing > 0n) {
        due += lacking
        basis += standing
        rateBps = Math.max(rateBps, Math.min(rate, w.cap))
      }
    }
    let amountMinor = due - w.given
    // a refused week takes back only what its unpaid top-ups give: paid money stays paid
    if (w.cap !== Number.POSITIVE_INFINITY && amountMinor < -w.unpaid) amountMinor = -w.unpaid
    if (amountMinor === 0n) continue
    const day = isoDate(localDate(w.week, timeZone))
    topUps.push({
      orderRef: `tier:${month}:${day}:${w.currency}:${writtenBy}`,
      currency: w.currency,
      amountMinor,
      basisMinor: basis,
      rateBps,
      occurredAt: w.week < monthStart ? monthStart : w.week,
      availableAt: new Date(w.week.getTime() + 7 * 86_400_000),
    })
  }
  return topUps.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.currency.localeCompare(b.currency))
}

interface Week {
  currency: string
  week: Date
  originals: MonthShare[]
  /** What the week's top-ups give, and the part of it not paid out. */
  given: bigint
  unpaid: bigint
  /**
   * The highest rate the week may be topped up to. An operator's refusal of a top-up stands: the week stays at the
   * rate of its highest top-up below the refused one that stands (none: its top-ups come to nothing), and no later
   * recompute lifts it past that (restoring the refused top-up does). No refusal: no cap.
   */
  cap: number
}

/** The month's earnings by week and currency, with what each week's top-ups give and the cap a refusal sets. */
function weeksOf(shares: readonly MonthShare[], timeZone: string) {
  const weeks = new Map<string, Week & { refusedAt: number; standingRates: number[] }>()
  for (const s of shares) {
    const week = startOfLocalWeek(s.occurredAt, timeZone)
    const key = `${s.currency}:${week.getTime()}`
    let w = weeks.get(key)
    if (!w) {
      const cap = Number.POSITIVE_INFINITY
      w = { currency: s.currency, week, originals: [], given: 0n, unpaid: 0n, cap, refusedAt: cap, standingRates: [] }
      weeks.set(key, w)
    }
    if (s.rule !== TIER_TOP_UP) {
      w.originals.push(s)
      continue
    }
    w.given += s.amountMinor
    if (!s.paid) w.unpaid += s.amountMinor
    // a refused top-up of unknown rate refuses every rate
    if (s.refused) w.refusedAt = Math.min(w.refusedAt, s.rateBps ?? 0)
    else if (s.earnedMinor > 0n && s.rateBps !== undefined) w.standingRates.push(s.rateBps)
  }
  for (const w of weeks.values()) {
    if (w.refusedAt === Number.POSITIVE_INFINITY) continue
    w.cap = Math.max(0, ...w.standingRates.filter((r) => r < w.refusedAt))
  }
  return weeks
}

/** The revenue an earning still stands on: a refund of part of it takes that part off (in proportion). */
function standingBasis(s: MonthShare): bigint | undefined {
  if (s.basisMinor === undefined) return undefined
  if (s.amountMinor === s.earnedMinor || s.earnedMinor === 0n) return s.basisMinor
  return divideHalfEven(s.basisMinor * s.amountMinor, s.earnedMinor)
}
