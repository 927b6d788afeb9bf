import type { ClickStore } from '../ports/click-store.ts'
import type { EarningsStore } from '../ports/earnings-store.ts'
import type { LedgerStore } from '../ports/ledger-store.ts'
import type { RefereeBonusStore } from '../ports/referee-bonuses.ts'
import type { ReviewFlagStore } from '../ports/review-flags.ts'
import { adjustmentNotice, makeAdjustment } from '../use-cases/adjustments.ts'
import { ClickWriter } from '../use-cases/click-writer.ts'
import type { CodeCache } from '../use-cases/code-cache.ts'
import { decideCommission, reviewedNotice } from '../use-cases/decide-commission.ts'
import { listFlags, resolveFlag, reviewLowActivity } from '../use-cases/low-activity.ts'
import { ClickLimiter, recordClick } from '../use-cases/record-click.ts'
import { type RecordEventDeps, recordEvent } from '../use-cases/record-event.ts'
import { findRefereeBonus, grantRefereeBonus, listRefereeBonuses } from '../use-cases/referee-bonuses.ts'
import { restoreCommission, restoredNotice } from '../use-cases/restore-commission.ts'
import { reviewCommission } from '../use-cases/review-commission.ts'
import type { BaseDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** What partners earn: conversions and clicks in, commissions reviewed, activity flags raised and resolved. */
export interface EarningsModule {
  recordEvent: UseCase<typeof recordEvent>
  recordClick: UseCase<typeof recordClick>
  /** Writes the clicks this process has buffered (ClickWriter); a graceful stop closes it, writing them all. */
  clicks: Pick<ClickWriter, 'flush' | 'close' | 'buffered' | 'unwritten'>
  reviewCommission: UseCase<typeof reviewCommission>
  /** An operator's decision with a reason from the action's list and a note; the partner is told. */
  decideCommission: UseCase<typeof decideCommission>
  /** A decided commission, for the partner's notice. */
  reviewedNotice: UseCase<typeof reviewedNotice>
  /** A manual bonus or penalty on a partner's balance (one balanced transaction), once per Idempotency-Key. */
  adjust: UseCase<typeof makeAdjustment>
  /** An adjustment and its program's name (the partner's notice). */
  adjustment: UseCase<typeof adjustmentNotice>
  /** A rejected, reversed or annulled commission given back to the partner (an upheld dispute, a fault). */
  restoreCommission: UseCase<typeof restoreCommission>
  /** A restored commission, for the partner's notice. */
  restoredNotice: UseCase<typeof restoredNotice>
  reviewLowActivity: UseCase<typeof reviewLowActivity>
  flags: UseCase<typeof listFlags>
  resolveFlag: UseCase<typeof resolveFlag>
  /** What the program owes the customers partners referred (worksection-referral's first-payment bonus). */
  refereeBonuses: UseCase<typeof listRefereeBonuses>
  /** One referee bonus of a program (the App Home opens its card). */
  refereeBonus: UseCase<typeof findRefereeBonus>
  /** The program's team granted a referee bonus: owed -> granted, once. */
  grantRefereeBonus: UseCase<typeof grantRefereeBonus>
}

export function createEarnings(
  deps: BaseDeps & {
    store: EarningsStore
    clicks: ClickStore
    ledger: LedgerStore
    flags: ReviewFlagStore
    refereeBonuses: RefereeBonusStore
    /** The definition in force when an event happened, as of the rules' revision its transaction read. */
    rulesAt: RecordEventDeps['rulesAt'] & {}
    /** The codes as clicks read them (createCore clears it when a module changes codes or enrolments). */
    codes?: CodeCache
  },
): EarningsModule {
  // which clicks are recorded: budgets per visitor, code and process, for the life of this module
  const limiter = new ClickLimiter()
  // clicks are answered before they are written: this process's buffer, written in batches
  const writer = new ClickWriter(deps.clicks, deps.logger)
  const events = { ...deps, pendingClicks: writer }
  return {
    recordEvent: (programKey, body) => recordEvent(events, programKey, body),
    recordClick: (code, visitor) => recordClick({ ...deps, limiter, writer, codes: deps.codes }, code, visitor),
    clicks: writer,
    reviewCommission: (input) => reviewCommission(deps, input),
    decideCommission: (input) => decideCommission(deps, input),
    reviewedNotice: (id, action) => reviewedNotice(deps, id, action),
    adjust: (input) => makeAdjustment(deps, input),
    adjustment: (id) => adjustmentNotice(deps, id),
    restoreCommission: (input) => restoreCommission(deps, input),
    restoredNotice: (id) => restoredNotice(deps, id),
    reviewLowActivity: (programKey) => reviewLowActivity(deps, programKey),
    flags: (q) => listFlags(deps, q),
    resolveFlag: (input) => resolveFlag(deps, input),
    refereeBonuses: (q) => listRefereeBonuses(deps, q),
    refereeBonus: (q) => findRefereeBonus(deps, q),
    grantRefereeBonus: (input) => grantRefereeBonus(deps, input),
  }
}
