import { DomainError } from './errors.ts'

/** `declined`: the company refused the application (contract section 7); final, nothing leaves it. */
export type EnrolmentStatus = 'applied' | 'active' | 'blocked' | 'disqualified' | 'terminated' | 'declined'

/** Every allowed change of a partner's standing in a program; anything else is refused. */
export const ENROLMENT_TRANSITIONS: Record<string, { from: EnrolmentStatus[]; to: EnrolmentStatus }> = {
  approve: { from: ['applied'], to: 'active' },
  decline: { from: ['applied'], to: 'declined' },
  block: { from: ['active'], to: 'blocked' },
  unblock: { from: ['blocked'], to: 'active' },
  disqualify: { from: ['applied', 'active', 'blocked'], to: 'disqualified' },
  terminate: { from: ['applied', 'active', 'blocked'], to: 'terminated' },
}

export function transition(action: keyof typeof ENROLMENT_TRANSITIONS, current: EnrolmentStatus) {
  const t = ENROLMENT_TRANSITIONS[action]
  if (!t) throw new Error(`unknown enrolment action ${action}`)
  if (!t.from.includes(current)) throw new DomainError('enrolment.transition_not_allowed', { action, status: current })
  return t
}

export type SanctionKind = 'warning' | 'suspend_codes' | 'block' | 'disqualify'

/**
 * The sanctions a partner's standing still allows: an active partner may be warned, have codes suspended, be
 * blocked or disqualified; a blocked or applying one may be warned or disqualified; a disqualified or terminated
 * one is past sanctions. Core refuses anything else; the desk offers exactly these buttons.
 */
export function sanctionsFor(status: EnrolmentStatus): SanctionKind[] {
  switch (status) {
    case 'active':
      return ['warning', 'suspend_codes', 'block', 'disqualify']
    case 'blocked':
    case 'applied':
      return ['warning', 'disqualify']
    default:
      return []
  }
}

/**
 * Whether what happened at `at` falls under the agreement: an active enrolment, or one whose agreement ended (an
 * objection, the company's notice, the partner leaving) after `at` — "operations carried out at the moment of
 * termination are processed as usual" (worksection-referral 7.3), so an event reported after the end but dated
 * before it still earns. An erasure (no end reason) ends everything at once.
 */
export function inForceAt(e: { status: EnrolmentStatus; endsAt?: Date; endReason?: string }, at: Date): boolean {
  if (e.status === 'active') return true
  return e.status === 'terminated' && !!e.endReason && !!e.endsAt && at < e.endsAt
}

/**
 * The partner's enrolment that keeps them out of a program listed as exclusive with theirs (worksection's two
 * agreements, seed 001 3.3.2: not a partner of another program "at the same time"): one in a program of
 * `exclusiveWith` whose agreement stands, applied for, active or blocked (a block can be lifted; an ending, a
 * decline or a disqualification cannot). Core refuses the enrolment with it; the bot says so before the terms.
 */
export function exclusiveConflict<E extends { programKey: string; status: string }>(
  exclusiveWith: readonly string[],
  enrolments: readonly E[],
): E | undefined {
  return enrolments.find(
    (e) => ['active', 'applied', 'blocked'].includes(e.status) && exclusiveWith.includes(e.programKey),
  )
}
