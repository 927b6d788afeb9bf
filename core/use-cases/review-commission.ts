import { randomUUID } from 'node:crypto'
import { addDays, localDate, startOfLocalDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import { hold, isPartnerAccount, type NewEntry, release, takenBack } from '../domain/ledger.ts'
import { formatMoney } from '../domain/money.ts'
import { TIER_TOP_UP } from '../domain/month-tiers.ts'
import type { Clock } from '../ports/clock.ts'
import type { CommissionRecord, LedgerStore } from '../ports/ledger-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { retopMonthOf } from './tier-top-ups.ts'

export interface ReviewDeps {
  ledger: LedgerStore
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
  /** The definition in force at a date (a month's earnings are each rated by their own); default: `program`. */
  programAt?: (key: string, when: Date) => ProgramDefinition | undefined
}

/**
 * substandard: the action was not genuine (bots, forced, repeated): withdrawn, plus a penalty of its cost
 *              where the program charges one (jqsee).
 * void:        the company does not count it (chetup: "does not look fair"); the partner may dispute.
 * hold:        a commission is held for review (suspected fraud, traffic checks): not payable until decided.
 * approve:     a commission held for review is released (payable after its verification time).
 * reject:      a commission held for review is refused.
 */
export type ReviewAction = 'substandard' | 'void' | 'hold' | 'approve' | 'reject'

export interface ReviewResult {
  commission: { id: string; status: string; amount: string; currency: string; reason: string | null }
  /** The balance effect of the decision (negative: money taken back), the month's top-up included. */
  effect: string
  /**
   * What the decision changed in the top-up of the commission's month to its volume tier (month-tiers.ts): a revenue
   * share held, voided or rejected takes its part back, one released or restored gives it; null when none changed.
   */
  tierTopUp: string | null
}

const OPEN: CommissionRecord['status'][] = ['pending', 'held', 'available']
/** The decisions the partner is told of (core/ports/jobs.ts commission_reviewed). */
export const TOLD = ['approve', 'void', 'substandard'] as const
const isTold = (a: ReviewAction): a is (typeof TOLD)[number] => (TOLD as readonly string[]).includes(a)

export async function reviewCommission(
  deps: ReviewDeps,
  input: {
    commissionId: string
    action: ReviewAction
    reason: string
    actor: string
    /** The operator's note, kept in the audit row. */
    note?: string
    /** Tell the partner (released, voided, substandard): the operator's decisions; a dispute tells its own news. */
    notify?: boolean
  },
): Promise<ReviewResult> {
  return deps.ledger.transaction(async (tx) => {
    const now = deps.clock.now()
    // the partner's lock before the commission's, as a postback takes them: the decision may change its month's tier
    const enrolment = await tx.lockEnrolmentOfCommission(input.commissionId)
    const c = enrolment && (await tx.lockCommission(input.commissionId))
    if (!c) throw new DomainError('commission.not_found', { commission: input.commissionId })
    const program = deps.program(c.programKey)
    if (!program) throw new DomainError('program.not_found', { program: c.programKey })
    refuseUndecidable(c, input.action)
    const held = c.status === 'held'
    // a commission can be held, approved and held again: each decision is a transaction of its own (the lock on
    // the commission and its status, not the journal key, keep a decision from applying twice)
    const decisionId = randomUUID()
    const ref = {
      journal: `review:${c.id}:${input.action}:${decisionId}`,
      programKey: c.programKey,
      enrolmentId: c.enrolmentId,
      currency: c.currency,
      commissionId: c.id,
      reason: input.reason,
      createdAt: now,
    }
    const entries: NewEntry[] = []
    let status: CommissionRecord['status'] = c.status
    let availableAt: Date | undefined
    // money not yet available is taken from (or moved out of) pending, available money from available
    const earnedAt = c.availableAt && c.availableAt > now ? c.availableAt : now
    if (input.action === 'hold') {
      entries.push(...hold(ref, c.remainingMinor, earnedAt))
      status = 'held'
    } else if (input.action === 'approve') {
      const rule = program.commission
      const verification = rule.type === 'campaigns' ? rule.verificationDays : 0
      const verified = startOfLocalDate(
        addDays(localDate(c.occurredAt, program.timeZone), verification),
        program.timeZone,
      )
      // a review never shortens the program's own hold (worksection's 31 days): released, it waits for what is left
      const due = c.availableAt && c.availableAt > verified ? c.availableAt : verified
      availableAt = due > now ? due : now
      entries.push(...release(ref, c.remainingMinor, c.remainingMinor, availableAt))
      status = availableAt > now ? 'pending' : 'available'
    } else {
      // take back what is left; a paid substandard action is clawed back from the next earnings
      const from = { account: held ? ('held' as const) : ('earned' as const), effectiveAt: earnedAt }
      entries.push(...takenBack({ ...ref, reason: input.action }, 'reversal', from, c.remainingMinor))
      if (input.action === 'substandard' && program.quality.substandardPenalty) {
        const penalty = { ...ref, journal: `${ref.journal}:penalty`, reason: 'substandard' }
        entries.push(...takenBack(penalty, 'penalty', { account: 'earned', effectiveAt: now }, c.amountMinor))
      }
      status = input.action === 'reject' ? 'rejected' : 'reversed'
    }
    await tx.post(entries)
    await tx.updateCommission(c.id, {
      status,
      reason: input.action === 'approve' ? undefined : input.reason,
      availableAt,
      at: now,
    })
    const tierTopUp = await retopMonthOf(tx, deps, c, enrolment, { writtenBy: `review-${decisionId}`, now })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: `commission.${input.action}`,
      subjectType: 'commission',
      subjectId: c.id,
      reason: input.reason,
      data: {
        partner: c.partnerId,
        program: c.programKey,
        ...(input.note ? { note: input.note } : {}),
        ...(tierTopUp ? { tierTopUp: formatMoney({ minor: tierTopUp, currency: c.currency }) } : {}),
      },
    })
    if (input.notify && isTold(input.action)) {
      await tx.announce({
        queue: 'notifications',
        name: 'commission_reviewed',
        data: { commissionId: c.id, action: input.action, reason: input.reason },
        opts: { jobId: `reviewed-${c.id}-${input.action}-${now.getTime()}` },
      })
    }
    // holding and approving move money between held and earned; the others take money back; the month's top-up
    // follows either way
    const moves = input.action === 'approve' || input.action === 'hold'
    const own = moves
      ? 0n
      : entries.filter((e) => isPartnerAccount(e.account)).reduce((sum, e) => sum + e.amountMinor, 0n)
    const effect = own + tierTopUp
    return {
      commission: {
        id: c.id,
        status,
        amount: formatMoney({ minor: c.amountMinor, currency: c.currency }),
        currency: c.currency,
        reason: input.action === 'approve' ? null : input.reason,
      },
      effect: formatMoney({ minor: effect, currency: c.currency }),
      tierTopUp: tierTopUp ? formatMoney({ minor: tierTopUp, currency: c.currency }) : null,
    }
  })
}

/** A decision the commission's status does not allow: refused, nothing changes. */
export function refuseUndecidable(c: CommissionRecord, action: ReviewAction) {
  // a top-up to the month's rate is the service's arithmetic on the month's revenue and new users: a review decides
  // on those (the revenue share, the customer), and the top-up follows
  if (c.rule === TIER_TOP_UP) throw new DomainError('commission.tier_top_up', { commission: c.id })
  const held = c.status === 'held'
  if ((action === 'approve' || action === 'reject') && !held)
    throw new DomainError('commission.not_held', { commission: c.id, status: c.status })
  if (action === 'hold' && held) throw new DomainError('commission.already_held', { commission: c.id })
  // revenue held until its bets settle is no review's to release: its settlement decides what it earns (a refusal
  // stands, and the settlement then changes nothing)
  if (action === 'approve' && c.awaitingSettlement)
    throw new DomainError('commission.awaiting_settlement', { commission: c.id })
  if (!OPEN.includes(c.status) && !(action === 'substandard' && c.status === 'paid'))
    throw new DomainError('commission.closed', { commission: c.id, status: c.status })
}
