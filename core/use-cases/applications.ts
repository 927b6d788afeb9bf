import { transition } from '../domain/enrolment-status.ts'
import { DomainError } from '../domain/errors.ts'
import { UNSTORABLE } from '../domain/text.ts'
import type { Clock } from '../ports/clock.ts'
import type { LedgerStore } from '../ports/ledger-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface ApplicationDeps {
  ledger: LedgerStore
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
}

export interface ApplicationDecision {
  partnerId: string
  programKey: string
  /** Why it was declined; kept in the audit log (required for a decline). */
  reason?: string
  actor: string
}

export interface DecidedApplication {
  partnerId: string
  programKey: string
  status: 'active' | 'declined'
}

/**
 * The company approves an application to a program that approves its partners (worksection-partner: "joining
 * needs the company's approval"): `applied -> active`. Anything but an application waiting is refused.
 */
export function approveApplication(deps: ApplicationDeps, input: ApplicationDecision) {
  return decide(deps, input, 'approve')
}

/** The company declines an application, with a reason: `applied -> declined`, which is final. */
export function declineApplication(deps: ApplicationDeps, input: ApplicationDecision) {
  const reason = input.reason?.trim()
  if (!reason || reason.length > 500 || UNSTORABLE.test(reason))
    throw new DomainError(
      'enrolment.invalid',
      { issues: [{ path: 'reason', message: 'is required (1 to 500 characters of text)' }] },
      'A decline needs a reason',
    )
  return decide(deps, { ...input, reason }, 'decline')
}

/**
 * One decision, in one transaction: the status moves, the audit row is written, the partner is told and the
 * application's card in the disputes channel is brought up to date.
 */
async function decide(
  deps: ApplicationDeps,
  input: ApplicationDecision,
  action: 'approve' | 'decline',
): Promise<DecidedApplication> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  return deps.ledger.transaction(async (tx) => {
    const now = deps.clock.now()
    const enrolment = await tx.lockEnrolmentOf(input.partnerId, input.programKey)
    if (!enrolment)
      throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: input.programKey })
    const t = transition(action, enrolment.status)
    if (!(await tx.setEnrolmentStatus(enrolment.id, t.from, t.to, now)))
      throw new DomainError('enrolment.changed_concurrently', { partner: input.partnerId })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: `application.${action}`,
      subjectType: 'partner',
      subjectId: input.partnerId,
      reason: input.reason,
      data: { program: program.key, enrolment: enrolment.id },
    })
    const decision = action === 'approve' ? 'approved' : 'declined'
    await tx.announce({
      queue: 'notifications',
      name: 'application_decided',
      data: { partnerId: input.partnerId, programKey: program.key, decision },
      opts: { jobId: `application-${enrolment.id}-${decision}` },
    })
    // the card in the disputes channel says who decided, whichever surface decided (its App Home copy, the API)
    await tx.announce({
      queue: 'desk',
      name: 'application_card',
      data: { partnerId: input.partnerId, programKey: program.key },
      opts: { jobId: `application-card-${enrolment.id}-${decision}` },
    })
    return { partnerId: input.partnerId, programKey: program.key, status: t.to as 'active' | 'declined' }
  })
}
