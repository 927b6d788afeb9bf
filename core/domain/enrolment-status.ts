import { DomainError } from './errors.ts'

export type EnrolmentStatus = 'applied' | 'active' | 'blocked' | 'disqualified' | 'terminated'

/** Every allowed change of a partner's standing in a program; anything else is refused. */
const ENROLMENT_TRANSITIONS: Record<string, { from: EnrolmentStatus[]; to: EnrolmentStatus }> = {
  approve: { from: ['applied'], to: 'active' },
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
