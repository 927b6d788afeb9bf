import { takenBack } from '../domain/ledger.ts'
import type { CommissionRecord, LedgerTx } from '../ports/ledger-store.ts'
import { payoutPostings } from './payout-ledger.ts'
import { payoutCardNews, payoutStatusNews } from './payouts.ts'

/**
 * A partner's open payouts when their money is stopped: `review` holds them for finance (a block), `reject` gives
 * their money back to the balance, to be annulled with the rest (a disqualification, a breach that closes the
 * reward). An approved payout in a pay-day batch is paid with its batch (finance may be paying the exported file,
 * see deskActions): it stays, and counts as paid. The partner hears of each, and its finance card follows.
 */
export async function closeOpenPayouts(
  tx: LedgerTx,
  enrolment: { id: string; programKey: string },
  how: 'review' | 'reject',
  reason: string,
  now: Date,
  /** What the finance card says decided it (a sanction's kind, or the ending). */
  cause: string = reason,
) {
  for (const p of await tx.openPayouts(enrolment.id)) {
    if (p.status === 'approved' && p.batchId) continue
    const to = how === 'review' ? 'needs_review' : 'rejected'
    if (p.status === to || !(await tx.setPayoutStatus(p.id, [p.status], to, reason, now))) continue
    if (to === 'rejected') await tx.post(payoutPostings.released({ ...p, enrolmentId: enrolment.id }, now, reason))
    await tx.announce(payoutStatusNews(p.id, to, now), payoutCardNews(p.id, cause, now))
  }
}

/**
 * Every unpaid reward annulled, once (journals keyed by sanction and commission); what was paid stays paid. Unpaid is
 * what the partner's accounts still hold: everything held, and the earned account whole (available and pending,
 * less what payouts took out of it, bonuses and penalties included). Held commissions are annulled from held. The
 * earned money is annulled from the newest commissions back, each up to what is left of it: the older ones are the
 * money that was paid out (marked paid). What is left after every commission (an unpaid bonus) is annulled on its
 * own. A balance at or below zero (a loss carried over) annuls nothing of the earned money.
 */
export async function annulUnpaid(
  tx: LedgerTx,
  enrolment: { id: string; programKey: string },
  /** `key` makes the journals (a sanction's id, an ending's); `reason` is what the partner reads on each line. */
  why: { key: string; reason: string },
  now: Date,
  totals: Map<string, bigint>,
) {
  const unpaid = await tx.unpaidTotals(enrolment.id, now)
  const earnedLeft = new Map([...unpaid].map(([currency, u]) => [currency, u.earnedMinor]))
  const annul = async (
    m: { currency: string; journal: string; commissionId?: string },
    from: { account: 'earned' | 'held'; effectiveAt: Date },
    minor: bigint,
  ) => {
    const ref = {
      ...m,
      programKey: enrolment.programKey,
      enrolmentId: enrolment.id,
      reason: why.reason,
      createdAt: now,
    }
    await tx.post(takenBack(ref, 'annulment', from, minor))
    totals.set(m.currency, (totals.get(m.currency) ?? 0n) + minor)
  }
  // newest first: the older commissions are the ones payouts took
  const untouched: CommissionRecord[] = []
  for (const c of (await tx.unpaidCommissions(enrolment.id)).reverse()) {
    // a loss carried over (melbet) is no reward: it stays in the balance it lowers
    if (c.remainingMinor <= 0n) continue
    const own = { currency: c.currency, journal: `annul:${why.key}:${c.id}`, commissionId: c.id }
    const left = earnedLeft.get(c.currency) ?? 0n
    const take =
      c.status === 'held' ? c.remainingMinor : c.remainingMinor < left ? c.remainingMinor : left > 0n ? left : 0n
    if (take === 0n) {
      untouched.unshift(c)
      continue
    }
    if (c.status === 'held') await annul(own, { account: 'held', effectiveAt: now }, take)
    else {
      earnedLeft.set(c.currency, left - take)
      // pending money is taken from pending (its own date), available money from available
      await annul(
        own,
        { account: 'earned', effectiveAt: c.availableAt && c.availableAt > now ? c.availableAt : now },
        take,
      )
    }
    await tx.updateCommission(c.id, { status: 'annulled', reason: why.reason, at: now })
  }
  // nothing of these is left on the balance: the oldest are what payouts took (paid, and they stay paid); the rest
  // a loss or a penalty took (annulled, with nothing to take back)
  const paidOut = new Map([...unpaid].map(([currency, u]) => [currency, u.paidOutMinor]))
  for (const c of untouched) {
    const cover = paidOut.get(c.currency) ?? 0n
    const paid = cover >= c.remainingMinor
    if (paid) paidOut.set(c.currency, cover - c.remainingMinor)
    await tx.updateCommission(
      c.id,
      paid ? { status: 'paid', at: now } : { status: 'annulled', reason: why.reason, at: now },
    )
  }
  // an unpaid bonus, or money of commissions closed before: annulled with the rest
  for (const [currency, left] of earnedLeft)
    if (left > 0n)
      await annul({ currency, journal: `annul:${why.key}:${currency}` }, { account: 'earned', effectiveAt: now }, left)
}
