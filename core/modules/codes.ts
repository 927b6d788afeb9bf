import { DomainError } from '../domain/errors.ts'
import type { CodeStore, ManagedCode } from '../ports/code-store.ts'
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
  /**
   * A partner's codes in a program they are in, oldest first: an unknown program is program.not_found, a partner
   * not in it (or no partner) enrolment.not_found, as a deal or a report answers.
   */
  ofEnrolment(partnerId: string, programKey: string): Promise<ManagedCode[]>
}

export function createCodes(deps: BaseDeps & { codes: CodeStore }): CodesModule {
  return {
    issue: (input) => issueCode(deps, input),
    setStatus: (input) => setCodeStatus(deps, input),
    get: (id) => deps.codes.byId(id),
    ofPartner: (partnerId, programKey) => deps.codes.ofPartner(partnerId, programKey),
    ofEnrolment: async (partnerId, programKey) => {
      if (!deps.program(programKey)) throw new DomainError('program.not_found', { program: programKey.slice(0, 64) })
      if (!(await deps.codes.enrolled(partnerId, programKey)))
        throw new DomainError('enrolment.not_found', { partner: partnerId, program: programKey })
      return deps.codes.ofPartner(partnerId, programKey)
    },
  }
}
