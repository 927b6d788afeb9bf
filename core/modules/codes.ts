import type { CodeStore } from '../ports/code-store.ts'
import { issueCode, setCodeStatus } from '../use-cases/promo-codes.ts'
import type { BaseDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Extra and vanity codes per partner (with their own rate and validity), and suspending or reinstating one. */
export interface CodesModule {
  issue: UseCase<typeof issueCode>
  setStatus: UseCase<typeof setCodeStatus>
  /** One code by id (a notice's subject). */
  get: CodeStore['byId']
  /** A partner's codes, in one program or all, oldest first. */
  ofPartner: CodeStore['ofPartner']
}

export function createCodes(deps: BaseDeps & { codes: CodeStore }): CodesModule {
  return {
    issue: (input) => issueCode(deps, input),
    setStatus: (input) => setCodeStatus(deps, input),
    get: (id) => deps.codes.byId(id),
    ofPartner: (partnerId, programKey) => deps.codes.ofPartner(partnerId, programKey),
  }
}
