import { DomainError } from '../domain/errors.ts'
import { formatMoney } from '../domain/money.ts'
import { meetsMinimum } from '../domain/payouts.ts'
import { nextScheduledPayout, onRequestDueDate, previousScheduledPayout } from '../domain/schedule.ts'
import type { Clock } from '../ports/clock.ts'
import type { BalanceRow, StatementReader } from '../ports/statement-reader.ts'
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
    nextPayoutAt: string | null
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
  /** The available balance at the last scheduled payout (a loss melbet carries into the next week). */
  carriedOverMinor: bigint
  nextPayoutAt?: Date
}

/** A partner's balances per program and currency as of `asOf`, in minor units (programs no longer defined left out). */
export async function balancesOf(
  deps: StatementDeps,
  partnerId: string,
  asOf: Date,
  programKey?: string,
): Promise<BalanceMinor[]> {
  const out: BalanceMinor[] = []
  for (const r of await deps.statements.balances(partnerId, asOf, programKey)) {
    const program = deps.program(r.programKey)
    if (!program) continue
    const since = previousScheduledPayout(program, asOf)
    let carriedOverMinor = r.availableMinor < 0n ? r.availableMinor : 0n
    if (since) {
      const before = await deps.statements.balances(partnerId, since, r.programKey)
      carriedOverMinor = before.find((x) => x.currency === r.currency)?.availableMinor ?? 0n
    }
    out.push({ ...r, carriedOverMinor, nextPayoutAt: nextPayout(program, r.currency, r.availableMinor, asOf) })
  }
  return out
}

/** Scheduled programs: the next payout date. On request: when a request made now would be paid, if allowed. */
function nextPayout(program: ProgramDefinition, currency: string, availableMinor: bigint, at: Date) {
  const scheduled = nextScheduledPayout(program, at)
  if (scheduled) return scheduled
  if (!meetsMinimum(program, currency, availableMinor)) return undefined
  return onRequestDueDate(program, at)
}
