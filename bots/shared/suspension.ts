import type { ActiveSanction } from '../../core/use-cases/sanctions.ts'
import { longDate } from '../i18n/format.ts'
import type { Translate } from '../i18n/index.ts'
import { reasonText } from './reasons.ts'

/** A sanction as the partner reads it later: its reason code and its end (a code suspension's, a block's). */
export interface SanctionFacts {
  reason: string
  /** When it ends by itself; none: until the program lifts it (reinstates the codes, lifts the block). */
  endsAt?: Date
}

/**
 * The sanctions in force that keep a partner's codes suspended (a code suspension, a disqualification): the newest
 * one's reason, and when the codes come back: the end of the last to end, a block in force included (the codes stay
 * suspended while the partner is blocked), none while one of them has no end. Null when no code suspension is in
 * force: the codes were suspended from the desk one by one, with no reason to tell. It speaks for the codes a sanction
 * suspended only (`PartnerCode.suspendedBy`), not for one the desk suspended on its own.
 */
export function codeSuspension(active: ActiveSanction[]): SanctionFacts | null {
  const on = active.filter((s) => s.kind === 'suspend_codes' || s.kind === 'disqualify')
  if (!on.length) return null
  const keeping = [...on, ...active.filter((s) => s.kind === 'block')]
  const open = keeping.some((s) => !s.endsAt)
  const endsAt = open ? undefined : new Date(Math.max(...keeping.map((s) => s.endsAt!.getTime())))
  return { reason: on[0]!.reason, ...(endsAt ? { endsAt } : {}) }
}

/** The block in force on a partner's account in a program (the newest), its reason and end; null when none is. */
export function accountBlock(active: ActiveSanction[]): SanctionFacts | null {
  const b = active.find((s) => s.kind === 'block')
  return b ? { reason: b.reason, ...(b.endsAt ? { endsAt: b.endsAt } : {}) } : null
}

/** A block's end (in the program's zone) and reason, as lines beneath the text that says the account is blocked. */
export function blockLines(t: Translate, language: string, block: SanctionFacts | null, timeZone: string): string[] {
  if (!block) return []
  return [
    ...(block.endsAt ? [t('block.until', { date: longDate(block.endsAt, language, timeZone) })] : []),
    t('block.reason', { reason: reasonText(t, block.reason) }),
  ]
}
