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
 * Agreements ending now (an objection to new terms, the company's notice, a partner leaving): each live enrolment
 * whose end date has come is terminated, as the enrolment transition table allows (compare-and-set), audited, and
 * the partner told (unless `toldPartner`: the one whose answer already told them), in one transaction. Returns how
 * many ended.
 */
export async function endAgreementsDue(deps: AgreementDeps, opts: { toldPartner?: string } = {}): Promise<number> {
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
        reason: e.endReason ?? 'terms_objection',
        data: { partner: e.partnerId, program: e.programKey },
      })
      // a partner who ended it in the bot (an objection) read the end in the bot's answer
      if (e.partnerId !== opts.toldPartner)
        await tx.announce({
          queue: 'notifications',
          name: 'agreement_ended',
          data: { partnerId: e.partnerId, programKey: e.programKey, reason: e.endReason ?? 'terms_objection' },
          opts: { jobId: `agreement-ended-${e.partnerId}-${e.programKey}` },
        })
      ended++
    }
    return ended
  })
}
