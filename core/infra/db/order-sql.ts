import { LEVEL_TOP_UP } from '../../domain/level-raises.ts'
import { TIER_TOP_UP } from '../../domain/month-tiers.ts'
import type { OrderCommission } from '../../domain/rules.ts'
import type { RecordedUndo } from '../../ports/earnings-store.ts'
import { commissionRemainingSql, unsettledHoldSql } from './balances.ts'
import { big, opt } from './earnings-sql.ts'
import { type Group, key2, type Row, splitBy } from './group-statements.ts'

// A postback's reads of the order it names (earnings-store.ts orderReads): the order's commissions, which a refund,
// a cancellation or a settlement changes, and the refunds and cancellations recorded before the order itself came.

type OrderArg = { programKey: string; orderRef: string }
/** Commissions for orders, locked (refunds and settlements change them), oldest event first. */
export const ORDER_COMMISSIONS: Group<OrderArg> = {
  name: 'pa_order_commissions_set',
  text: `SELECT c.program_key AS q_program, c.order_ref AS q_order, c.id, c.enrolment_id, c.customer_id, c.rule, c.status::text AS status, c.currency,
                c.reason, c.basis_minor, c.rate_bps, c.refunded_basis_minor, e.occurred_at, c.available_at,
                CASE WHEN c.rule IN ('one_time_reward', '${LEVEL_TOP_UP}') THEN e.amount_minor END AS paid_minor,
                CASE WHEN c.rule IN ('one_time_reward', '${LEVEL_TOP_UP}') THEN (e.payload->>'monthsPaid')::int END AS months_paid,
                ${unsettledHoldSql('c')} AS unsettled_hold,
                ${commissionRemainingSql('c')} AS remaining
         FROM unnest($1::text[], $2::text[]) AS i(program_key, order_ref)
         JOIN commissions c ON c.program_key = i.program_key AND c.order_ref = i.order_ref AND c.rule <> '${TIER_TOP_UP}'
         JOIN events e ON e.id = c.event_id
         ORDER BY e.occurred_at, c.id
         FOR NO KEY UPDATE OF c`,
  values: (args) => [args.map((a) => a.programKey), args.map((a) => a.orderRef)],
  split: (rows, args) =>
    splitBy(
      rows,
      args,
      (r) => key2(r.q_program, r.q_order),
      (a) => key2(a.programKey, a.orderRef),
    ),
}

type UndoArg = { programKey: string; orderRef: string; customerId: string }
/** Refunds and cancellations recorded for customers' orders (the partial index events_undone_orders), oldest first. */
export const UNDOS_OF_ORDER: Group<UndoArg> = {
  name: 'pa_undos_of_order',
  text: `SELECT i.program_key AS q_program, i.order_ref AS q_order, i.customer_id AS q_customer, e.type::text AS type,
                e.occurred_at, e.amount_minor, e.currency
         FROM unnest($1::text[], $2::text[], $3::uuid[]) AS i(program_key, order_ref, customer_id)
         JOIN events e ON e.program_key = i.program_key AND e.order_ref = i.order_ref
                      AND e.customer_id = i.customer_id
                      AND e.type IN ('refund', 'cancellation') AND e.order_ref IS NOT NULL
         ORDER BY e.occurred_at, e.id`,
  values: (args) => [args.map((a) => a.programKey), args.map((a) => a.orderRef), args.map((a) => a.customerId)],
  split: (rows, args) =>
    splitBy(
      rows,
      args,
      (r) => key2(key2(r.q_program, r.q_order), r.q_customer),
      (a) => key2(key2(a.programKey, a.orderRef), a.customerId),
    ),
}

/** A row of UNDOS_OF_ORDER. */
export const recordedUndo = (r: Row): RecordedUndo => ({
  type: r.type as RecordedUndo['type'],
  occurredAt: r.occurred_at as Date,
  amountMinor: big(r.amount_minor),
  currency: opt(r.currency as string | null),
})

export const orderCommission = (r: Row): OrderCommission => ({
  id: r.id as string,
  enrolmentId: r.enrolment_id as string,
  customerId: opt(r.customer_id as string | null),
  rule: r.rule as string,
  status: r.status as OrderCommission['status'],
  reason: opt((r.reason as string | null | undefined) ?? null),
  awaitingSettlement: r.unsettled_hold === true,
  remainingMinor: big(r.remaining) ?? 0n,
  basisMinor: big(r.basis_minor),
  rateBps: opt(r.rate_bps as number | null),
  refundedBasisMinor: big(r.refunded_basis_minor),
  paidMinor: big(r.paid_minor),
  monthsPaid: opt(r.months_paid as number | null),
  currency: r.currency as string,
  occurredAt: r.occurred_at as Date,
  availableAt: opt(r.available_at as Date | null),
})
