import { type NewEntry, type PaidAmounts, payoutPaid, payoutReleased, payoutRequested } from '../domain/ledger.ts'

/** What a payout's postings need to know of it. */
type Payout = { id: string; programKey: string; enrolmentId: string; currency: string; grossMinor: bigint }

const ref = (p: Payout, journal: string, at: Date, reason?: string) => ({
  journal: `${journal}:${p.id}`,
  programKey: p.programKey,
  enrolmentId: p.enrolmentId,
  currency: p.currency,
  payoutId: p.id,
  reason,
  createdAt: at,
})

/**
 * The ledger transactions of a payout's life, each under its own journal key (so each posts once): the
 * reservation when requested, its release when rejected or cancelled, its payment when paid.
 */
export const payoutPostings = {
  requested: (p: Payout, at: Date): NewEntry[] => payoutRequested(ref(p, 'payout', at), p.grossMinor),
  released: (p: Payout, at: Date, reason: string): NewEntry[] =>
    payoutReleased(ref(p, 'payout-release', at, reason), p.grossMinor),
  paid: (p: Payout & PaidAmounts, at: Date): NewEntry[] => payoutPaid(ref(p, 'payout-paid', at), p),
}
