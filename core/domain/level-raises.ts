import type { CommissionRule } from '../programs/definition.ts'
import { applyRateBps, parseMoney } from './money.ts'
import { levelFor } from './rules.ts'

/**
 * Levels reached by counting clients are judged by payment date (rules.ts paymentShare, oneTimeReward), and a payment
 * may be reported late. A client reported after another that paid later was missing from that later client's count
 * when it was judged: it is owed the level it reached by its payment date. What it earned stays as it was earned;
 * the difference is a commission of its own (LEVEL_TOP_UP), on the order it tops up (a refund of the order takes it
 * back with the rest), written in the late postback's transaction. A level is only ever raised this way.
 */
export const LEVEL_TOP_UP = 'level_top_up'

/** The reason a level top-up carries: the partner reads it. */
export const LEVEL_RAISED_LATE = 'level_raised_late'

/** A standing commission of a client whose first payment came after the late one's (its reward, share or top-up). */
export interface LaterCommission {
  id: string
  /** The event that earned it (its order's payment). */
  eventId: string
  customerId: string
  codeId?: string
  rule: string
  orderRef?: string
  status: 'pending' | 'held' | 'available' | 'paid'
  currency: string
  /** What stands of it (after any reversal). */
  remainingMinor: bigint
  basisMinor?: bigint
  refundedBasisMinor?: bigint
  rateBps?: number
  occurredAt: Date
  availableAt?: Date
  /** Its client's first payment (from which its level is counted). */
  firstPaidAt: Date
  /** Its client's kept level: the paying clients before it when it was acquired (a payment share's). */
  acquiredLevelCount?: number
}

export interface LevelTopUp {
  /** The commission it tops up (its order, event, client and payability). */
  of: LaterCommission
  amountMinor: bigint
  status: 'pending' | 'available'
  availableAt: Date
  /** A payment share's: the payment's basis still standing, and the rate added to it. */
  basisMinor?: bigint
  rateBps?: number
}

/** The rule that judged a commission of that date: the partner's deal then, or the program's own rule. */
export interface JudgedRule {
  rule: CommissionRule
  underDeal: boolean
}

/**
 * One client's top-ups, now that `count` paying clients came before its first payment: a one-time reward is raised to
 * its level's amount, each of a payment share's payments to its level's rate (a deal's level at the payment's date,
 * or the level's rate the client keeps for life). What earlier top-ups gave counts as given; a held commission waits
 * for its review and is not topped up.
 */
export function levelTopUps(
  commissions: readonly LaterCommission[],
  count: number,
  judgedAt: (when: Date) => JudgedRule,
): LevelTopUp[] {
  const topUps: LevelTopUp[] = []
  const given = (c: LaterCommission) => commissions.filter((x) => x.rule === LEVEL_TOP_UP && x.eventId === c.eventId)
  for (const c of commissions) {
    if (c.status === 'held') continue
    const { rule, underDeal } = judgedAt(c.occurredAt)
    const payable = { status: c.status === 'pending' ? ('pending' as const) : ('available' as const) }
    const at = { ...payable, availableAt: c.availableAt ?? c.occurredAt }
    if (c.rule === 'one_time_reward' && rule.type === 'one_time_reward') {
      const owed = parseMoney(levelFor(rule.levels, count).amount, c.currency).minor
      const had = given(c).reduce((sum, x) => sum + x.remainingMinor, c.remainingMinor)
      if (owed > had) topUps.push({ of: c, amountMinor: owed - had, ...at })
    }
    if (c.rule === 'payment_share' && rule.type === 'payment_share' && c.rateBps !== undefined && c.basisMinor) {
      // a single rate is the rate in force at each payment, and a partner's own override is no level
      if ((!underDeal && rule.levels.length < 2) || rule.allowRateOverride) continue
      const owed = levelFor(rule.levels, count).rateBps
      const had = given(c).reduce((sum, x) => sum + (x.rateBps ?? 0), c.rateBps)
      const basis = c.basisMinor - (c.refundedBasisMinor ?? 0n)
      const amountMinor = applyRateBps(basis, owed) - applyRateBps(basis, had)
      if (owed > had && amountMinor > 0n)
        topUps.push({ of: c, amountMinor, basisMinor: basis, rateBps: owed - had, ...at })
    }
  }
  return topUps
}
