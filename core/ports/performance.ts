import type { SubIds } from '../domain/tracking.ts'

/** A commission's statuses, as statements filter and show them. */
export const COMMISSION_STATUSES = ['pending', 'held', 'available', 'paid', 'reversed', 'annulled', 'rejected'] as const

/**
 * Why money is taken back from a commission, as its statement line's `reason` says it (the reason on the ledger's
 * take-back postings): a refund or cancellation of the order (rules.ts), an operator's void, rejection or
 * substandard mark (review-commission.ts, whose penalty says substandard too), a disqualification (sanctions.ts),
 * a client's account claimed by another partner (claimed-accounts.ts), a shared IP address (shared-ip.ts).
 */
export const TAKEN_BACK_REASONS = [
  'refund',
  'cancellation',
  'void',
  'reject',
  'substandard',
  'disqualified',
  'breach',
  'claimed_twice',
  'shared_ip',
] as const

/** What a performance report's rows are keyed by (contract section 7: `by`). */
export const PERFORMANCE_BY = [
  'day',
  'week',
  'month',
  'link',
  'campaign',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
] as const
export type PerformanceBy = (typeof PERFORMANCE_BY)[number]

/** One key's counters in one currency (counters are the same whatever the currency: they sit on the '' row). */
export interface PerformanceCell {
  /** day YYYY-MM-DD, week IYYY-Www, month YYYY-MM, the link's code, the campaign key or the sub-id; null: none. */
  key: string | null
  /** '' for the counters' row, else the commissions' currency. */
  currency: string
  clicks: number
  uniqueClicks: number
  signups: number
  firstPayments: number
  commissionMinor: bigint
}

/** A commission as the partner's report lists it, ids not yet masked. */
export interface CommissionLineRecord {
  id: string
  occurredAt: Date
  status: string
  rule: string
  currency: string
  amountMinor: bigint
  /** When a pending commission becomes payable (null: no date yet, or not pending any more). */
  availableAt: Date | null
  customer: string | null
  order: string | null
  link: string | null
  campaign: string | null
  subIds: SubIds
  /**
   * What the commission adds to the partner's earnings now: the sum of its postings on the partner's accounts, after
   * reversals, annulments and any penalty charged for it (what the performance report's commissions count).
   */
  ledgerMinor: bigint
  /** Whether it was ever posted (a commission refused when it was recorded never was). */
  earned: boolean
  /** The reason code of the latest posting that took money back from it (refund, cancellation...); null: none. */
  takenBackReason: string | null
}

export interface PayoutLineRecord {
  id: string
  requestedAt: Date
  status: string
  method: string
  currency: string
  grossMinor: bigint
  netMinor: bigint
  reference: string | null
  paidAt: Date | null
}

/**
 * The performance report's reads, always of one partner's enrolment in one program: nothing here can reach
 * another partner's rows, whatever the parameters.
 */
export interface PerformanceReader {
  /** The partner's enrolment in the program (null: no such partner, or not in that program). */
  enrolmentOf(partnerId: string, programKey: string): Promise<string | null>
  /** The rollup's counters over the local dates [from, to] (YYYY-MM-DD, inclusive), per key and currency. */
  cells(q: { enrolmentId: string; from: string; to: string; by: PerformanceBy }): Promise<PerformanceCell[]>
  /**
   * Commissions of conversions in [from, to), newest first, after the cursor's (occurredAt, id) when given; only of
   * a status or a currency when asked.
   */
  commissionLines(q: {
    enrolmentId: string
    from: Date
    to: Date
    limit: number
    before?: { at: Date; id: string }
    /** Of each line's status as the partner reads it at `now` (commissionStatusAt), also as the filter. */
    status?: string
    currency?: string
    now: Date
  }): Promise<CommissionLineRecord[]>
  /** Payouts requested in [from, to), newest first. */
  payouts(q: { enrolmentId: string; from: Date; to: Date; limit: number }): Promise<PayoutLineRecord[]>
}
