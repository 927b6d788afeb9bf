import { DomainError } from '../domain/errors.ts'
import { parseMoney } from '../domain/money.ts'
import type { Decision, OrderCommission } from '../domain/rules.ts'
import type { Clock } from '../ports/clock.ts'
import type { EarningsTx, EnrolmentRecord } from '../ports/earnings-store.ts'
import type { Logger } from '../ports/logger.ts'
import {
  REFEREE_BONUS_STATUSES,
  type RefereeBonusRecord,
  type RefereeBonusStatus,
  type RefereeBonusStore,
} from '../ports/referee-bonuses.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

/**
 * The referred customer's own reward (worksection-referral Appendix 1, "Бірінші төлем бойынша бонус $25*", the
 * footnote: "* — бір айда кемінде толық ақы төленген Сілтеме ретінде аккаунтқа түседі": credited to the account
 * of a referral that has paid in full for at least one month). It is owed when the same payment earns the partner
 * the one-time reward (a valid referral's first payment covering `minMonthsPaid` months), once per customer. If that
 * payment is refunded or cancelled before the bonus is granted, it was not paid in full: the bonus is voided.
 * A bonus already granted stays granted (the program's team took it back in its own system, if at all).
 */
export async function refereeBonusWrites(
  tx: EarningsTx,
  decisions: Decision[],
  w: {
    program: ProgramDefinition
    enrolment: EnrolmentRecord
    customerId: string
    eventId: string
    now: Date
    orderCommissions: OrderCommission[]
  },
) {
  const rule = w.program.commission
  if (rule.type !== 'one_time_reward' || !rule.refereeReward) return
  for (const d of decisions) {
    if (d.kind === 'commission' && d.rule === 'one_time_reward' && d.status !== 'rejected') {
      await tx.recordRefereeBonus({
        programKey: w.program.key,
        customerId: w.customerId,
        enrolmentId: w.enrolment.id,
        partnerId: w.enrolment.partnerId,
        eventId: w.eventId,
        amountMinor: parseMoney(rule.refereeReward, d.currency).minor,
        currency: d.currency,
        at: w.now,
      })
    }
    // a refund that leaves the client a deal takes nothing back of the reward (order-undos.ts rewardRefund)
    const undone = d.kind === 'reverse' && d.amountMinor > 0n && w.orderCommissions.find((c) => c.id === d.commissionId)
    if (undone && undone.rule === 'one_time_reward') {
      await tx.voidRefereeBonus(w.customerId, { reason: d.reason, at: w.now })
    }
  }
}

export interface RefereeBonusDeps {
  refereeBonuses: RefereeBonusStore
  clock: Clock
  logger: Logger
  program: (key: string) => ProgramDefinition | undefined
}

const MAX_LIMIT = 500

/** A program's referee bonuses, oldest first; `status` keeps one status (owed: what the team still has to grant). */
export async function listRefereeBonuses(
  deps: Pick<RefereeBonusDeps, 'refereeBonuses' | 'program'>,
  q: { programKey: string; status?: string; limit?: number },
): Promise<RefereeBonusRecord[]> {
  if (!deps.program(q.programKey)) throw new DomainError('program.not_found', { program: q.programKey })
  if (q.status !== undefined && !REFEREE_BONUS_STATUSES.includes(q.status as RefereeBonusStatus)) {
    throw new DomainError('referee_bonus.bad_status', { status: q.status })
  }
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 100), 1), MAX_LIMIT)
  return deps.refereeBonuses.list({ programKey: q.programKey, status: q.status as RefereeBonusStatus, limit })
}

/** One of a program's referee bonuses (its card); not found when it is another program's. */
export async function findRefereeBonus(
  deps: Pick<RefereeBonusDeps, 'refereeBonuses'>,
  q: { programKey: string; bonusId: string },
): Promise<RefereeBonusRecord> {
  const b = await deps.refereeBonuses.find(q.bonusId)
  if (!b || b.programKey !== q.programKey) throw new DomainError('referee_bonus.not_found', { bonus: q.bonusId })
  return b
}

/**
 * The program's team granted the bonus on the customer's account: owed -> granted, once. Asking again for a
 * granted bonus answers it as it is (idempotent); a voided one cannot be granted.
 */
export async function grantRefereeBonus(
  deps: RefereeBonusDeps,
  input: { programKey: string; bonusId: string; actor: string },
): Promise<{ bonus: RefereeBonusRecord; changed: boolean }> {
  if (!deps.program(input.programKey)) throw new DomainError('program.not_found', { program: input.programKey })
  const known = await deps.refereeBonuses.find(input.bonusId)
  if (!known || known.programKey !== input.programKey) {
    throw new DomainError('referee_bonus.not_found', { bonus: input.bonusId })
  }
  const granted = await deps.refereeBonuses.grant(known.id, { actor: input.actor, at: deps.clock.now() })
  if (granted) {
    deps.logger.info({ program: granted.programKey, bonus: granted.id, actor: input.actor }, 'referee bonus granted')
    return { bonus: granted, changed: true }
  }
  // lost the compare-and-set: granted meanwhile (same answer) or voided
  const now = (await deps.refereeBonuses.find(known.id))!
  if (now.status === 'granted') return { bonus: now, changed: false }
  throw new DomainError('referee_bonus.voided', { bonus: now.id })
}
