import type { ActiveSanction } from '../../core/use-cases/sanctions.ts'

/** Why a partner's links and codes in a program are suspended, as a sanction says: its reason code and its end. */
export interface CodeSuspension {
  reason: string
  /** When the codes work again by themselves; none: until the program reinstates them. */
  endsAt?: Date
}

/**
 * The sanctions in force that keep a partner's codes suspended (a code suspension, a disqualification): the newest
 * one's reason, and the end of the last to end (none while one of them has no end). Null when none is in force: the
 * codes were suspended from the desk one by one, with no reason to tell.
 */
export function codeSuspension(active: ActiveSanction[]): CodeSuspension | null {
  const on = active.filter((s) => s.kind === 'suspend_codes' || s.kind === 'disqualify')
  if (!on.length) return null
  const open = on.some((s) => !s.endsAt)
  const endsAt = open ? undefined : new Date(Math.max(...on.map((s) => s.endsAt!.getTime())))
  return { reason: on[0]!.reason, ...(endsAt ? { endsAt } : {}) }
}
