import type { LedgerStore } from '../ports/ledger-store.ts'
import type { PartnerDirectory } from '../ports/partner-directory.ts'
import { escalateOverdueWarnings } from '../use-cases/ad-warnings.ts'
import { sanctionNotice } from '../use-cases/notices.ts'
import {
  activeSanctions,
  applySanction,
  endSanction,
  expireEndedSanctions,
  liftSanction,
} from '../use-cases/sanctions.ts'
import type { BaseDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Sanctions on an enrolment (warning, suspended codes, block, disqualification, payout hold) and their lifting. */
export interface SanctionsModule {
  apply: UseCase<typeof applySanction>
  lift: UseCase<typeof liftSanction>
  record: PartnerDirectory['sanction']
  notice: UseCase<typeof sanctionNotice>
  /** The partner's sanctions in force in a program now (not lifted, not ended), newest first: reason and end. */
  active: UseCase<typeof activeSanctions>
  /** Ad-rule warnings past their deadline become payout blocks (a scheduled sweep; once each). */
  escalateOverdue: UseCase<typeof escalateOverdueWarnings>
  /** Sanctions whose end has come are lifted as a manual lift does it (a scheduled sweep; once each). */
  expireEnded: UseCase<typeof expireEndedSanctions>
  /** One sanction whose end has come, lifted (its delayed job, at its end; nothing if lifted already). */
  end: UseCase<typeof endSanction>
}

export function createSanctions(
  deps: BaseDeps & { ledger: LedgerStore; directory: PartnerDirectory },
): SanctionsModule {
  return {
    apply: (input) => applySanction(deps, input),
    lift: (input) => liftSanction(deps, input),
    record: (id) => deps.directory.sanction(id),
    notice: (sanctionId) => sanctionNotice(deps, sanctionId),
    active: (partnerId, programKey) => activeSanctions(deps, partnerId, programKey),
    escalateOverdue: (limit) => escalateOverdueWarnings(deps, limit),
    expireEnded: (limit) => expireEndedSanctions(deps, limit),
    end: (sanctionId) => endSanction(deps, sanctionId),
  }
}
