import {
  ADJUSTMENT_MAX_MAJOR,
  ADJUSTMENT_NOTE_MAX,
  adjustableStatus,
  isAdjustmentReason,
  reasonAllows,
} from '../domain/adjustments.ts'
import { DomainError } from '../domain/errors.ts'
import { storedKeyOf } from '../domain/ids.ts'
import { adjustment } from '../domain/ledger.ts'
import { formatMoney, parseMoney } from '../domain/money.ts'
import type { AdjustmentRecord } from '../ports/adjustments.ts'
import type { Clock } from '../ports/clock.ts'
import type { LedgerStore } from '../ports/ledger-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { namesOr } from '../programs/names.ts'

export interface AdjustmentDeps {
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
  ledger: LedgerStore
}

export interface AdjustmentInput {
  partnerId: string
  programKey: string
  currency: string
  /** A decimal amount in `currency`: positive a bonus, negative a penalty ("25.00", "-10.00"). */
  amount: string
  /** One of core/domain/adjustments.ts ADJUSTMENT_REASONS. */
  reason: string
  /** What the partner reads besides the reason (optional). */
  note?: string
  idempotencyKey: string
  actor: string
}

/** An adjustment as the API and the desk answer it. */
export interface AdjustmentJson {
  id: string
  partner: string
  program: string
  currency: string
  amount: string
  kind: 'bonus' | 'penalty'
  reason: string
  note: string | null
  actor: string
  createdAt: string
}

export const adjustmentJson = (a: AdjustmentRecord): AdjustmentJson => ({
  id: a.id,
  partner: a.partnerId,
  program: a.programKey,
  currency: a.currency,
  amount: formatMoney({ minor: a.amountMinor, currency: a.currency }),
  kind: a.amountMinor > 0n ? 'bonus' : 'penalty',
  reason: a.reason,
  note: a.note ?? null,
  actor: a.actor,
  createdAt: a.createdAt.toISOString(),
})

/** The request checked before any write: a known program, currency and reason, an amount neither zero nor too large. */
function checked(deps: AdjustmentDeps, input: AdjustmentInput) {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  if (!program.currencies.includes(input.currency)) {
    throw new DomainError('ledger.currency_not_offered', { currency: input.currency, currencies: program.currencies })
  }
  if (!isAdjustmentReason(input.reason)) throw new DomainError('adjustment.unknown_reason', { reason: input.reason })
  const { minor } = parseMoney(input.amount, input.currency)
  if (minor === 0n) throw new DomainError('adjustment.zero', {})
  const max = parseMoney(ADJUSTMENT_MAX_MAJOR.toString(), input.currency).minor
  if (minor > max || -minor > max)
    throw new DomainError('adjustment.too_large', {
      limit: formatMoney({ minor: max, currency: input.currency }),
      currency: input.currency,
    })
  if (!reasonAllows(input.reason, minor))
    throw new DomainError('adjustment.reason_mismatch', {
      reason: input.reason,
      kind: minor > 0n ? 'bonus' : 'penalty',
    })
  const note = input.note?.trim() || undefined
  if (note && note.length > ADJUSTMENT_NOTE_MAX)
    throw new DomainError('adjustment.note_too_long', { max: ADJUSTMENT_NOTE_MAX })
  return { program, minor, note }
}

/**
 * A manual bonus (positive) or penalty (negative) on a partner's balance in a program, exactly once per
 * Idempotency-Key: recorded with its reason and note, posted as one balanced transaction against the program's
 * commission expense (available at once: the program decided to pay or take it, there is nothing to wait for),
 * audited and told to the partner, all in one transaction under the enrolment's lock. The same key with the same
 * request gets the first answer (`replayed`); with another request it is refused and nothing changes. An applicant
 * (waiting for approval or declined) has no agreement to put money on and is refused; a terminated partner may still
 * get a final settlement.
 */
export async function makeAdjustment(
  deps: AdjustmentDeps,
  input: AdjustmentInput,
): Promise<{ replayed: boolean; adjustment: AdjustmentJson }> {
  const { program, minor, note } = checked(deps, input)
  const key = storedKeyOf(input.idempotencyKey)
  return deps.ledger.transaction(async (tx) => {
    const now = deps.clock.now()
    // the key is the partner's, taken before the enrolment's lock: the same key for another program is another body
    const earlier = await tx.adjustmentByKey(input.partnerId, key)
    const enrolment = await tx.lockEnrolmentOf(input.partnerId, program.key)
    if (!enrolment) throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: program.key })
    if (earlier) {
      const same =
        earlier.programKey === program.key &&
        earlier.currency === input.currency &&
        earlier.amountMinor === minor &&
        earlier.reason === input.reason &&
        (earlier.note ?? null) === (note ?? null)
      if (!same) throw new DomainError('adjustment.key_conflict', { key: input.idempotencyKey })
      return { replayed: true, adjustment: adjustmentJson(earlier) }
    }
    if (!adjustableStatus(enrolment.status)) {
      throw new DomainError('adjustment.no_agreement', { program: program.key, status: enrolment.status })
    }
    const a = await tx.insertAdjustment({
      enrolmentId: enrolment.id,
      idempotencyKey: key,
      currency: input.currency,
      amountMinor: minor,
      reason: input.reason,
      note,
      actor: input.actor,
      createdAt: now,
    })
    const ref = {
      journal: `adjustment:${a.id}`,
      programKey: program.key,
      enrolmentId: enrolment.id,
      currency: input.currency,
      reason: input.reason,
      createdAt: now,
    }
    await tx.post(adjustment(ref, minor))
    const json = adjustmentJson(a)
    await tx.audit({
      at: now,
      actor: input.actor,
      action: minor > 0n ? 'ledger.bonus' : 'ledger.penalty',
      subjectType: 'partner',
      subjectId: input.partnerId,
      reason: input.reason,
      data: { adjustment: a.id, program: program.key, currency: a.currency, amount: json.amount, note: note ?? null },
    })
    await tx.announce({
      queue: 'notifications',
      name: 'adjustment_made',
      data: { adjustmentId: a.id },
      opts: { jobId: `adjustment-${a.id}` },
    })
    return { replayed: false, adjustment: json }
  })
}

/** One adjustment with its program's name, for the partner's notice; null when it does not exist. */
export async function adjustmentNotice(deps: AdjustmentDeps, id: string) {
  const a = await deps.ledger.transaction((tx) => tx.adjustmentById(id))
  if (!a) return null
  return { adjustment: a, programNames: namesOr(deps.program(a.programKey), a.programKey) }
}
