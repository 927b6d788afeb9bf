import type { LedgerStore } from '../ports/ledger-store.ts'
import type { ApplicationCardRecord, PartnerLookupStore } from '../ports/partner-lookup.ts'
import { approveApplication, declineApplication } from '../use-cases/applications.ts'
import type { BaseDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Applications to a program that approves its partners (worksection-partner): the company's decision. */
export interface ApplicationsModule {
  approve: UseCase<typeof approveApplication>
  decline: UseCase<typeof declineApplication>
  /**
   * An application as its card in the disputes channel shows it: where the card is, the decision (who, when) and
   * the program's time zone its date is written in; null when the partner has no enrolment in the program.
   */
  card(partnerId: string, programKey: string): Promise<(ApplicationCardRecord & { timeZone: string }) | null>
  /** Where an application's card was posted (recorded once; false if another card was recorded first). */
  setCard(partnerId: string, programKey: string, channel: string, ts: string): Promise<boolean>
}

export function createApplications(
  deps: BaseDeps & { ledger: LedgerStore; lookup: PartnerLookupStore },
): ApplicationsModule {
  return {
    approve: (input) => approveApplication(deps, input),
    decline: (input) => declineApplication(deps, input),
    card: async (partnerId, programKey) => {
      const r = await deps.lookup.applicationCard(partnerId, programKey)
      return r && { ...r, timeZone: deps.program(programKey)?.timeZone ?? 'UTC' }
    },
    setCard: (partnerId, programKey, channel, ts) =>
      deps.lookup.setApplicationCard(partnerId, programKey, { channel, ts }),
  }
}
