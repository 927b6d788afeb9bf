import { addDays, isoDate, type LocalDate, localDate, startOfLocalDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import { formatMoney } from '../domain/money.ts'
import {
  batchPeriod,
  type MovedDates,
  meetsMinimum,
  nextPayDate,
  payableBy,
  payoutBlocker,
  periodOfPayDay,
  upcomingPayDate,
} from '../domain/payouts.ts'
import { onRequestDueDate, previousScheduledPayout } from '../domain/schedule.ts'
import type { Clock } from '../ports/clock.ts'
import type { BalanceRow, PayoutStanding, StatementReader } from '../ports/statement-reader.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface StatementDeps {
  statements: StatementReader
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
}

export interface Statement {
  partner: string
  asOf: string
  balances: {
    program: string
    currency: string
    pending: string
    held: string
    available: string
    paid: string
    /** In payouts requested or approved, not yet paid. */
    inPayout: string
    reversed: string
    carriedOver: string
    /** Scheduled programs: the next pay date (a moved date counts; past today once today's batch is built). */
    nextPayoutAt: string | null
    /** The program's team has paused its scheduled payouts: no date is promised. */
    payoutsPaused: boolean
  }[]
  entries: {
    id: string
    program: string
    currency: string
    amount: string
    account: string
    kind: string
    reason: string | null
    commission: string | null
    payout: string | null
    effectiveAt: string
    recordedAt: string
  }[]
}

/**
 * A partner's statement: per program and currency what is pending, held, available, paid, reversed and
 * carried over, when the next payout is, and the ledger entries of the period [from, to).
 * Balances are as of `to` (default: now).
 */
export async function getStatement(
  deps: StatementDeps,
  partnerId: string,
  opts: { programKey?: string; from?: Date; to?: Date } = {},
): Promise<Statement> {
  if (opts.programKey && !deps.program(opts.programKey)) {
    throw new DomainError('program.not_found', { program: opts.programKey })
  }
  if (!(await deps.statements.partnerExists(partnerId)))
    throw new DomainError('partner.not_found', { partner: partnerId })
  // a program the partner never joined has no statement (as the performance report answers)
  if (opts.programKey && !(await deps.statements.partnerExists(partnerId, opts.programKey)))
    throw new DomainError('enrolment.not_found', { partner: partnerId, program: opts.programKey })
  const asOf = opts.to ?? deps.clock.now()
  const from = opts.from ?? new Date(0)
  if (from > asOf) throw new DomainError('statement.bad_period', { from: from.toISOString(), to: asOf.toISOString() })
  const balances = (await balancesOf(deps, partnerId, asOf, opts.programKey)).map((b) => {
    const money = (minor: bigint) => formatMoney({ minor, currency: b.currency })
    return {
      program: b.programKey,
      currency: b.currency,
      pending: money(b.pendingMinor),
      held: money(b.heldMinor),
      available: money(b.availableMinor),
      paid: money(b.paidMinor),
      inPayout: money(b.reservedMinor),
      reversed: money(b.reversedMinor),
      carriedOver: money(b.carriedOverMinor),
      nextPayoutAt: b.nextPayoutAt?.toISOString() ?? null,
      payoutsPaused: b.payoutsPaused === true,
    }
  })
  const entries = await deps.statements.entries(partnerId, from, asOf, opts.programKey)
  return {
    partner: partnerId,
    asOf: asOf.toISOString(),
    balances,
    entries: entries.map((e) => ({
      id: e.id,
      program: e.programKey,
      currency: e.currency,
      amount: formatMoney({ minor: e.amountMinor, currency: e.currency }),
      account: e.account,
      kind: e.kind,
      reason: e.reason ?? null,
      commission: e.commissionId ?? null,
      payout: e.payoutId ?? null,
      effectiveAt: e.effectiveAt.toISOString(),
      recordedAt: e.createdAt.toISOString(),
    })),
  }
}

export interface BalanceMinor extends BalanceRow {
  /** What the last scheduled payout left in the balance (a loss melbet carries into the next week; not what it paid). */
  carriedOverMinor: bigint
  nextPayoutAt?: Date
  /** The program's team has paused its scheduled payouts: no date is promised. */
  payoutsPaused?: boolean
  /** What keeps the next scheduled batch from paying the partner (no date is promised): a reason code. */
  payoutBlocker?: string
  /** The manager's payout hold behind an `on_hold` blocker: until when, and why (a reason code). */
  payoutHold?: { until: string; reason: string }
  /** Qualified new users, where the program pays only above a number of them (melbet's players). */
  players?: number
}

/** A partner's balances per program and currency as of `asOf`, in minor units (programs no longer defined left out). */
export async function balancesOf(
  deps: StatementDeps,
  partnerId: string,
  asOf: Date,
  programKey?: string,
): Promise<BalanceMinor[]> {
  const out: BalanceMinor[] = []
  const payDays = new Map<string, Awaited<ReturnType<StatementReader['payDays']>>>()
  const standings = new Map<string, PayoutStanding | null>()
  for (const r of await deps.statements.balances(partnerId, asOf, programKey)) {
    const program = deps.program(r.programKey)
    if (!program) continue
    const since = await lastPayDayRun(deps, program, asOf)
    let carriedOverMinor = r.availableMinor < 0n ? r.availableMinor : 0n
    if (since) {
      // what that pay day left in the balance: available at its start, less what its batch (or a request that day)
      // took out of it by the day's end
      const dayEnd = new Date(Math.min(asOf.getTime(), since.getTime() + 86_400_000))
      const [before, after] = await Promise.all([
        deps.statements.balances(partnerId, since, r.programKey),
        deps.statements.balances(partnerId, dayEnd, r.programKey),
      ])
      const at = (rows: BalanceRow[]) => rows.find((x) => x.currency === r.currency)?.availableMinor ?? 0n
      carriedOverMinor = at(after) < at(before) ? at(after) : at(before)
    }
    const standing = await standingOf(deps, partnerId, program, standings)
    const next = await nextPayout(deps, partnerId, program, r, asOf, payDays, standing)
    const players = program.payout.minNewUsersExclusive === undefined ? {} : { players: standing?.players ?? 0 }
    out.push({ ...r, carriedOverMinor, ...next, ...players })
  }
  return out
}

/**
 * The last scheduled pay day whose leftover is carried over as of `asOf`: today's once its batch is built, until then
 * the one before (melbet's Tuesday batch runs at 06:00: before it, the week just ended is about to be paid, and what
 * is carried over is still what the previous Tuesday left).
 */
async function lastPayDayRun(deps: StatementDeps, program: ProgramDefinition, asOf: Date) {
  const since = previousScheduledPayout(program, asOf)
  const today = localDate(asOf, program.timeZone)
  if (!since || isoDate(localDate(since, program.timeZone)) !== isoDate(today)) return since
  const period = batchPeriod(program, today).start
  if (await deps.statements.batchBuilt(program.key, period, asOf)) return since
  return previousScheduledPayout(program, new Date(since.getTime() - 1))
}

/**
 * The partner's standing in a program (read once per program): what its batch, or a request, checks before paying,
 * which a promised date must check too.
 */
async function standingOf(
  deps: StatementDeps,
  partnerId: string,
  program: ProgramDefinition,
  standings: Map<string, PayoutStanding | null>,
): Promise<PayoutStanding | null> {
  if (!standings.has(program.key))
    standings.set(program.key, await deps.statements.payoutStanding(partnerId, program.key, program.payout.methods))
  return standings.get(program.key) ?? null
}

/**
 * Scheduled programs: the pay date the partner can count on (a moved date, past today once today's batch is built),
 * none while the program's team has paused payouts. On request: when a request made now would be paid, if allowed.
 */
async function nextPayout(
  deps: StatementDeps,
  partnerId: string,
  program: ProgramDefinition,
  r: BalanceRow,
  at: Date,
  payDays: Map<string, Awaited<ReturnType<StatementReader['payDays']>>>,
  standing: PayoutStanding | null,
): Promise<Pick<BalanceMinor, 'nextPayoutAt' | 'payoutsPaused' | 'payoutBlocker' | 'payoutHold'>> {
  if (program.payout.schedule.type === 'on_request') {
    if (!meetsMinimum(program, r.currency, r.availableMinor)) return {}
    // a request made now is refused while the partner is blocked, on hold or short of players: no date, the reason
    return (standing && blockerOf(program, r, standing, at)) ?? { nextPayoutAt: onRequestDueDate(program, at) }
  }
  // a scheduled batch pays nothing below the minimum: no date is promised unless a payout is already on its way or
  // what is available and on hold reaches it; nor while what the batch checks stops it (the partner's standing, a
  // hold, details not agreed, too few players, or, where it pays without a request, no details to pay to)
  const coming = r.availableMinor + (r.pendingMinor > 0n ? r.pendingMinor : 0n)
  if (r.reservedMinor === 0n && !meetsMinimum(program, r.currency, coming)) return {}
  let days = payDays.get(program.key)
  if (!days) {
    days = await deps.statements.payDays(program.key, at)
    payDays.set(program.key, days)
  }
  if (days.paused) return { payoutsPaused: true }
  const blocked = standing && blockerOf(program, r, standing, at)
  if (blocked) return blocked
  const today = localDate(at, program.timeZone)
  const period = periodOfPayDay(program, today, days.moved)
  const builtToday = !!period && (await deps.statements.batchBuilt(program.key, period, at))
  // money in a payout is paid on its pay day; money not yet in one on the first pay day it reaches in time
  const next =
    r.reservedMinor !== 0n
      ? upcomingPayDate(program, today, days.moved, builtToday)
      : await firstPayDayReached(deps, partnerId, program, r, at, days.moved, builtToday)
  return next ? { nextPayoutAt: startOfLocalDate(next, program.timeZone) } : {}
}

/**
 * The first pay day that pays the partner's money, none in a year of pay days: one whose money, available by the time
 * it counts it (payableBy), reaches the minimum. Money on hold counts only for the pay days after it is released:
 * melbet's Tuesday pays the week before it, so what is earned this week waits for next Tuesday; chetup's 25th pays the
 * requests made before its batch, so money still in verification when the 25th begins, or not asked for by the batch,
 * waits a month.
 */
async function firstPayDayReached(
  deps: StatementDeps,
  partnerId: string,
  program: ProgramDefinition,
  r: BalanceRow,
  at: Date,
  moved: MovedDates,
  builtToday: boolean,
): Promise<LocalDate | undefined> {
  const today = localDate(at, program.timeZone)
  // a weekly batch pays unasked, today's too until it is built; a request made today before the batch is paid today
  let day = upcomingPayDate(program, today, moved, builtToday)
  for (let i = 0; day && i < 13; i++) {
    const by = payableBy(program, day, moved)
    // a period already over pays what is available now, at most (payout-batch-store.ts payableSum)
    const payable =
      by <= at
        ? r.availableMinor
        : ((await deps.statements.balances(partnerId, by, program.key)).find((x) => x.currency === r.currency)
            ?.availableMinor ?? 0n)
    if (meetsMinimum(program, r.currency, payable)) return day
    day = nextPayDate(program, addDays(day, 1), moved)
  }
  return undefined
}

/**
 * What keeps the partner's money from being paid now, as a promised date must say it (none: nothing does). Money
 * already in a payout is no promise either while the batch would not pay it: a blocked partner's request goes to
 * review. Details not given at all come before details not agreed (the partner has to add them first); a request
 * carries its own details.
 */
function blockerOf(
  program: ProgramDefinition,
  r: BalanceRow,
  standing: PayoutStanding,
  at: Date,
): Pick<BalanceMinor, 'payoutBlocker' | 'payoutHold'> | undefined {
  const blocker = payoutBlocker(program, standing, standing.players, at)
  const noDetails = r.reservedMinor === 0n && program.payout.schedule.type === 'weekly' && !standing.detailsOnFile
  if (noDetails && (!blocker || blocker === 'details_not_agreed')) return { payoutBlocker: 'details_missing' }
  const held = blocker === 'on_hold' && !standing.payoutsBlockedReason && standing.payoutHoldUntil
  if (held) {
    const hold = { until: standing.payoutHoldUntil!.toISOString(), reason: standing.payoutHoldReason ?? 'review' }
    return { payoutBlocker: blocker, payoutHold: hold }
  }
  return blocker ? { payoutBlocker: blocker } : undefined
}
