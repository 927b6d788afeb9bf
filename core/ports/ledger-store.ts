import type { EnrolmentStatus } from '../domain/enrolment-status.ts'
import type { MonthShare, TierTopUp } from '../domain/month-tiers.ts'
import type { AdjustmentTx } from './adjustments.ts'
import type { EnrolmentRecord, NewEntry } from './earnings-store.ts'
import type { Announcer } from './jobs.ts'
import type { AuditEntry } from './partner-store.ts'

export interface CommissionRecord {
  id: string
  programKey: string
  enrolmentId: string
  partnerId: string
  /** The postback that wrote it. */
  eventId: string
  rule: string
  currency: string
  amountMinor: bigint
  status: 'pending' | 'held' | 'available' | 'paid' | 'reversed' | 'annulled' | 'rejected'
  reason?: string
  occurredAt: Date
  availableAt?: Date
  /** What is left of it on the ledger after reversals. */
  remainingMinor: bigint
  /**
   * What the order's refunds and cancellations took back of it (a positive amount): money that left with the
   * customer's, which restoring a commission annulled or rejected afterwards does not give back.
   */
  refundedMinor: bigint
  /** The penalty charged for it (substandard, jqsee) that still stands: a positive amount, 0n when none. */
  penaltyMinor?: bigint
  /** Revenue held until its bets settle and not settled yet, whatever was decided on it since (restore keeps it held). */
  awaitingSettlement?: boolean
  /** Revenue refused while its bets were unsettled, whose settlement arrived meanwhile (and was ignored then). */
  settledWhileRefused?: boolean
  /** A restore was posted for it before. */
  restoredBefore?: boolean
}

export interface SanctionRecord {
  id: string
  enrolmentId: string
  partnerId: string
  programKey: string
  kind: 'warning' | 'suspend_codes' | 'block' | 'disqualify' | 'payout_hold'
  reason: string
  note?: string
  actor: string
  createdAt: Date
  liftedAt?: Date
  /** Who lifted it (a desk user `slack:U…`, the operator API's actor, SANCTION_END_ACTOR when its end came). */
  liftedBy?: string
  /** A warning's deadline to fix the breach (program.quality.adWarning). */
  dueAt?: Date
  /** The payout block the warning became when its deadline passed unresolved. */
  escalatedTo?: string
  /** When it ends by itself (none: until the program lifts it). */
  endsAt?: Date
}

/** Writes of operator decisions on a partner's money and standing, inside one transaction. */
export interface LedgerTx extends Announcer, AdjustmentTx {
  /** The enrolment of a partner in a program, locked. */
  lockEnrolmentOf(partnerId: string, programKey: string): Promise<EnrolmentRecord | null>
  /** Compare-and-set: false when the status was no longer one of `from` (a concurrent change won). */
  setEnrolmentStatus(id: string, from: EnrolmentStatus[], to: EnrolmentStatus, at: Date): Promise<boolean>
  /** A sanction on all codes: suspends the active ones; reinstating, only those a sanction suspended. */
  /** `at`: when (the suspension's period starts or ends then, see core/domain/codes.ts suspendedAt). */
  setCodesStatus(enrolmentId: string, status: 'active' | 'suspended', at: Date): Promise<number>
  /** The agreement of a live enrolment (applied, active, blocked) ends at `endsAt`, for `reason`; false if not live. */
  setAgreementEnd(id: string, endsAt: Date, reason: string, at: Date): Promise<boolean>
  insertSanction(
    s: Omit<SanctionRecord, 'id' | 'partnerId' | 'programKey' | 'liftedAt' | 'liftedBy' | 'escalatedTo'> & {
      requestKey?: string
    },
  ): Promise<SanctionRecord>
  /** The sanction a request applied (its key: see insertSanction), if any. */
  sanctionByRequestKey(requestKey: string): Promise<SanctionRecord | null>
  /** Warnings past their deadline, not lifted and not escalated, of partners still in the program (oldest first). */
  overdueWarnings(now: Date, limit: number): Promise<string[]>
  /** Sanctions whose end has come, not lifted, of partners still in the program (the earliest end first). */
  endedSanctions(now: Date, limit: number): Promise<string[]>
  /** Records the payout block a warning became (the warning is locked). */
  setEscalatedTo(warningId: string, blockId: string): Promise<void>
  /** Blocks the enrolment's payouts with a reason, or (null) unblocks them. */
  setPayoutsBlocked(enrolmentId: string, reason: string | null): Promise<void>
  lockSanction(id: string): Promise<SanctionRecord | null>
  /** How many code suspensions are in force on the enrolment (not lifted), `except` one of them. */
  codeSuspensionsInForce(enrolmentId: string, except: string): Promise<number>
  /** The code suspension of the enrolment lifted last at or after `since`, if any (its id). */
  codeSuspensionLiftedSince(enrolmentId: string, since: Date): Promise<string | null>
  liftSanction(id: string, at: Date, by: string): Promise<void>
  /** Commissions with money still on the ledger and not yet paid, locked. */
  unpaidCommissions(enrolmentId: string): Promise<CommissionRecord[]>
  lockCommission(id: string): Promise<CommissionRecord | null>
  /**
   * The enrolment a commission is of, locked as a postback locks it (with its deals), before the commission itself:
   * an operator's decision that may change a month's volume tier (month-tiers.ts) takes the partner's lock first,
   * in the postbacks' order. Null when there is no such commission.
   */
  lockEnrolmentOfCommission(commissionId: string): Promise<EnrolmentRecord | null>
  /** A month's new users and its revenue-share earnings as they stand in this transaction (tier-sql.ts). */
  tierMonth(enrolmentId: string, from: Date, to: Date): Promise<{ newUsers: number; shares: MonthShare[] }>
  /** A month's top-up (month-tiers.ts) as a commission of no customer, under the event it is written for; its id. */
  insertTierTopUp(
    t: TierTopUp & { programKey: string; enrolmentId: string; eventId: string; at: Date },
  ): Promise<string>
  updateCommission(
    id: string,
    changes: { status: CommissionRecord['status']; reason?: string; availableAt?: Date; at: Date },
  ): Promise<void>
  post(entries: NewEntry[]): Promise<void>
  audit(entry: AuditEntry): Promise<void>
  /** Money paid out to the enrolment by `asOf` (the service clock), per currency (positive). */
  /**
   * What the partner has not been paid, per currency: the earned account whole (available and pending, bonuses and
   * penalties included) and what is held. Payouts requested or in a batch are out of it (reserved): `paidOutMinor`
   * is what payouts took, paid or still reserved.
   */
  unpaidTotals(
    enrolmentId: string,
    asOf: Date,
  ): Promise<Map<string, { earnedMinor: bigint; heldMinor: bigint; paidOutMinor: bigint }>>
  /** A review flag resolved in this transaction, once, audited; false when it was resolved already or is unknown. */
  resolveFlag(
    id: string,
    d: { resolution: string; actor: string; at: Date; note?: string; enrolmentId?: string },
  ): Promise<boolean>
  /** Payouts requested, approved or under review, locked. */
  openPayouts(enrolmentId: string): Promise<OpenPayout[]>
  /** Compare-and-set on a payout's status. */
  setPayoutStatus(id: string, from: string[], to: string, reason: string, at: Date): Promise<boolean>
}

export interface OpenPayout {
  id: string
  programKey: string
  currency: string
  grossMinor: bigint
  status: 'requested' | 'approved' | 'needs_review'
  /** The pay-day batch it is in, if any. */
  batchId: string | null
}

export interface LedgerStore {
  transaction<T>(fn: (tx: LedgerTx) => Promise<T>): Promise<T>
}
