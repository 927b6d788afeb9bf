import { addDays, localDate, startOfLocalDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import { formatMoney } from '../domain/money.ts'
import type { Clock } from '../ports/clock.ts'
import type { NewEntry } from '../ports/earnings-store.ts'
import type { CommissionRecord, LedgerStore } from '../ports/ledger-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface ReviewDeps {
  ledger: LedgerStore
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
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
  /** The balance effect of the decision (negative: money taken back). */
  effect: string
}

const OPEN: CommissionRecord['status'][] = ['pending', 'held', 'available']

export async function reviewCommission(
  deps: ReviewDeps,
  input: { commissionId: string; action: ReviewAction; reason: string; actor: string },
): Promise<ReviewResult> {
  return deps.ledger.transaction(async (tx) => {
    const now = deps.clock.now()
    const c = await tx.lockCommission(input.commissionId)
    if (!c) throw new DomainError('commission.not_found', { commission: input.commissionId })
    const program = deps.program(c.programKey)
    if (!program) throw new DomainError('program.not_found', { program: c.programKey })
    const held = c.status === 'held'
    if ((input.action === 'approve' || input.action === 'reject') && !held) {
      throw new DomainError('commission.not_held', { commission: c.id, status: c.status })
    }
    if (input.action === 'hold' && held) throw new DomainError('commission.already_held', { commission: c.id })
    if (!OPEN.includes(c.status) && !(input.action === 'substandard' && c.status === 'paid')) {
      throw new DomainError('commission.closed', { commission: c.id, status: c.status })
    }
    const journal = `review:${c.id}:${input.action}`
    const base = {
      journal,
      programKey: c.programKey,
      enrolmentId: c.enrolmentId,
      currency: c.currency,
      commissionId: c.id,
      createdAt: now,
    }
    const entries: NewEntry[] = []
    let status: CommissionRecord['status'] = c.status
    let availableAt: Date | undefined
    if (input.action === 'hold') {
      entries.push(
        {
          ...base,
          seq: 0,
          account: 'earnings',
          amountMinor: -c.remainingMinor,
          kind: 'hold',
          reason: input.reason,
          effectiveAt: c.availableAt && c.availableAt > now ? c.availableAt : now,
        },
        {
          ...base,
          seq: 1,
          account: 'held',
          amountMinor: c.remainingMinor,
          kind: 'hold',
          reason: input.reason,
          effectiveAt: now,
        },
      )
      status = 'held'
    } else if (input.action === 'approve') {
      const rule = program.commission
      const verification = rule.type === 'campaigns' ? rule.verificationDays : 0
      const due = startOfLocalDate(addDays(localDate(c.occurredAt, program.timeZone), verification), program.timeZone)
      availableAt = due > now ? due : now
      entries.push(
        {
          ...base,
          seq: 0,
          account: 'held',
          amountMinor: -c.remainingMinor,
          kind: 'release',
          reason: input.reason,
          effectiveAt: now,
        },
        {
          ...base,
          seq: 1,
          account: 'earnings',
          amountMinor: c.remainingMinor,
          kind: 'commission',
          reason: input.reason,
          effectiveAt: availableAt,
        },
      )
      status = availableAt > now ? 'pending' : 'available'
    } else {
      // take back what is left; a paid substandard action is clawed back from the next earnings
      const effectiveAt = c.availableAt && c.availableAt > now ? c.availableAt : now
      const account = held ? 'held' : 'earnings'
      if (c.remainingMinor !== 0n) {
        entries.push({
          ...base,
          seq: 0,
          account,
          amountMinor: -c.remainingMinor,
          kind: 'reversal',
          reason: input.action,
          effectiveAt,
        })
      }
      if (input.action === 'substandard' && program.quality.substandardPenalty) {
        entries.push({
          ...base,
          seq: 1,
          account: 'earnings',
          amountMinor: -c.amountMinor,
          kind: 'penalty',
          reason: 'substandard',
          effectiveAt: now,
        })
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
    await tx.audit({
      at: now,
      actor: input.actor,
      action: `commission.${input.action}`,
      subjectType: 'commission',
      subjectId: c.id,
      reason: input.reason,
      data: { partner: c.partnerId, program: c.programKey },
    })
    // holding and approving move money between held and earnings; the others take money back
    const moves = input.action === 'approve' || input.action === 'hold'
    const effect = moves ? 0n : entries.reduce((sum, e) => sum + e.amountMinor, 0n)
    return {
      commission: {
        id: c.id,
        status,
        amount: formatMoney({ minor: c.amountMinor, currency: c.currency }),
        currency: c.currency,
        reason: input.action === 'approve' ? null : input.reason,
      },
      effect: formatMoney({ minor: effect, currency: c.currency }),
    }
  })
}
