import type { RefusedEarning } from '../../domain/late-qualification.ts'
import { big } from './earnings-sql.ts'
import type { Row } from './group-statements.ts'

/**
 * The customer's commissions under the enrolment refused for one of the reasons ($3), of events from $4 on, locked;
 * not one whose order had anything else recorded since (a refund, a settlement, a repeat): that was judged against
 * the refusal, and support decides it. $1 customer, $2 enrolment.
 */
export const REFUSED_UNTIL_QUALIFIED = {
  name: 'pa_refused_until_qualified',
  text: `SELECT c.id, c.event_id, c.rule, c.amount_minor, c.basis_minor, c.currency,
                COALESCE(c.occurred_at, e.occurred_at) AS occurred_at,
                COALESCE((e.payload->>'settled')::boolean, true) AS settled
         FROM commissions c
         JOIN events e ON e.id = c.event_id
         WHERE c.customer_id = $1 AND c.enrolment_id = $2 AND c.status = 'rejected' AND c.reason = ANY($3::text[])
           AND COALESCE(c.occurred_at, e.occurred_at) >= $4
           AND NOT EXISTS (SELECT 1 FROM events o
                           WHERE o.program_key = c.program_key AND o.order_ref = c.order_ref AND o.id <> c.event_id)
         ORDER BY COALESCE(c.occurred_at, e.occurred_at), c.id
         FOR NO KEY UPDATE OF c`,
}

/**
 * When the customer had first done each of the event types $2 (the latest of those first dates), by its recorded
 * events; null unless every type is recorded. $1 customer.
 */
export const QUALIFYING_DONE_AT = {
  name: 'pa_qualifying_done_at',
  text: `SELECT CASE WHEN count(*) = cardinality($2::text[]) THEN max(t.at) END AS at
         FROM (SELECT min(occurred_at) AS at FROM events
               WHERE customer_id = $1 AND type::text = ANY($2::text[]) GROUP BY type) t`,
}

export const refusedEarning = (r: Row): RefusedEarning => ({
  id: r.id as string,
  eventId: r.event_id as string,
  rule: r.rule as string,
  amountMinor: big(r.amount_minor) ?? 0n,
  basisMinor: big(r.basis_minor),
  currency: r.currency as string,
  occurredAt: r.occurred_at as Date,
  settled: r.settled as boolean,
})
