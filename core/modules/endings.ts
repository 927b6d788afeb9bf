import type { LedgerStore } from '../ports/ledger-store.ts'
import type { TermsStore } from '../ports/terms-store.ts'
import type { EndReason } from '../programs/definition.ts'
import { type CompanyEndReason, endAgreement, endingNotice, endingTerms } from '../use-cases/endings.ts'
import type { BaseDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Agreements ended by the company (breach, convenience) or left by the partner, with the program's notice. */
export interface EndingsModule {
  /** The company ends a partner's agreement (the operator API, the desk). */
  terminate(input: {
    partnerId: string
    programKey: string
    reason: CompanyEndReason
    note?: string
    actor: string
  }): ReturnType<typeof endAgreement>
  /** The partner leaves a program (/settings in the bot). */
  leave(input: { partnerId: string; programKey: string }): ReturnType<typeof endAgreement>
  /**
   * What an ending for `reason` would mean now (the confirmation the partner or the desk reads first); `applied`:
   * the partner's application still waits for approval (taking it back ends it at once).
   */
  preview(programKey: string, reason: EndReason, applied?: boolean): ReturnType<typeof endingTerms> | null
  notice: UseCase<typeof endingNotice>
}

export function createEndings(deps: BaseDeps & { ledger: LedgerStore; terms: TermsStore }): EndingsModule {
  return {
    terminate: (input) => endAgreement(deps, input),
    leave: (input) => endAgreement(deps, { ...input, reason: 'partner_request', actor: `partner:${input.partnerId}` }),
    preview: (programKey, reason, applied) => {
      const p = deps.program(programKey)
      return p ? endingTerms(p, reason, deps.clock.now(), applied) : null
    },
    notice: (partnerId, programKey) => endingNotice(deps, partnerId, programKey),
  }
}
