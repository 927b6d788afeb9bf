import type { LedgerStore } from '../ports/ledger-store.ts'
import { approveApplication, declineApplication } from '../use-cases/applications.ts'
import type { BaseDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Applications to a program that approves its partners (worksection-partner): the company's decision. */
export interface ApplicationsModule {
  approve: UseCase<typeof approveApplication>
  decline: UseCase<typeof declineApplication>
}

export function createApplications(deps: BaseDeps & { ledger: LedgerStore }): ApplicationsModule {
  return {
    approve: (input) => approveApplication(deps, input),
    decline: (input) => declineApplication(deps, input),
  }
}
