import type { Clock } from '../ports/clock.ts'
import type { TermsStore } from '../ports/terms-store.ts'

export interface AgreementDeps {
  clock: Clock
  terms: TermsStore
}

/** Agreements ending today (a worksection objection): ended, and each partner told. */
export async function endAgreementsDue(deps: AgreementDeps): Promise<number> {
  const ended = await deps.terms.endAgreementsDue(deps.clock.now(), (e) => ({
    queue: 'notifications',
    name: 'agreement_ended',
    data: { partnerId: e.partnerId, programKey: e.programKey },
    opts: { jobId: `agreement-ended-${e.partnerId}-${e.programKey}` },
  }))
  return ended.length
}
