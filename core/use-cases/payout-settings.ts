import { addMonths, localDate, startOfLocalDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { type PayoutDeps, programOf } from './payouts.ts'

/**
 * The latest a hold set now may last: the program's days, or its calendar months to the same local time (1 January
 * 09:00 -> 1 March 09:00, 1 July -> 1 September); undefined where the program allows no hold.
 */
export function latestHold(program: ProgramDefinition, now: Date): Date | undefined {
  const { maxHoldDays, maxHoldMonths } = program.payout
  if (maxHoldDays !== undefined) return new Date(now.getTime() + maxHoldDays * 86_400_000)
  if (maxHoldMonths === undefined) return undefined
  const today = localDate(now, program.timeZone)
  const timeOfDay = now.getTime() - startOfLocalDate(today, program.timeZone).getTime()
  return new Date(startOfLocalDate(addMonths(today, maxHoldMonths), program.timeZone).getTime() + timeOfDay)
}

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
    const latest = latestHold(program, now)
    if (latest === undefined) throw new DomainError('payout.hold_not_allowed', { program: program.key })
    if (input.hold.until <= now) throw new DomainError('payout.hold_in_past', { until: input.hold.until.toISOString() })
    if (input.hold.until > latest) throw new DomainError('payout.hold_too_long', { latest: latest.toISOString() })
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
