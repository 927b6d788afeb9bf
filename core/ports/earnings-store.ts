import type { Suspension } from '../domain/codes.ts'
import type { Deal } from '../domain/deals.ts'
import type { RefusedEarning } from '../domain/late-qualification.ts'
import type { NewEntry } from '../domain/ledger.ts'
import type { LaterCommission } from '../domain/level-raises.ts'
import type { MonthShare } from '../domain/month-tiers.ts'
import type { OrderCommission } from '../domain/rules.ts'
import type { SubIds } from '../domain/tracking.ts'
import type { PublishedRules } from '../programs/catalog.ts'
import type { EventType } from '../programs/definition.ts'
import type { NewRefereeBonus } from './referee-bonuses.ts'
import type { NewReviewFlag } from './review-flags.ts'

/** A unique key was taken by a concurrent or earlier write. */
export class DuplicateKeyError extends Error {
  constructor(readonly key: string) {
    super(`duplicate ${key}`)
    this.name = 'DuplicateKeyError'
  }
}

/** The database gave up one of two conflicting transactions (deadlock, serialisation): safe to run again. */
export class TransactionConflictError extends Error {
  constructor(cause: unknown) {
    super('transaction conflict')
    this.name = 'TransactionConflictError'
    this.cause = cause
  }
}

/** A refund or cancellation as recorded (undosOfOrder). */
export interface RecordedUndo {
  type: 'refund' | 'cancellation'
  occurredAt: Date
  amountMinor?: bigint
  currency?: string
}

export interface StoredEvent {
  id: string
  bodyHash: string
  response: unknown
}

export interface CodeRecord {
  id: string
  code: string
  programKey: string
  status: 'active' | 'suspended'
  campaignKey?: string
  rateOverrideBps?: number
  /** The code attributes events that occurred in [validFrom, validUntil) only (open-ended when not set). */
  validFrom?: Date
  validUntil?: Date
  /** The periods it was suspended: an event is judged by its standing when it occurred (suspendedAt). */
  suspensions?: Suspension[]
  enrolment: EnrolmentRecord
}

export interface EnrolmentRecord {
  id: string
  partnerId: string
  programKey: string
  status: 'applied' | 'active' | 'blocked' | 'disqualified' | 'terminated' | 'declined'
  registeredAt: Date
  /** When the enrolment was recorded here (registeredAt differs for a partner imported with its own date). */
  enrolledAt?: Date
  rateOverrideBps?: number
  ownAccountId?: string
  /** The campaigns the partner joined (has a link for), in a network program; read with the enrolment's lock. */
  campaigns?: string[]
  /** When the agreement ends (an objection, the company's notice, the partner leaving), if it is ending. */
  endsAt?: Date
  /** Why it ends (core/programs/definition.ts END_REASONS); none for an erasure. */
  endReason?: string
  /** The partner's deals (per-partner commissions from a date), ended ones too; read with the enrolment's lock. */
  deals?: Deal[]
}

/** A recorded referral click, as a postback naming it (`click`) is checked against it. */
export interface ClickRecord {
  at: Date
  codeId: string
  programKey: string
  /** The link's sub-ids, carried to the customer the click brings and its events. */
  subIds?: SubIds
}

export interface CustomerRecord {
  id: string
  enrolmentId?: string
  codeId?: string
  ineligible?: string
  seenTypes: string[]
  qualifiedAt?: Date
  firstPaidAt?: Date
  acquiredRateBps?: number
  /** The partner's paying customers before it when it was acquired (its level). */
  acquiredLevelCount?: number
  ipHash?: string
  /** The sub-ids of the click that brought the customer (set when it is created). */
  subIds?: SubIds
  /** The first payment or first deposit the performance report counted. */
  convertedAt?: Date
  /** The registration the performance report counted as its sign-up (never an engagement action). */
  signedUpAt?: Date
}

/** The same customer account attributed to another partner in a program of the same product (quality.sameCustomersAs). */
export interface OtherClaim {
  customerId: string
  programKey: string
  enrolmentId: string
  partnerId: string
  ineligible?: string
}

/** A customer's commission not yet paid out or taken back: pending, held or available. */
export interface OpenCommission {
  id: string
  programKey: string
  enrolmentId: string
  status: 'pending' | 'held' | 'available'
  currency: string
  remainingMinor: bigint
  availableAt?: Date
}

export interface NewEvent {
  programKey: string
  externalId: string
  type: EventType
  occurredAt: Date
  receivedAt: Date
  orderRef?: string
  amountMinor?: bigint
  currency?: string
  campaignKey?: string
  ipHash?: string
  country?: string
  /** The referral click the postback names (not checked to exist here: see insertEvent's answer). */
  clickId?: string
  /** The program's id of the customer: an event without a click of its own carries the customer's sub-ids. */
  customer?: string
  bodyHash: string
  payload: unknown
}

export interface NewCommission {
  programKey: string
  enrolmentId: string
  /** None for a commission on the partner's month as a whole (a volume tier's top-up). */
  customerId?: string
  eventId: string
  /** The code it was earned through when not the customer's own (attribution.perEvent). */
  codeId?: string
  rule: string
  orderRef?: string
  currency: string
  amountMinor: bigint
  basisMinor?: bigint
  rateBps?: number
  status: 'pending' | 'held' | 'available' | 'rejected'
  reason?: string
  availableAt?: Date
  /** When its event happened. */
  occurredAt?: Date
  at: Date
}

/** A conversion counted in the performance rollup: its day in the program's time zone, link and sub-ids. */
export interface ConversionCount {
  enrolmentId: string
  codeId: string
  /** YYYY-MM-DD in the program's time zone. */
  day: string
  subIds: SubIds
  signups: number
  firstPayments: number
}

export type { NewEntry }

/**
 * An unpaid commission of a customer who shares an IP address with another (worksection-referral "one IP"), locked:
 * what is left of it, and how much of that payouts already took (covered: requested or paid out of the oldest
 * available earnings first), which stays paid.
 */
export interface SharedIpCommission {
  id: string
  enrolmentId: string
  customerId: string
  currency: string
  status: 'pending' | 'held' | 'available'
  availableAt?: Date
  remainingMinor: bigint
  coveredMinor: bigint
}

/**
 * The writes and reads one postback needs, inside one database transaction. Writes may be deferred to the
 * commit (reads here never depend on this postback's own writes). Calls may overlap: reads asked for together
 * with lockEnrolment are answered under that lock.
 */
export interface EarningsTx {
  /**
   * Records the event and resolves its referral code (`ref`) and the click it names, in one step; the event keeps
   * the sub-ids of its click, else of its customer's (`subIds`, what was stored). Throws
   * DuplicateKeyError('event') when (program, id) is taken: the caller answers from the stored event. A store may
   * only claim the (program, id) here (another transaction's claim waits for this one's end) and write the row
   * once, with finishEvent's customer and answer, at the commit.
   */
  insertEvent(
    e: NewEvent,
    ref?: string,
  ): Promise<{ id: string; code: CodeRecord | null; click: ClickRecord | null; subIds: SubIds }>
  finishEvent(eventId: string, customerId: string, response: unknown): Promise<void>
  /**
   * The sub-ids the event keeps instead of those insertEvent found (an event earned through another partner's code
   * than its customer's keeps only its own click's); written before the postings that follow read them.
   */
  keepSubIds(eventId: string, subIds: SubIds): Promise<void>
  /** Creates the customer if new, then locks its row for this transaction. */
  lockCustomer(
    programKey: string,
    externalId: string,
    init: Omit<CustomerRecord, 'id' | 'seenTypes'> & { at: Date },
  ): Promise<{ customer: CustomerRecord; created: boolean }>
  /**
   * `eligibleAgain`: the customer's `ineligible` is cleared (a later `ineligible` in the same changes wins).
   * `rewardUndone`: its one-time reward was taken back in full, so it is no deal yet: `firstPaidAt` is cleared (of
   * two changes of one transaction, the later one wins).
   */
  updateCustomer(
    id: string,
    changes: Partial<Omit<CustomerRecord, 'id'>> & { eligibleAgain?: boolean; rewardUndone?: boolean },
  ): Promise<void>
  /** Locks the enrolment row: one event of a partner at a time decides levels and tiers. */
  lockEnrolment(id: string): Promise<EnrolmentRecord>
  /**
   * The partner's customers other than `customerId` that had paid (a payment share or a reward not taken back) by
   * `before`: the level a customer paying then is acquired at, whichever order the postbacks came in.
   */
  countPayingCustomers(enrolmentId: string, before: Date, customerId: string): Promise<number>
  countNewUsers(enrolmentId: string, from: Date, to: Date): Promise<number>
  /** The month's new users other than `customerId` (whose qualification this transaction may have made). */
  countOtherNewUsers(enrolmentId: string, from: Date, to: Date, customerId: string): Promise<number>
  /** The month's revenue-share earnings as they stand (month-tiers.ts): read under the enrolment's lock. */
  monthRevenueShares(enrolmentId: string, from: Date, to: Date): Promise<MonthShare[]>
  ipUsedByOtherCustomer(programKey: string, ipHash: string, customerId: string): Promise<boolean>
  /** Whether an earlier action of this type (a sale's payment, a lead...) came from the address in the campaign. */
  /** Another event of this type and campaign is recorded for the customer. */
  customerActedInCampaign(
    customerId: string,
    campaignKey: string,
    eventType: string,
    exceptEventId: string,
  ): Promise<boolean>
  ipUsedInCampaign(
    programKey: string,
    campaignKey: string,
    ipHash: string,
    eventType: string,
    exceptEventId: string,
  ): Promise<boolean>
  /**
   * Whether another customer ever used an IP address this customer used (its earlier events' and `ipHash`, this
   * event's), and if so the enrolments holding unpaid commissions of every customer on those addresses.
   */
  sharedIpEnrolments(
    programKey: string,
    customerId: string,
    ipHash: string | undefined,
  ): Promise<{ shared: boolean; enrolmentIds: string[] }>
  /**
   * Locks these enrolments together (pass the customer's own with them) and the unpaid commissions of every customer on
   * the customer's IP addresses in them, with what payouts cover of each as of `now`.
   */
  lockSharedIpCommissions(
    programKey: string,
    customerId: string,
    ipHash: string | undefined,
    enrolmentIds: string[],
    now: Date,
  ): Promise<SharedIpCommission[]>
  /**
   * The customers with this account id in these programs attributed to a partner other than `partnerId`. Takes the
   * in-batch keys of the account in every program of `programKeys` at once (call it before lockCustomer, with the
   * event's own program among them), so members claiming one account from two programs cannot wait in a cycle.
   */
  claimsElsewhere(programKeys: string[], externalId: string, partnerId: string): Promise<OtherClaim[]>
  /**
   * When the customer had first done each of these event types, by its recorded events (the latest of those first
   * dates; null unless each is recorded): postbacks arrive in any order.
   */
  qualifyingDoneAt(customerId: string, types: readonly string[]): Promise<Date | null>
  /** When the customer's first recorded event happened (null: none recorded yet). */
  firstEventOf(customerId: string): Promise<Date | null>
  /**
   * The customer's commissions under the enrolment refused for one of `reasons`, of events from `from` on, whose order
   * had nothing else recorded since; locked (the caller holds the customer's lock and the enrolment's).
   */
  refusedUntilQualified(
    customerId: string,
    enrolmentId: string,
    reasons: readonly string[],
    from: Date,
  ): Promise<RefusedEarning[]>
  /**
   * The standing commissions of the enrolment's clients but `customerId` whose first payment came after `after`,
   * locked (the caller holds the enrolment's lock): a client reported late raises their levels (level-raises.ts).
   */
  laterPaidCommissions(enrolmentId: string, after: Date, customerId: string): Promise<LaterCommission[]>
  /** A customer's open commissions, locked (the caller holds the customer's key through claimsElsewhere). */
  openCommissionsOf(customerId: string): Promise<OpenCommission[]>
  /** Commissions for an order, locked (refunds and settlements change them). */
  orderCommissions(programKey: string, orderRef: string): Promise<OrderCommission[]>
  /**
   * The refunds and cancellations of the customer's order recorded so far, oldest first: postbacks arrive in any
   * order, and an undo recorded before its order had nothing to take back then (the caller holds the customer's lock,
   * which the undo's transaction held too, so a committed one is seen).
   */
  undosOfOrder(programKey: string, orderRef: string, customerId: string): Promise<RecordedUndo[]>
  /** The state of a code now: whether it may earn (a suspension, its validity). */
  codeStanding(codeId: string): Promise<Pick<CodeRecord, 'status' | 'validFrom' | 'validUntil' | 'suspensions'> | null>
  /**
   * The enrolment whose commission the customer's order carries (null: none), read without locking anything: the
   * order's commissions are locked after the partner's enrolment (orderCommissions), as every writer takes them.
   */
  orderEarner(programKey: string, orderRef: string, customerId: string): Promise<string | null>
  insertCommission(c: NewCommission): Promise<string>
  updateCommission(
    id: string,
    changes: {
      status: string
      amountMinor?: bigint
      /** A settlement's revenue and rate (a held revenue share released at its final amount). */
      basisMinor?: bigint
      rateBps?: number
      /** What refunds of part of the order have refunded of the basis in all (partial refunds). */
      refundedBasisMinor?: bigint
      availableAt?: Date
      reason?: string
      at: Date
    },
  ): Promise<void>
  post(entries: NewEntry[]): Promise<void>
  /** Counts sign-ups and first payments in the performance rollup, with the postback's own writes. */
  countConversion(c: ConversionCount): Promise<void>
  /**
   * Raises review flags with the postback's own writes (so a crash cannot keep the event and lose its flag); one
   * already raised (same enrolment, kind and subject) is skipped. Each raised flag is audited.
   */
  raiseFlags(flags: NewReviewFlag[]): Promise<void>
  /**
   * Records what the program owes the referred customer (a referee bonus) with the postback's own writes, once
   * per customer: a second one for the same customer is skipped. Audited.
   */
  recordRefereeBonus(b: NewRefereeBonus): Promise<void>
  /** The customer's bonus, if still owed, is voided (its qualifying payment was refunded or cancelled). */
  voidRefereeBonus(customerId: string, d: { reason: string; at: Date }): Promise<void>
  /**
   * The revision of the published rules (how many term changes are published), as this transaction reads it;
   * postbacks sharing a transaction may share the read.
   */
  rulesRevision(): Promise<number>
  /**
   * Every published commission change, read in this transaction (for a process behind on the rules: it must not wait
   * for a second connection inside a transaction, and embedded PGlite has only one).
   */
  publishedRules(): Promise<PublishedRules>
}

export interface EarningsStore {
  /**
   * Look a replay up before opening a transaction. Needed where connections share one session (embedded PGlite),
   * so duplicates never race inside transactions; elsewhere the event's unique key answers a duplicate and the
   * look-up would only cost every new event a round trip.
   */
  readonly replayLookupFirst: boolean
  findEvent(programKey: string, externalId: string): Promise<StoredEvent | null>
  /**
   * The dates of the enrolment a customer is attributed to, else of the one its `ref` names (null: neither): what
   * a late event is judged by, read outside any transaction. `refFirst`: the one its `ref` names, else the
   * customer's (a program whose events earn through the code they name, attribution.perEvent).
   */
  enrolmentOf(
    programKey: string,
    customer: string,
    ref?: string,
    refFirst?: boolean,
  ): Promise<Pick<EnrolmentRecord, 'registeredAt' | 'enrolledAt'> | null>
  /** A recorded click, read outside any transaction (null: no such click). */
  clickOf(clickId: string): Promise<ClickRecord | null>
  /**
   * Runs one postback's reads and writes atomically. A store may let postbacks that arrive together share a
   * database transaction (group commit); each must then see the others' effects as if they ran one at a time,
   * and one's failure must not fail the others.
   */
  transaction<T>(fn: (tx: EarningsTx) => Promise<T>): Promise<T>
}
