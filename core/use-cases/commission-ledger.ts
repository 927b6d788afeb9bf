import { commissionEarned } from '../domain/ledger.ts'
import { formatMoney } from '../domain/money.ts'
import type { NewCommission } from '../ports/earnings-store.ts'
import type { LedgerTx } from '../ports/ledger-store.ts'
import type { EventResponse } from './record-event.ts'

/** A commission whose row is written (a new one, or a refused one earned now), as its posting and answer read it. */
export interface EarnedCommission {
  id: string
  programKey: string
  enrolmentId: string
  /** The event it is posted for (a level top-up's row names the payment it tops up, its posting the postback). */
  eventId?: string
  currency: string
  amountMinor: bigint
  status: NewCommission['status']
  /** Why, as its posting carries it. */
  reason?: string
  /** Payable from; none while held (or without a date of its own: from when it happened). */
  availableAt?: Date
  occurredAt: Date
  createdAt: Date
}

/**
 * Posts a commission earned, in the caller's transaction, under the commission's own journal (`commission:<id>`), so
 * that it posts once: held for review, or earned from its date. A rejected commission earns nothing and posts nothing.
 */
export async function postEarned(tx: Pick<LedgerTx, 'post'>, c: EarnedCommission) {
  if (c.status === 'rejected') return
  const ref = {
    journal: `commission:${c.id}`,
    programKey: c.programKey,
    enrolmentId: c.enrolmentId,
    eventId: c.eventId,
    currency: c.currency,
    reason: c.reason,
    commissionId: c.id,
    createdAt: c.createdAt,
  }
  const to = c.status === 'held' ? { held: true as const } : { availableAt: c.availableAt ?? c.occurredAt }
  await tx.post(commissionEarned(ref, c.amountMinor, to))
}

/** A commission's line in a postback's answer: payable from its date unless held or rejected. */
export function earnedLine(
  c: EarnedCommission,
  partner: string,
  said: { rule: string; reason: string | null },
): EventResponse['commissions'][number] {
  const dated = c.status !== 'held' && c.status !== 'rejected'
  return {
    id: c.id,
    partner,
    amount: formatMoney({ minor: c.amountMinor, currency: c.currency }),
    currency: c.currency,
    status: c.status,
    availableFrom: dated ? (c.availableAt?.toISOString() ?? null) : null,
    rule: said.rule,
    reason: said.reason,
  }
}
