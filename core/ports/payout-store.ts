import type { PayoutMethod, PayoutStatus } from '../domain/payouts.ts'
import type { EnrolmentRecord, NewEntry } from './earnings-store.ts'
import type { Announcer } from './jobs.ts'
import type { AuditEntry } from './partner-store.ts'

export interface PayoutEnrolment extends EnrolmentRecord {
  legalType: 'individual' | 'company'
  paymentDetailsAgreed: boolean
  payoutHoldUntil?: Date
  payoutHoldReason?: string
  /** When the running hold began (an extension keeps it): the program's limit counts from it. */
  payoutHoldSince?: Date
  /** Payouts blocked, with no end date, until support lifts the block (its reason). */
  payoutsBlockedReason?: string
}

export interface PayoutRecord {
  id: string
  programKey: string
  enrolmentId: string
  partnerId: string
  idempotencyKey: string
  requestHash: string
  currency: string
  method: PayoutMethod
  grossMinor: bigint
  feeMinor: bigint
  taxMinor: bigint
  netMinor: bigint
  creditMinor?: bigint
  status: PayoutStatus
  reason?: string
  /** Finance's words with a hold or rejection, shown to the partner as written. */
  note?: string
  detailsMask?: string
  batchId?: string
  expectedAt?: Date
  paidAt?: Date
  paymentRef?: string
  decidedBy?: string
  response?: unknown
  createdAt: Date
  updatedAt: Date
}

export type NewPayout = Omit<
  PayoutRecord,
  'id' | 'partnerId' | 'note' | 'detailsMask' | 'paidAt' | 'paymentRef' | 'response'
> & {
  detailsId?: string
}

export interface Balance {
  /** Earned, past its hold, minus what payouts reserved or paid. */
  availableMinor: bigint
  /** Earned, still in its hold period. */
  pendingMinor: bigint
  /** Held for review or unsettled. */
  heldMinor: bigint
}

export interface SavedDetails {
  id: string
  method: PayoutMethod
  mask: string
}

export interface BatchRecord {
  id: string
  programKey: string
  periodStart: Date
  periodEnd: Date
  payDate: Date
  status: 'open' | 'closed' | 'paid'
  paidAt?: Date
  paymentRef?: string
  notifiedAt?: Date
}

/** One partner's standing for a scheduled batch, read for a whole program in one query. */
export interface BatchCandidate {
  enrolment: PayoutEnrolment
  currency: string
  availableMinor: bigint
  qualifiedUsers: number
  details?: SavedDetails
}

export interface PayoutTx extends Announcer {
  lockEnrolmentOf(partnerId: string, programKey: string): Promise<PayoutEnrolment | null>
  balance(enrolmentId: string, currency: string, asOf: Date): Promise<Balance>
  /** Customers who qualified as new users (melbet: sign-up and first deposit) and are eligible. */
  qualifiedUsers(enrolmentId: string): Promise<number>
  /**
   * The partner's payout made earlier under this key, in any program (the key is the partner's: another program
   * under it is another body), the key locked for this transaction so that two requests with it run one after the
   * other.
   */
  findByKey(partnerId: string, idempotencyKey: string): Promise<PayoutRecord | null>
  /** The partner's current details for a method, if any. */
  currentDetails(partnerId: string, method: PayoutMethod): Promise<SavedDetails | null>
  /**
   * Locks the partner for this transaction; false for an unknown or erased one. Taken before any enrolment lock by
   * every transaction that saves payment details (an erasure takes it first too), so the two cannot interleave.
   */
  lockPartner(partnerId: string): Promise<boolean>
  /** The partner's details by id while they are current (not replaced, not erased): encrypted, never logged. */
  sealedDetails(
    partnerId: string,
    detailsId: string,
  ): Promise<{ method: PayoutMethod; keyId: string; ciphertext: Buffer } | null>
  /** The programs the partner is an active member of. */
  activePrograms(partnerId: string): Promise<string[]>
  /** Whether finance has decided these details for the program already (agreed them, or asked for other ones). */
  detailsDecided(partnerId: string, programKey: string, detailsId: string): Promise<boolean>
  /** Whether finance asked for other details than these for the program (it refused them). */
  detailsRefused(partnerId: string, programKey: string, detailsId: string): Promise<boolean>
  /** Stores new details (encrypted), retiring the previous ones of that method (the partner is locked: lockPartner). */
  saveDetails(d: {
    partnerId: string
    method: PayoutMethod
    keyId: string
    ciphertext: Buffer
    mask: string
    at: Date
    /**
     * Whether new details of this method undo an agreement on the partner's details in a program: where the program
     * pays by this method only on agreed details (details of another method leave its agreement standing).
     */
    voidsAgreement: (programKey: string) => boolean
  }): Promise<SavedDetails>
  insertPayout(p: NewPayout): Promise<PayoutRecord>
  setResponse(id: string, response: unknown): Promise<void>
  lockPayout(id: string): Promise<PayoutRecord | null>
  /**
   * The payment details these payouts were paying to, when their partner erased their data and no approved payout
   * still needs them: wiped now (an erasure keeps them only until the payout they were approved for is settled).
   */
  forgetErasedDetails(payoutIds: string[]): Promise<number>
  /** Reads a payout without locking it (to learn whose enrolment to lock first). */
  readPayout(id: string): Promise<PayoutRecord | null>
  /** Compare-and-set on the status; false when a concurrent decision changed it first. */
  setStatus(
    id: string,
    from: PayoutStatus[],
    to: PayoutStatus,
    changes: {
      reason?: string
      /** The reason's note: a reason set without one clears an earlier one (a hold's words go with the hold). */
      note?: string
      paymentRef?: string
      paidAt?: Date
      decidedBy?: string
      batchId?: string
      /** When it is now expected to be paid (an approval names the date it can still be paid by). */
      expectedAt?: Date
      /** Only while the payout is in no batch: a payout never moves from one batch to another. */
      unbatchedOnly?: boolean
      at: Date
    },
  ): Promise<boolean>
  post(entries: NewEntry[]): Promise<void>
  audit(entry: AuditEntry): Promise<void>
  setPayoutSettings(
    enrolmentId: string,
    s: { detailsAgreed?: boolean; hold?: { until: Date; reason: string; since: Date } | null; at: Date },
  ): Promise<PayoutEnrolment>

  movedDates(programKey: string): Promise<Map<string, string>>
  moveDate(m: {
    programKey: string
    scheduled: string
    movedTo: string
    actor: string
    reason: string
    at: Date
  }): Promise<boolean>
  pausedAt(programKey: string): Promise<Date | undefined>
  /** When, by whom and why the program's payouts were paused; undefined while they run. */
  pauseState(programKey: string): Promise<{ at: Date; actor: string; reason: string } | undefined>
  /** Pauses (or resumes, with null); false when they already were (nothing changed). */
  setPaused(programKey: string, paused: { actor: string; reason: string } | null, at: Date): Promise<boolean>
  /**
   * The partners told when the program's pay days change: those whose enrolment is active, and those waiting for a
   * payout whatever their standing (an ended agreement's money is still paid on a pay day).
   */
  activePartners(programKey: string): Promise<string[]>
  /**
   * Takes the program's pay-day lock for this transaction: `share` for a request, which then reads whether today's
   * batch has started (batchOf) and is promised today if not; `exclusive` for a batch about to start, which waits
   * for those requests and then takes them all. A request and the batch's start cannot interleave.
   */
  lockPayDays(programKey: string, mode: 'share' | 'exclusive', at: Date): Promise<void>
  /** The batch of a period, if it exists (read in this transaction). */
  batchOf(programKey: string, periodStart: Date): Promise<BatchRecord | null>
  /** Requests waiting for the program's next batch, read in this transaction (PayoutStore.queuedPayouts). */
  queuedPayouts(programKey: string, before: Date, dueBy?: Date): Promise<PayoutRecord[]>
  /** The batch of a period, created if missing (unique per program and period start). */
  upsertBatch(b: Omit<BatchRecord, 'id' | 'status'>, at: Date): Promise<BatchRecord>
  lockBatch(id: string): Promise<BatchRecord | null>
  /** The batch's status, share-locked for this transaction (it cannot close or be paid meanwhile). */
  shareLockBatch(id: string): Promise<BatchRecord['status'] | null>
  /**
   * One scheduled chunk's partners, locked (enrolment order), with what their payout depends on: standing,
   * players, the balance the batch may pay in the currency (BatchAsOf), current details by the program's methods, and whether the
   * batch already paid them (`key`).
   */
  chunkState(
    partners: { enrolmentId: string; currency: string; key: string }[],
    asOf: BatchAsOf,
    methods: readonly string[],
  ): Promise<(BatchCandidate & { alreadyPaid: boolean })[]>
  /** Inserts payouts with their ids and responses; a key taken already is skipped. Returns the ids inserted. */
  insertPayouts(rows: (NewPayout & { id: string; response: unknown })[]): Promise<string[]>
  /** Records that every payout of the batch was announced to its partner (in the announcing transaction). */
  markBatchNotified(id: string, at: Date): Promise<void>
  /** The payouts of a batch, read inside this transaction. */
  batchPayouts(batchId: string): Promise<PayoutRecord[]>
  setBatchStatus(
    id: string,
    from: BatchRecord['status'][],
    to: BatchRecord['status'],
    changes: { paymentRef?: string; paidAt?: Date; at: Date },
  ): Promise<boolean>
}

/**
 * What a weekly batch pays: the balance available at its period's end, less what has left it since (a request, a
 * hold, a penalty), up to `now`; money that became available after the period waits for its own batch.
 */
export interface BatchAsOf {
  periodEnd: Date
  now: Date
}

export interface PayoutStore {
  transaction<T>(fn: (tx: PayoutTx) => Promise<T>): Promise<T>
  /** Every active partner of a program with money the batch may pay in a currency (a weekly batch's input). */
  batchCandidates(programKey: string, asOf: BatchAsOf, methods: readonly string[]): Promise<BatchCandidate[]>
  findBatch(programKey: string, periodStart: Date): Promise<BatchRecord | null>
  /**
   * Requests waiting for the program's next batch (scheduled programs), oldest first: in no batch yet, made before
   * `before`, or promised a pay date by `dueBy` (made on the pay day before its batch started).
   */
  queuedPayouts(programKey: string, before: Date, dueBy?: Date): Promise<PayoutRecord[]>
  batchPayouts(batchId: string): Promise<PayoutRecord[]>
  batches(programKey: string | undefined, limit: number): Promise<BatchRecord[]>
  payout(id: string): Promise<PayoutRecord | null>
  payoutsOf(partnerId: string, programKey: string | undefined, limit: number): Promise<PayoutRecord[]>
  /** The encrypted details a payout pays to (finance export), never logged. */
  detailsOf(payoutId: string): Promise<{ keyId: string; ciphertext: Buffer; method: PayoutMethod } | null>
  /** Details encrypted under another key than `keyId` (rotation), a page at a time. */
  detailsNotUnder(
    keyId: string,
    limit: number,
  ): Promise<{ id: string; partnerId: string; keyId: string; ciphertext: Buffer }[]>
  /** Replaces a record's ciphertext if it is still under `fromKeyId` (compare-and-set). */
  rewrapDetails(id: string, fromKeyId: string, keyId: string, ciphertext: Buffer): Promise<boolean>
}
