import { randomUUID } from 'node:crypto'
import { DomainError } from '../domain/errors.ts'
import { commissionEarned, restorableMinor, takenBack } from '../domain/ledger.ts'
import { formatMoney, type Money } from '../domain/money.ts'
import { UNSETTLED } from '../domain/rules.ts'
import type { CommissionRecord } from '../ports/ledger-store.ts'
import { namesOr } from '../programs/names.ts'
import type { ReviewDeps } from './review-commission.ts'
import { retopMonthOf } from './tier-top-ups.ts'

/** The statuses of a commission whose money was taken back and that a decision (an upheld dispute) can restore. */
export const RESTORABLE: CommissionRecord['status'][] = ['rejected', 'reversed', 'annulled']
/** Why a commission is restored: the partner reads it (`reasons.*`). */
export const RESTORE_REASONS = ['dispute_upheld', 'technical_fault', 'review', 'other'] as const
/** The commission's own reason once restored: it marks it (its status is pending or available again). */
export const RESTORED = 'restored'

export interface RestoreResult {
  /** The commission was already restored: nothing changed. */
  replayed: boolean
  commission: { id: string; status: string; amount: string; currency: string; availableAt: string | null }
  /** What came back to the partner's balance, a penalty returned included. */
  restored: string
  /** The penalty charged with it (substandard, jqsee) that came back with it; null if none. */
  penalty: string | null
  /** What restoring a revenue share added to its month's top-up to the volume tier (month-tiers.ts); null if none. */
  tierTopUp: string | null
}

/**
 * A rejected, reversed or annulled commission restored: one balanced transaction gives the partner back what was
 * taken of it (the program's commission expense pays it again), and a penalty charged with it (a substandard
 * action, jqsee) is returned with it: the decision the restore undoes took both. Its money is available when it would have been
 * had it never been taken back (its own available date, or the end of a campaign's verification), and at once
 * when that date has passed: the partner waited once already. The commission is marked restored (pending or
 * available again, reason `restored`), audited, and the partner is told. Restoring it again changes nothing and
 * says so (`replayed`); a commission that was never taken back cannot be restored.
 */
export async function restoreCommission(
  deps: ReviewDeps,
  input: { commissionId: string; reason: string; actor: string },
): Promise<RestoreResult> {
  if (!(RESTORE_REASONS as readonly string[]).includes(input.reason))
    throw new DomainError('commission.restore_reason', { reason: input.reason })
  return deps.ledger.transaction(async (tx) => {
    const now = deps.clock.now()
    // the partner's lock first, as a postback takes it: restoring a revenue share may change its month's tier
    const enrolment = await tx.lockEnrolmentOfCommission(input.commissionId)
    const c = enrolment && (await tx.lockCommission(input.commissionId))
    if (!c) throw new DomainError('commission.not_found', { commission: input.commissionId })
    const money = (minor: bigint) => formatMoney({ minor, currency: c.currency })
    const json = (status: string, availableAt?: Date) => ({
      id: c.id,
      status,
      amount: money(c.amountMinor),
      currency: c.currency,
      availableAt: availableAt?.toISOString() ?? null,
    })
    if (restoredAlready(c))
      return {
        replayed: true,
        commission: json(c.status, c.availableAt),
        restored: money(0n),
        penalty: null,
        tierTopUp: null,
      }
    refuseUnrestorable(c, enrolment.status)
    // what was taken back of it, less a partial refund's share (see restorableMinor)
    const back = restorableMinor(c)
    const availableAt = c.availableAt && c.availableAt > now ? c.availableAt : now
    const decisionId = randomUUID()
    const ref = {
      journal: `restore:${c.id}:${decisionId}`,
      programKey: c.programKey,
      enrolmentId: c.enrolmentId,
      currency: c.currency,
      commissionId: c.id,
      reason: input.reason,
      createdAt: now,
    }
    // revenue refused while its bets were unsettled comes back to wait for them: its settlement decides it
    const unsettled = c.awaitingSettlement === true
    await tx.post(commissionEarned(ref, back, unsettled ? { held: true } : { availableAt }))
    const penalty = c.penaltyMinor && c.penaltyMinor > 0n ? c.penaltyMinor : 0n
    if (penalty > 0n) {
      const returned = { ...ref, journal: `${ref.journal}:penalty` }
      await tx.post(takenBack(returned, 'penalty', { account: 'earned', effectiveAt: now }, -penalty))
    }
    const status = unsettled ? 'held' : availableAt > now ? 'pending' : 'available'
    await tx.updateCommission(c.id, {
      status,
      reason: unsettled ? UNSETTLED : RESTORED,
      availableAt: unsettled ? undefined : availableAt,
      at: now,
    })
    const tierTopUp = await retopMonthOf(tx, deps, c, enrolment, { writtenBy: `restore-${decisionId}`, now })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'commission.restored',
      subjectType: 'commission',
      subjectId: c.id,
      reason: input.reason,
      data: {
        partner: c.partnerId,
        program: c.programKey,
        from: c.status,
        amount: money(back),
        ...(penalty ? { penalty: money(penalty) } : {}),
        ...(tierTopUp ? { tierTopUp: money(tierTopUp) } : {}),
      },
    })
    await tx.announce({
      queue: 'notifications',
      name: 'commission_restored',
      data: { commissionId: c.id, ...(penalty ? { penalty: penalty.toString() } : {}) },
      opts: { jobId: `restored-${c.id}-${now.getTime()}` },
    })
    return {
      replayed: false,
      commission: json(status, unsettled ? undefined : availableAt),
      restored: money(back + penalty),
      penalty: penalty ? money(penalty) : null,
      tierTopUp: tierTopUp ? money(tierTopUp) : null,
    }
  })
}

/** A restore the commission or its partner does not allow: refused, nothing changes. */
export function refuseUnrestorable(c: CommissionRecord, enrolmentStatus: string) {
  // a disqualification annulled every unpaid reward, and it is final: nothing comes back to the partner
  if (enrolmentStatus === 'disqualified') throw new DomainError('commission.partner_disqualified', { commission: c.id })
  // its settlement came while it was refused and was ignored then: what it earned is the settled share, which
  // a restore of the estimate would not give (an adjustment of the settled share does)
  if (c.settledWhileRefused) throw new DomainError('commission.settled_meanwhile', { commission: c.id })
  if (!RESTORABLE.includes(c.status) || restorableMinor(c) <= 0n)
    throw new DomainError('commission.not_restorable', { commission: c.id, status: c.status })
}

/** Restored before and standing: available (or pending) again, or on hold (its bets, a review) since. */
export const restoredAlready = (c: CommissionRecord) =>
  (c.status === 'pending' || c.status === 'available' || c.status === 'held') &&
  (c.reason === RESTORED || c.restoredBefore === true)

/** A restored commission for the partner's notice: who, which program, how much and from when; null if gone. */
export async function restoredNotice(deps: ReviewDeps, commissionId: string) {
  const c = await deps.ledger.transaction((tx) => tx.lockCommission(commissionId))
  if (!c || !restoredAlready(c)) return null
  const program = deps.program(c.programKey)
  return {
    partnerId: c.partnerId,
    programNames: namesOr(program, c.programKey),
    timeZone: program?.timeZone ?? 'UTC',
    /** What it stands at now, restored: what a refund of its order took stays taken. */
    amount: { minor: c.remainingMinor, currency: c.currency } as Money,
    /** A date still to come the money becomes available on; null when it is available now or waits for bets. */
    availableFrom: c.availableAt && c.availableAt > deps.clock.now() ? c.availableAt : null,
    /** Back on hold until its bets settle: their settlement decides the final amount. */
    awaitingSettlement: c.status === 'held',
  }
}
