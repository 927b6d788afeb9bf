import { ENROLMENT_TRANSITIONS } from '../domain/enrolment-status.ts'
import type { Clock } from '../ports/clock.ts'
import type { TermsStore } from '../ports/terms-store.ts'

export interface AgreementDeps {
  clock: Clock
  terms: TermsStore
}

/** Most agreements one sweep ends (the next sweep takes the rest). */
const SWEEP = 1000

/**
 * Agreements ending now (a worksection objection to new terms): each live enrolment whose end date has come is
 * terminated, as the enrolment transition table allows (compare-and-set), audited, and the partner told, in one
 * transaction. Returns how many ended.
 */
export async function endAgreementsDue(deps: AgreementDeps): Promise<number> {
  const terminate = ENROLMENT_TRANSITIONS.terminate!
  return deps.terms.agreements(async (tx) => {
    const now = deps.clock.now()
    let ended = 0
    for (const e of await tx.dueAgreements(now, terminate.from, SWEEP)) {
      if (!(await tx.setEnrolmentStatus(e.id, [e.status], terminate.to, now))) continue
      await tx.audit({
        at: now,
        actor: 'system',
        action: 'enrolment.ended',
        subjectType: 'enrolment',
        subjectId: e.id,
        reason: 'terms_objection',
        data: { partner: e.partnerId, program: e.programKey },
      })
      await tx.announce({
        queue: 'notifications',
        name: 'agreement_ended',
        data: { partnerId: e.partnerId, programKey: e.programKey },
        opts: { jobId: `agreement-ended-${e.partnerId}-${e.programKey}` },
      })
      ended++
    }
    return ended
  })
}
