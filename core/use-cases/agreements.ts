import type { Clock } from '../ports/clock.ts'
import type { TermsStore } from '../ports/terms-store.ts'
import type { ProgramCatalog } from '../programs/catalog.ts'

export interface AgreementDeps {
  clock: Clock
  terms: TermsStore
  programs: ProgramCatalog
}

/** At start-up: every published commission change becomes part of the rules from its effective date. */
export async function loadAmendments(deps: AgreementDeps): Promise<number> {
  let n = 0
  for (const p of deps.programs.list())
    for (const v of await deps.terms.versions(p.key))
      if (v.publishedAt && v.commission) {
        deps.programs.amend(p.key, v.id, v.version, v.effectiveAt, v.commission)
        n++
      }
  return n
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
