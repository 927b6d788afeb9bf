import type { PartnerAccount } from '../domain/ledger.ts'
import type { MovedDates } from '../domain/payouts.ts'

export interface BalanceRow {
  programKey: string
  currency: string
  /** Earnings still on hold (payable later). */
  pendingMinor: bigint
  /** Earnings held for review or settlement (no date yet). */
  heldMinor: bigint
  /** Payable earnings minus payouts requested or made. */
  availableMinor: bigint
  /** Paid out (positive). */
  paidMinor: bigint
  /** Requested or approved payouts not yet paid (positive), already out of `available`. */
  reservedMinor: bigint
  /** Taken back by reversals, annulments and penalties (positive). */
  reversedMinor: bigint
}

export interface EntryRow {
  id: string
  programKey: string
  currency: string
  amountMinor: bigint
  account: PartnerAccount
  kind: string
  reason?: string
  commissionId?: string
  payoutId?: string
  effectiveAt: Date
  createdAt: Date
  /** When the commission it names was earned (its event's time): what the performance report counts it by. */
  earnedAt?: Date
}

export interface PayoutInReview {
  programKey: string
  currency: string
  grossMinor: bigint
  /** Why finance holds it (a reason code; none recorded: the plain review). */
  reason?: string
}

/** A payout on its way (requested or approved, not under review): its gross and the date it is expected, if set. */
export interface PayoutUnderWay {
  programKey: string
  currency: string
  grossMinor: bigint
  expectedAt?: Date
}

/** What a scheduled batch checks before it pays a partner in a program (core/domain/payouts.ts payoutBlocker). */
export interface PayoutStanding {
  status: string
  paymentDetailsAgreed: boolean
  payoutHoldUntil?: Date
  payoutHoldReason?: string
  payoutsBlockedReason?: string
  /** Qualified new users (melbet's players): customers qualified and not ineligible. */
  players: number
  /** Current payment details in one of the program's methods, which a payout without a request is paid to. */
  detailsOnFile: boolean
}

/** Read side of the ledger: balances are sums of entries written up to `asOf`. */
export interface StatementReader {
  /** The partner exists (not erased); with a program, they are or were enrolled in it. */
  partnerExists(partnerId: string, programKey?: string): Promise<boolean>
  balances(partnerId: string, asOf: Date, programKey?: string): Promise<BalanceRow[]>
  entries(partnerId: string, from: Date, to: Date, programKey?: string): Promise<EntryRow[]>
  /** A scheduled program's pay days now: the dates an admin moved, and whether its payouts are paused (as of `asOf`). */
  payDays(programKey: string, asOf: Date): Promise<{ moved: MovedDates; paused: boolean }>
  /** Whether the batch of a period (core/domain/payouts.ts periodOfPayDay) was built by `asOf`. */
  batchBuilt(programKey: string, periodStart: Date, asOf: Date): Promise<boolean>
  /** The partner's payouts a review holds (`needs_review`): their money is in payout, but no date is theirs yet. */
  payoutsInReview(partnerId: string): Promise<PayoutInReview[]>
  /** The partner's payouts requested or approved and not yet paid, oldest first. */
  payoutsUnderWay(partnerId: string): Promise<PayoutUnderWay[]>
  /** The partner's standing for payouts in a program (null: not enrolled). */
  payoutStanding(partnerId: string, programKey: string, methods: readonly string[]): Promise<PayoutStanding | null>
  /** Each account's balance in a program and currency from the postings written by `at` (absent: no postings). */
  accountBalances(programKey: string, currency: string, at: Date): Promise<Map<string, bigint>>
}
