import { addMonths, localDate, startOfLocalDate, startOfLocalMonth } from '../domain/calendar.ts'
import { dealAt, underDeal } from '../domain/deals.ts'
import type { RefusedEarning } from '../domain/late-qualification.ts'
import { type MonthShare, TIER_TOP_UP, tierTopUps } from '../domain/month-tiers.ts'
import { type Decision, type OrderCommission, revenueShareRate } from '../domain/rules.ts'
import type { CustomerRecord, EarningsTx, EnrolmentRecord } from '../ports/earnings-store.ts'
import type { CommissionRecord, LedgerTx } from '../ports/ledger-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { postEarned } from './commission-ledger.ts'
import type { ReviewDeps } from './review-commission.ts'
import { type WriteContext, writeTierTopUp } from './write-decisions.ts'

/**
 * The volume tier is the calendar month's (core/domain/month-tiers.ts): a postback that makes a new user, or that
 * takes back or settles a revenue share, may change what a month's revenue is due, and the month's top-ups follow.
 * Two steps around the decisions' writes, under the enrolment's lock: the months are read before them (so that no
 * store shows this postback's own writes in them), and what the decisions change is applied to what was read.
 */

interface TierMonth {
  start: Date
  newUsers: number
  shares: MonthShare[]
}

/** The months this postback may lift or lower, with their new users and revenue-share earnings as they stand. */
export async function readTierMonths(
  tx: EarningsTx,
  program: ProgramDefinition,
  enrolment: EnrolmentRecord,
  customer: CustomerRecord,
  at: {
    newUser: Date | undefined
    decisions: readonly Decision[]
    orderCommissions: readonly OrderCommission[]
    /** Refused revenue shares this postback earns (late-qualification.ts). */
    earnedLate?: readonly RefusedEarning[]
  },
): Promise<TierMonth[]> {
  const tz = program.timeZone
  const touched = at.decisions.flatMap((d) => {
    if (d.kind !== 'reverse' && d.kind !== 'release') return []
    const c = at.orderCommissions.find((x) => x.id === d.commissionId)
    return c?.rule === 'revenue_share' ? [c.occurredAt] : []
  })
  for (const r of at.earnedLate ?? []) touched.push(r.occurredAt)
  const starts = new Map<number, Date>()
  for (const when of [...(at.newUser ? [at.newUser] : []), ...touched]) {
    const start = startOfLocalMonth(when, tz)
    starts.set(start.getTime(), start)
  }
  const months: TierMonth[] = []
  for (const start of starts.values()) {
    const end = startOfLocalDate(addMonths(localDate(start, tz), 1), tz)
    // this postback's customer, as it stands now (its qualification may not be written yet)
    const own =
      !customer.ineligible && customer.qualifiedAt && customer.qualifiedAt >= start && customer.qualifiedAt < end
    const newUsers = (await tx.countOtherNewUsers(enrolment.id, start, end, customer.id)) + (own ? 1 : 0)
    // a new user changes what the month is due only when it reaches a tier (of the program's or a deal's)
    const byNewUserOnly = !touched.some((t) => startOfLocalMonth(t, tz).getTime() === start.getTime())
    if (byNewUserOnly && !tierThresholds(program, enrolment).has(newUsers)) continue
    months.push({ start, newUsers, shares: await tx.monthRevenueShares(enrolment.id, start, end) })
  }
  return months
}

/** Every count of new users at which a volume tier begins, in the program's rule or one of the partner's deals. */
export function tierThresholds(program: ProgramDefinition, enrolment: EnrolmentRecord) {
  const rules = [program.commission, ...(enrolment.deals ?? []).map((d) => d.commission)]
  return new Set(rules.flatMap((r) => (r.type === 'revenue_share' ? r.tiers.map((t) => t.minNewUsers) : [])))
}

/** Writes each month's top-ups, with this postback's reversals and settlements applied to what was read. */
export async function topUpTierMonths(
  tx: EarningsTx,
  rulesOn: (at: Date) => Promise<ProgramDefinition>,
  enrolment: EnrolmentRecord,
  months: readonly TierMonth[],
  w: WriteContext,
  decisions: readonly Decision[],
  earnedLate: readonly RefusedEarning[] = [],
) {
  const tz = w.program.timeZone
  for (const month of months) {
    const shares = month.shares.map((s) => ({ ...s }))
    // read before this postback wrote them: the refused revenue earned now counts with its month's earnings
    for (const r of earnedLate)
      if (startOfLocalMonth(r.occurredAt, tz).getTime() === month.start.getTime())
        shares.push({
          ...{ id: r.id, rule: r.rule, currency: r.currency, basisMinor: r.basisMinor, occurredAt: r.occurredAt },
          ...{ amountMinor: r.amountMinor, earnedMinor: r.amountMinor },
        })
    for (const d of decisions) {
      if (d.kind === 'reverse') {
        const s = shares.find((x) => x.id === d.commissionId)
        if (s) s.amountMinor -= d.amountMinor
      }
      if (d.kind !== 'release') continue
      const c = w.orderCommissions.find((x) => x.id === d.commissionId)
      if (c && startOfLocalMonth(c.occurredAt, tz).getTime() === month.start.getTime())
        shares.push({
          id: c.id,
          rule: c.rule,
          currency: c.currency,
          amountMinor: d.amountMinor,
          earnedMinor: d.amountMinor,
          basisMinor: d.basisMinor,
          occurredAt: c.occurredAt,
        })
    }
    const topUps = await monthTopUps(rulesOn, enrolment, { ...month, shares }, tz, w.eventId)
    for (const t of topUps) await writeTierTopUp(tx, t, w)
  }
}

/** A month's top-ups as its earnings stand (tierTopUps), each earning by the rules and the deal in force when earned. */
async function monthTopUps(
  rulesOn: (at: Date) => Promise<ProgramDefinition>,
  enrolment: EnrolmentRecord,
  month: TierMonth,
  timeZone: string,
  writtenBy: string,
) {
  const rules = new Map<number, ProgramDefinition>()
  for (const s of month.shares)
    if (s.rule !== TIER_TOP_UP && !rules.has(+s.occurredAt)) rules.set(+s.occurredAt, await rulesOn(s.occurredAt))
  return tierTopUps({
    writtenBy,
    monthStart: month.start,
    timeZone,
    shares: month.shares,
    rateAt: (when) => {
      const judged = underDeal(rules.get(+when)!, dealAt(enrolment.deals, when))
      const rule = judged.commission
      if (rule.type !== 'revenue_share') return undefined
      return revenueShareRate(rule, judged, enrolment.registeredAt, when, month.newUsers)
    },
  })
}

/**
 * An operator's decision on a revenue share (held, released, voided, rejected, marked substandard, restored) changes
 * what its month earns, and the month's top-ups follow in the same transaction: read after the decision's own
 * writes, under the partner's lock the decision took before the commission's (the postbacks' order), written under
 * the decision's key (`writtenBy`). What they change in the commission's currency is returned (0 when nothing).
 */
export async function retopMonthOf(
  tx: LedgerTx,
  deps: Pick<ReviewDeps, 'program' | 'programAt'>,
  c: CommissionRecord,
  enrolment: EnrolmentRecord,
  decision: { writtenBy: string; now: Date },
): Promise<bigint> {
  const rulesOn = async (at: Date) => deps.programAt?.(c.programKey, at) ?? deps.program(c.programKey)
  const program = await rulesOn(c.occurredAt)
  if (c.rule !== 'revenue_share' || !program || !tierThresholds(program, enrolment).size) return 0n
  const tz = program.timeZone
  const start = startOfLocalMonth(c.occurredAt, tz)
  const end = startOfLocalDate(addMonths(localDate(start, tz), 1), tz)
  const month = { start, ...(await tx.tierMonth(enrolment.id, start, end)) }
  const topUps = await monthTopUps(
    async (at) => (await rulesOn(at)) ?? program,
    enrolment,
    month,
    tz,
    decision.writtenBy,
  )
  let change = 0n
  for (const t of topUps) {
    const id = await tx.insertTierTopUp({
      ...t,
      programKey: c.programKey,
      enrolmentId: enrolment.id,
      eventId: c.eventId,
      at: decision.now,
    })
    // posted for no event: the decision's
    const earned = { id, programKey: c.programKey, enrolmentId: enrolment.id, status: 'available' as const }
    const { currency, amountMinor, availableAt, occurredAt } = t
    await postEarned(tx, { ...earned, currency, amountMinor, availableAt, occurredAt, createdAt: decision.now })
    if (t.currency === c.currency) change += t.amountMinor
  }
  return change
}
