/**
 * The ledger: every money movement is one transaction (a journal key) of postings that sum to zero, between
 * named accounts. Positive = credit. Postings are stored in `ledger_entries`, one row each; the journal key is
 * unique with the posting's seq, so a retried movement cannot post twice.
 *
 * Accounts per enrolment (the partner's sub-ledger; their sum is what the program owes the partner):
 * - `earned`: commissions earned, each posting effective from its available-from date (pending while that date is
 *   in the future, available after). A payout request takes the gross out of it; a negative balance here is the
 *   loss carried over to the next earnings.
 * - `held`: held for review or settlement (no date yet).
 * - `reserved`: reserved for a payout (requested, approved or under review).
 *
 * Accounts per program (the postings still name the enrolment they were made for):
 * - `commission_expense`: what commissions (and bonuses) cost the program; taken-back money returns to it.
 * - `tax_withheld`: tax withheld from payouts, payable to the authority.
 * - `fees`: payout fees kept.
 * - `external_payments`: cash paid out to partners.
 * - `service_credit`: service credit issued instead of cash (the method `service_credit`), payable in service.
 *
 * | movement                          | postings                                                                  |
 * |-----------------------------------|---------------------------------------------------------------------------|
 * | commission earned                 | commission_expense −X / earned +X (effective availableAt)                 |
 * | commission held                   | commission_expense −X / held +X                                           |
 * | hold                              | earned −X / held +X                                                       |
 * | release (settled at F)            | held −X / earned +F (effective availableAt) / commission_expense −(F−X)   |
 * | reversal, annulment, penalty      | earned or held −X / commission_expense +X                                 |
 * | manual adjustment (bonus/penalty) | commission_expense ∓A / earned ±A                                         |
 * | payout requested                  | earned −G (effective now) / reserved +G                                   |
 * | payout rejected or cancelled      | reserved −G / earned +G                                                   |
 * | payout paid (cash)                | reserved −G / external_payments +N / tax_withheld +T / fees +F            |
 * | payout paid (service credit)      | reserved −G / service_credit +C / commission_expense −(C−G) (the bonus)   |
 */

export const PARTNER_ACCOUNTS = ['earned', 'held', 'reserved'] as const
export const PROGRAM_ACCOUNTS = [
  'commission_expense',
  'tax_withheld',
  'fees',
  'external_payments',
  'service_credit',
] as const
export type PartnerAccount = (typeof PARTNER_ACCOUNTS)[number]
export type LedgerAccount = PartnerAccount | (typeof PROGRAM_ACCOUNTS)[number]
export const isPartnerAccount = (a: LedgerAccount): a is PartnerAccount =>
  (PARTNER_ACCOUNTS as readonly string[]).includes(a)

/** What a movement is, kept on each of its postings (statements, digests and the desk's partner card read it). */
export const ENTRY_KINDS = [
  'commission',
  'hold',
  'release',
  'reversal',
  'annulment',
  'penalty',
  'adjustment',
  'payout',
  'payout_release',
  'payout_paid',
] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

/** Kinds that take earned money back from the partner (the statement's "reversed"). */
export const TAKEN_BACK: EntryKind[] = ['reversal', 'annulment', 'penalty']

/** One posting as stored: a row of the transaction `journal`. */
export interface NewEntry {
  journal: string
  seq: number
  programKey: string
  enrolmentId: string
  account: LedgerAccount
  currency: string
  amountMinor: bigint
  kind: EntryKind
  reason?: string
  commissionId?: string
  payoutId?: string
  eventId?: string
  effectiveAt: Date
  createdAt: Date
}

/** Who and what a movement concerns: shared by all its postings. */
export interface MovementRef {
  journal: string
  programKey: string
  enrolmentId: string
  currency: string
  createdAt: Date
  reason?: string
  commissionId?: string
  payoutId?: string
  eventId?: string
}

type Leg = { account: LedgerAccount; amountMinor: bigint; effectiveAt?: Date; kind?: EntryKind }

export class UnbalancedTransactionError extends Error {
  constructor(journal: string, sum: bigint) {
    super(`ledger transaction ${journal} does not balance (sum ${sum})`)
  }
}

/** The sum of each journal's postings per currency that is not zero (empty: all balance). */
export function unbalanced(entries: Pick<NewEntry, 'journal' | 'currency' | 'amountMinor'>[]) {
  const sums = new Map<string, bigint>()
  for (const e of entries) {
    const key = `${e.journal}\u0000${e.currency}`
    sums.set(key, (sums.get(key) ?? 0n) + e.amountMinor)
  }
  return [...sums].filter(([, sum]) => sum !== 0n).map(([key, sum]) => ({ journal: key.split('\u0000')[0]!, sum }))
}

/** The postings of one movement, numbered in order; zero legs are left out; throws unless they sum to zero. */
function transaction(ref: MovementRef, kind: EntryKind, legs: Leg[]): NewEntry[] {
  const entries = legs
    .filter((l) => l.amountMinor !== 0n)
    .map(
      (l, seq): NewEntry => ({
        ...ref,
        seq,
        account: l.account,
        amountMinor: l.amountMinor,
        kind: l.kind ?? kind,
        effectiveAt: l.effectiveAt ?? ref.createdAt,
      }),
    )
  const off = unbalanced(entries)[0]
  if (off) throw new UnbalancedTransactionError(ref.journal, off.sum)
  return entries
}

/**
 * What restoring a taken-back commission gives back (restore-commission.ts): what was taken back of it, less what a
 * partial refund took before a later decision (a void, a rejection, an annulment) took the rest: that part left with
 * the customer's money and stays taken back. A commission the refund or cancellation itself took is restored whole
 * (the decision says the refund should not have cost the partner).
 */
export function restorableMinor(c: {
  amountMinor: bigint
  remainingMinor: bigint
  refundedMinor: bigint
  reason?: string | null
}): bigint {
  const byRefund = c.reason === 'refund' || c.reason === 'cancellation'
  return c.amountMinor - c.remainingMinor - (byRefund ? 0n : c.refundedMinor)
}

/**
 * A commission's status as the partner reads it at `now`: the ledger makes money payable at its date, whatever the
 * row's status says (melbet's week is recorded `available` from its end; a hold is recorded `pending` and never
 * rewritten), so an earned commission is `pending` until its date and `available` from it, as /earnings counts it.
 * SQL of the same: `commissionStatusSql`.
 */
export function commissionStatusAt(status: string, availableAt: Date | null | undefined, now: Date): string {
  if ((status !== 'pending' && status !== 'available') || !availableAt) return status
  return availableAt > now ? 'pending' : 'available'
}

/** `commissionStatusAt` in SQL, of commission alias `c` at the timestamptz parameter `now`. */
export const commissionStatusSql = (c: string, now: string) =>
  `(CASE WHEN ${c}.status::text IN ('pending', 'available') AND ${c}.available_at IS NOT NULL
         THEN CASE WHEN ${c}.available_at > ${now} THEN 'pending' ELSE 'available' END
         ELSE ${c}.status::text END)`

/** A commission earned: available from `availableAt`, or held for review (no date yet). */
export function commissionEarned(ref: MovementRef, amountMinor: bigint, to: { held: true } | { availableAt: Date }) {
  return transaction(ref, 'commission', [
    { account: 'commission_expense', amountMinor: -amountMinor },
    'held' in to ? { account: 'held', amountMinor } : { account: 'earned', amountMinor, effectiveAt: to.availableAt },
  ])
}

/** Money taken back from what the partner earned or has held (reversal, annulment, penalty). */
export function takenBack(
  ref: MovementRef,
  kind: 'reversal' | 'annulment' | 'penalty',
  from: { account: 'earned' | 'held'; effectiveAt: Date },
  amountMinor: bigint,
) {
  return transaction(ref, kind, [
    { account: from.account, amountMinor: -amountMinor, effectiveAt: from.effectiveAt },
    { account: 'commission_expense', amountMinor },
  ])
}

/** A commission held for review: its earned money (effective `earnedAt`) moves to held. */
export function hold(ref: MovementRef, amountMinor: bigint, earnedAt: Date) {
  return transaction(ref, 'hold', [
    { account: 'earned', amountMinor: -amountMinor, effectiveAt: earnedAt },
    { account: 'held', amountMinor },
  ])
}

/** A held commission settled at `finalMinor`, available from `availableAt`; the difference is expense. */
export function release(ref: MovementRef, heldMinor: bigint, finalMinor: bigint, availableAt: Date) {
  return transaction(ref, 'release', [
    { account: 'held', amountMinor: -heldMinor },
    { account: 'earned', amountMinor: finalMinor, effectiveAt: availableAt, kind: 'commission' },
    { account: 'commission_expense', amountMinor: heldMinor - finalMinor },
  ])
}

/** A manual bonus (positive) or penalty (negative) on the partner's earned money, available now. */
export function adjustment(ref: MovementRef, amountMinor: bigint) {
  return transaction(ref, 'adjustment', [
    { account: 'commission_expense', amountMinor: -amountMinor },
    { account: 'earned', amountMinor },
  ])
}

/** A payout requested: its gross leaves the available money now and is reserved for it. */
export function payoutRequested(ref: MovementRef, grossMinor: bigint) {
  return transaction(ref, 'payout', [
    { account: 'earned', amountMinor: -grossMinor },
    { account: 'reserved', amountMinor: grossMinor },
  ])
}

/** A payout rejected or cancelled: its reservation returns to the available money. */
export function payoutReleased(ref: MovementRef, grossMinor: bigint) {
  return transaction(ref, 'payout_release', [
    { account: 'reserved', amountMinor: -grossMinor },
    { account: 'earned', amountMinor: grossMinor },
  ])
}

export interface PaidAmounts {
  grossMinor: bigint
  feeMinor: bigint
  taxMinor: bigint
  netMinor: bigint
  /** Service credit issued instead of cash (gross plus the program's bonus). */
  creditMinor?: bigint
}

/** A payout paid: the reservation goes out as cash, tax withheld and fees, or as service credit. */
export function payoutPaid(ref: MovementRef, p: PaidAmounts) {
  const out: Leg[] =
    p.creditMinor !== undefined
      ? [
          { account: 'service_credit', amountMinor: p.creditMinor },
          { account: 'commission_expense', amountMinor: p.grossMinor - p.creditMinor },
        ]
      : [
          { account: 'external_payments', amountMinor: p.netMinor },
          { account: 'tax_withheld', amountMinor: p.taxMinor },
          { account: 'fees', amountMinor: p.feeMinor },
        ]
  return transaction(ref, 'payout_paid', [{ account: 'reserved', amountMinor: -p.grossMinor }, ...out])
}
