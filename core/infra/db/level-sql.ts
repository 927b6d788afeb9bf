import { type LaterCommission, LEVEL_TOP_UP } from '../../domain/level-raises.ts'
import { commissionRemainingSql } from './balances.ts'
import { big, opt } from './earnings-sql.ts'
import type { Row } from './group-statements.ts'

/**
 * The standing commissions (rewards, payment shares and their level top-ups) of the enrolment's clients whose first
 * payment came after $2, but the client $3, oldest first; locked after the enrolment's lock, as an order's are.
 */
export const LATER_PAID_COMMISSIONS = {
  name: 'pa_later_paid_commissions',
  text: `SELECT c.id, c.event_id, c.customer_id, c.code_id, c.rule, c.order_ref, c.status::text AS status, c.currency,
                c.basis_minor, c.refunded_basis_minor, c.rate_bps, c.available_at, cu.first_paid_at,
                cu.acquired_level_count,
                COALESCE(c.occurred_at, e.occurred_at) AS occurred_at, ${commissionRemainingSql('c')} AS remaining
         FROM commissions c
         JOIN customers cu ON cu.id = c.customer_id
         JOIN events e ON e.id = c.event_id
         WHERE c.enrolment_id = $1 AND cu.first_paid_at > $2 AND c.customer_id <> $3
           AND c.rule IN ('payment_share', 'one_time_reward', '${LEVEL_TOP_UP}')
           AND c.status IN ('pending', 'held', 'available', 'paid')
         ORDER BY cu.first_paid_at, c.customer_id, COALESCE(c.occurred_at, e.occurred_at), c.id
         FOR NO KEY UPDATE OF c`,
}

export const laterCommission = (r: Row): LaterCommission => ({
  id: r.id as string,
  eventId: r.event_id as string,
  customerId: r.customer_id as string,
  codeId: opt(r.code_id as string | null),
  rule: r.rule as string,
  orderRef: opt(r.order_ref as string | null),
  status: r.status as LaterCommission['status'],
  currency: r.currency as string,
  remainingMinor: big(r.remaining) ?? 0n,
  basisMinor: big(r.basis_minor),
  refundedBasisMinor: big(r.refunded_basis_minor),
  rateBps: opt(r.rate_bps as number | null),
  occurredAt: r.occurred_at as Date,
  availableAt: opt(r.available_at as Date | null),
  firstPaidAt: r.first_paid_at as Date,
  acquiredLevelCount: opt((r.acquired_level_count as number | null | undefined) ?? null),
})
