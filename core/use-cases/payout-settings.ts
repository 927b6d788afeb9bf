import { DomainError } from '../domain/errors.ts'
import { type PayoutDeps, programOf } from './payouts.ts'

/**
 * The manager's side of a partner's payouts: payment details agreed (melbet pays only then) and a payout hold
 * with its reason, no longer than the program allows (melbet: up to 2 months). Audited.
 */
export async function setPayoutSettings(
  deps: PayoutDeps,
  input: {
    partnerId: string
    programKey: string
    detailsAgreed?: boolean
    hold?: { until: Date; reason: string } | null
    actor: string
  },
): Promise<{ program: string; detailsAgreed: boolean; holdUntil: string | null; holdReason: string | null }> {
  const program = programOf(deps, input.programKey)
  const now = deps.clock.now()
  if (input.hold) {
    const max = program.payout.maxHoldDays
    if (max === undefined) throw new DomainError('payout.hold_not_allowed', { program: program.key })
    if (input.hold.until <= now) throw new DomainError('payout.hold_in_past', { until: input.hold.until.toISOString() })
    if (input.hold.until.getTime() - now.getTime() > max * 86_400_000) {
      throw new DomainError('payout.hold_too_long', { maxDays: max })
    }
  }
  return deps.payouts.transaction(async (tx) => {
    const e = await tx.lockEnrolmentOf(input.partnerId, program.key)
    if (!e) throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: program.key })
    const updated = await tx.setPayoutSettings(e.id, {
      detailsAgreed: input.detailsAgreed,
      hold: input.hold,
      at: now,
    })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'payout.settings',
      subjectType: 'partner',
      subjectId: input.partnerId,
      reason: input.hold?.reason,
      data: {
        program: program.key,
        ...(input.detailsAgreed !== undefined ? { detailsAgreed: input.detailsAgreed } : {}),
        ...(input.hold !== undefined ? { holdUntil: input.hold?.until.toISOString() ?? null } : {}),
      },
    })
    return {
      program: program.key,
      detailsAgreed: updated.paymentDetailsAgreed,
      holdUntil: updated.payoutHoldUntil?.toISOString() ?? null,
      holdReason: updated.payoutHoldReason ?? null,
    }
  })
}
