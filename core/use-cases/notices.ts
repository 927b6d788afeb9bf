import type { Clock } from '../ports/clock.ts'
import type { DisputeStore } from '../ports/dispute-store.ts'
import type { PartnerContact, PartnerDirectory } from '../ports/partner-directory.ts'
import type { PayoutRecord, PayoutStore } from '../ports/payout-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { type Named, namesOr } from '../programs/names.ts'

export interface SanctionNotice {
  contact: PartnerContact
  /** The program's names: the reader's language picks one (`programName`). */
  programNames: Named
  kind: string
  reason: string
  note?: string
  /** Lifted by now: a notice of it being applied, delivered late, says so too (unless `heldOn`). */
  lifted: boolean
  /**
   * Another sanction in force now keeps what this one took: the codes still suspended (a block, another code
   * suspension, a disqualification) or the account still blocked (a disqualification). Its lift told the partner
   * nothing then.
   */
  heldOn: boolean
  /** What the program pays is a one-time reward per client (worksection-referral): worded "reward", not "commission". */
  reward: boolean
  /** A warning's deadline to fix the breach, in the program's time zone, with its business days. */
  due?: { at: Date; timeZone: string; businessDays: number }
  /**
   * When a code suspension or a block ends by itself (lifted then), in the program's time zone; none when another
   * sanction in force outlasts it (the codes stay suspended, the account blocked, at its end).
   */
  ends?: { at: Date; timeZone: string }
}

/** The sanctions that also keep what a code suspension or a block takes: the codes suspended, the account blocked. */
const HELD_BY: Partial<Record<string, readonly string[]>> = {
  suspend_codes: ['suspend_codes', 'block', 'disqualify'],
  block: ['block', 'disqualify'],
}

/** What a partner must be told about a sanction: null when the partner or the sanction is gone. */
export async function sanctionNotice(
  deps: { directory: PartnerDirectory; clock: Clock; program: (key: string) => ProgramDefinition | undefined },
  sanctionId: string,
): Promise<SanctionNotice | null> {
  const s = await deps.directory.sanction(sanctionId)
  if (!s) return null
  const [contact, inForce] = await Promise.all([
    deps.directory.contact(s.partnerId),
    deps.directory.activeSanctions(s.partnerId, s.programKey, deps.clock.now()),
  ])
  if (!contact) return null
  const holders = HELD_BY[s.kind] ?? []
  const others = inForce.filter((o) => o.id !== s.id && holders.includes(o.kind))
  // its end is no day the codes work again (the block ends) when another sanction in force keeps them suspended
  // (the account blocked) past it: one without an end, or ending no earlier
  const outlasted = (end: Date) => others.some((o) => !o.endsAt || o.endsAt >= end)
  const program = deps.program(s.programKey)
  const days = program?.quality.adWarning?.fixBusinessDays
  return {
    contact,
    programNames: namesOr(program, s.programKey),
    ...(s.dueAt && days ? { due: { at: s.dueAt, timeZone: program!.timeZone, businessDays: days } } : {}),
    ...(s.endsAt && !outlasted(s.endsAt) ? { ends: { at: s.endsAt, timeZone: program?.timeZone ?? 'UTC' } } : {}),
    kind: s.kind,
    reason: s.reason,
    note: s.note,
    lifted: s.liftedAt !== undefined,
    heldOn: others.length > 0,
    reward: program?.commission.type === 'one_time_reward',
  }
}

export interface PayoutNotice {
  contact: PartnerContact
  /** The program's names: the reader's language picks one (`programName`). */
  programNames: Named
  timeZone: string
  payout: PayoutRecord
}

/** What a partner must be told about a payout's state: null when the partner or the payout is gone. */
export async function payoutNotice(
  deps: { directory: PartnerDirectory; payouts: PayoutStore; program: (key: string) => ProgramDefinition | undefined },
  payoutId: string,
): Promise<PayoutNotice | null> {
  const payout = await deps.payouts.payout(payoutId)
  if (!payout) return null
  const contact = await deps.directory.contact(payout.partnerId)
  if (!contact) return null
  const program = deps.program(payout.programKey)
  return {
    contact,
    programNames: namesOr(program, payout.programKey),
    timeZone: program?.timeZone ?? 'UTC',
    payout,
  }
}

/** What a partner is told about their dispute: null when the partner or the dispute is gone. */
export async function disputeNotice(
  deps: {
    directory: PartnerDirectory
    disputes: DisputeStore
    program: (key: string) => ProgramDefinition | undefined
  },
  disputeId: string,
  messageId?: string,
) {
  const dispute = await deps.disputes.byId(disputeId)
  if (!dispute) return null
  const [contact, message] = await Promise.all([
    deps.directory.contact(dispute.partnerId),
    messageId ? deps.disputes.message(messageId) : null,
  ])
  if (!contact) return null
  const program = deps.program(dispute.programKey)
  return { contact, dispute, message, programNames: namesOr(program, dispute.programKey), program }
}
