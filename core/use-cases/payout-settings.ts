import { addMonths, localDate, startOfLocalDate } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import type { PayoutEnrolment } from '../ports/payout-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { type PayoutDeps, programOf } from './payouts.ts'

/**
 * The latest a hold that began at `since` may last: the program's days, or its calendar months to the same local
 * time (1 January 09:00 -> 1 March 09:00, 1 July -> 1 September); undefined where the program allows no hold.
 */
export function latestHold(program: ProgramDefinition, since: Date): Date | undefined {
  const { maxHoldDays, maxHoldMonths } = program.payout
  if (maxHoldDays !== undefined) return new Date(since.getTime() + maxHoldDays * 86_400_000)
  if (maxHoldMonths === undefined) return undefined
  const today = localDate(since, program.timeZone)
  const timeOfDay = since.getTime() - startOfLocalDate(today, program.timeZone).getTime()
  return new Date(startOfLocalDate(addMonths(today, maxHoldMonths), program.timeZone).getTime() + timeOfDay)
}

/**
 * When a hold set now begins: a hold still running is extended (or shortened), so it keeps its beginning and the
 * program's limit counts from there, however often it is renewed (melbet 8.2: up to 2 months in all); after one
 * ended or was lifted, a new one begins now. A running hold set before its beginning was kept counts from now.
 */
function holdSince(e: PayoutEnrolment, now: Date): Date {
  const running = e.payoutHoldUntil !== undefined && e.payoutHoldUntil > now
  return (running && e.payoutHoldSince) || now
}

/**
 * The manager's side of a partner's payouts: payment details agreed (melbet pays only then) and a payout hold
 * with its reason, no longer than the program allows from when the running hold began (melbet: up to 2 months).
 * Audited.
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
    if (latestHold(program, now) === undefined)
      throw new DomainError('payout.hold_not_allowed', { program: program.key })
    if (input.hold.until <= now) throw new DomainError('payout.hold_in_past', { until: input.hold.until.toISOString() })
  }
  return deps.payouts.transaction(async (tx) => {
    const e = await tx.lockEnrolmentOf(input.partnerId, program.key)
    if (!e) throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: program.key })
    const hold = input.hold && { ...input.hold, since: holdSince(e, now) }
    const latest = hold && latestHold(program, hold.since)
    if (hold && latest && hold.until > latest)
      throw new DomainError('payout.hold_too_long', { latest: latest.toISOString() })
    const updated = await tx.setPayoutSettings(e.id, {
      detailsAgreed: input.detailsAgreed,
      hold,
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
        ...(hold !== undefined
          ? { holdUntil: hold?.until.toISOString() ?? null, holdSince: hold?.since.toISOString() ?? null }
          : {}),
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
