import { addMonths, localDate, startOfLocalDate, startOfLocalMonth } from '../domain/calendar.ts'
import { dealAt, underDeal } from '../domain/deals.ts'
import { tierTopUps } from '../domain/month-tiers.ts'
import { revenueShareRate, tierRateBps } from '../domain/rules.ts'
import type { EarningsTx, EnrolmentRecord } from '../ports/earnings-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { type WriteContext, writeTierTopUp } from './write-decisions.ts'

/**
 * A new user may lift its month to a higher volume tier (melbet: 20% from 20 new users in the calendar month): the
 * revenue that month already earned at the lower rate is then topped up (core/domain/month-tiers.ts). Called, under
 * the enrolment's lock, by the postback that made a customer a new user; a month that reached no new tier gets
 * nothing.
 */
export async function topUpMonthTier(
  tx: EarningsTx,
  program: ProgramDefinition,
  enrolment: EnrolmentRecord,
  customerId: string,
  w: WriteContext,
) {
  const at = w.event.occurredAt
  const tz = program.timeZone
  const ruleAt = (when: Date) => {
    const judged = underDeal(program, dealAt(enrolment.deals, when))
    return judged.commission.type === 'revenue_share' ? { judged, rule: judged.commission } : undefined
  }
  const now = ruleAt(at)
  if (!now) return
  const monthStart = startOfLocalMonth(at, tz)
  const monthEnd = startOfLocalDate(addMonths(localDate(monthStart, tz), 1), tz)
  const { otherNewUsers, shares } = await tx.monthRevenueShares(enrolment.id, monthStart, monthEnd, customerId)
  const newUsers = otherNewUsers + 1
  // only a tier reached by this new user lifts the month (deals may set other tiers: each earning by its own)
  if (tierRateBps(now.rule, newUsers) === tierRateBps(now.rule, otherNewUsers) || !shares.length) return
  const topUps = tierTopUps({
    enrolmentId: enrolment.id,
    monthStart,
    timeZone: tz,
    tierRateBps: tierRateBps(now.rule, newUsers),
    shares,
    rateAt: (when) => {
      const r = ruleAt(when)
      return r && revenueShareRate(r.rule, r.judged, enrolment.registeredAt, when, newUsers)
    },
  })
  for (const t of topUps) await writeTierTopUp(tx, t, w)
}
