import type { ProgramDefinition } from '../programs/definition.ts'
import { startOfNextLocalWeek } from './calendar.ts'
import { holdUntil, UNSETTLED } from './rules.ts'

/**
 * Postbacks arrive in any order. The refusals below say only that the event which makes the customer count had not
 * arrived when a money event was judged: melbet's first deposit (`not_new_user`), a sign-up through the link
 * (`not_signed_up_via_link`). When that event arrives late, the money events refused for that reason alone and dated
 * after it earn what they would have earned had the postbacks come in order.
 */
export const UNTIL_QUALIFIED: readonly string[] = ['not_new_user', 'not_signed_up_via_link']

/** The reason a commission earned that way keeps (a reason is never cleared): the partner reads it. */
export const QUALIFIED_LATE = 'qualified_late'

/** A commission refused for one of UNTIL_QUALIFIED, with what its rule needs to judge it again. */
export interface RefusedEarning {
  id: string
  eventId: string
  rule: string
  /** What it would have earned, as judged then (the rate in force at its date, its level then). */
  amountMinor: bigint
  basisMinor?: bigint
  currency: string
  occurredAt: Date
  /** Revenue reported with its bets settled (the default), or held until they are. */
  settled: boolean
}

/**
 * How a refused commission stands once its customer counts, by the rule that judged it, as that rule decides an
 * event in order (rules.ts paymentShare, revenueShare); null where the rule earns nothing again this way.
 */
export function earnedOnceQualified(
  program: ProgramDefinition,
  r: RefusedEarning,
): { status: 'pending' | 'available' | 'held'; availableAt?: Date; reason?: string } | null {
  const rule = program.commission
  if (rule.type === 'payment_share' && r.rule === 'payment_share') {
    const availableAt = holdUntil(program, r.occurredAt, rule.holdDays)
    return { status: rule.holdDays ? 'pending' : 'available', availableAt }
  }
  if (rule.type === 'revenue_share' && r.rule === 'revenue_share') {
    if (rule.settledOnly && !r.settled) return { status: 'held', reason: UNSETTLED }
    return { status: 'available', availableAt: startOfNextLocalWeek(r.occurredAt, program.timeZone) }
  }
  return null
}
