import type pg from 'pg'
import { commissionStatusSql } from '../../domain/ledger.ts'
import { shownOrderRef } from '../../domain/month-tiers.ts'
import type {
  CommissionLineRecord,
  PayoutLineRecord,
  PerformanceBy,
  PerformanceCell,
  PerformanceReader,
} from '../../ports/performance.ts'
import { commissionLedgerSql } from './balances.ts'
import { subIdsOf } from './earnings-sql.ts'

/**
 * The performance report's reads, on the pg driver directly (a report is read often and must stay within a few
 * milliseconds of the plain SQL: test/bench/performance.ts measures both). Every statement is bound to one
 * enrolment id, the first parameter, so no other partner's row can come back.
 *
 * Counters come from the rollup `performance_days`, whose primary key starts (enrolment_id, dim, day): a report by
 * day, week, month, link or campaign reads one index range of days x links rows, one by a sub-id days x its values
 * (and the link rows, for what carried none), however many clicks and conversions there were.
 * Commission lines use the index (enrolment_id, occurred_at, id), a page at a time, and each line's own postings
 * (what was taken back of it) the ledger's (commission_id) index; payouts the (enrolment_id, ...) unique key.
 */

/** The SQL of each `by`: the rollup rows it reads (`dim`), the key's expression, and whether it needs the links. */
const KEYS: Record<PerformanceBy, { dim: string; key: string; codes?: true }> = {
  day: { dim: '', key: `to_char(p.day, 'YYYY-MM-DD')` },
  week: { dim: '', key: `to_char(p.day, 'IYYY-"W"IW')` },
  month: { dim: '', key: `to_char(p.day, 'YYYY-MM')` },
  link: { dim: '', key: 'rc.code', codes: true },
  campaign: { dim: '', key: 'ca.key', codes: true },
  sub1: { dim: 'sub1', key: 'p.value' },
  sub2: { dim: 'sub2', key: 'p.value' },
  sub3: { dim: 'sub3', key: 'p.value' },
  sub4: { dim: 'sub4', key: 'p.value' },
  sub5: { dim: 'sub5', key: 'p.value' },
}

/**
 * A sub-id report: the clicks and conversions under each sub-id value, and those without one (the link rows' totals
 * less what the sub-id rows counted), so its rows add up to the same totals as every other report.
 */
const cellsQuery = (by: PerformanceBy) => {
  const { dim, key, codes } = KEYS[by]
  const sums = `sum(p.clicks)::int AS clicks, sum(p.unique_clicks)::int AS unique_clicks, sum(p.signups)::int AS signups,
                sum(p.first_payments)::int AS first_payments, sum(p.commission_minor)::text AS commission_minor`
  const range = 'p.enrolment_id = $1 AND p.day >= $2::date AND p.day <= $3::date'
  if (!dim) {
    return {
      name: `pa_performance_${by}`,
      text: `SELECT ${key} AS key, p.currency, ${sums}
             FROM performance_days p
             ${codes ? 'LEFT JOIN referral_codes rc ON rc.id = p.code_id LEFT JOIN campaigns ca ON ca.id = rc.campaign_id' : ''}
             WHERE p.dim = '' AND ${range}
             GROUP BY 1, 2`,
    }
  }
  return {
    name: `pa_performance_${by}`,
    text: `SELECT ${key} AS key, p.currency, ${sums}
           FROM performance_days p WHERE p.dim = '${dim}' AND ${range}
           GROUP BY 1, 2
           UNION ALL
           SELECT NULL, p.currency, ${sums.replaceAll('sum(p.', `sum(CASE WHEN p.dim = '' THEN 1 ELSE -1 END * p.`)}
           FROM performance_days p WHERE p.dim IN ('', '${dim}') AND ${range}
           GROUP BY 2`,
  }
}

const LINES = {
  name: 'pa_performance_lines',
  text: `SELECT cm.id, cm.occurred_at, ${commissionStatusSql('cm', '$9::timestamptz')} AS status, cm.rule, cm.currency, cm.amount_minor::text AS amount_minor,
                cm.available_at,
                cu.external_id AS customer, cm.order_ref, rc.code AS link, ca.key AS campaign,
                ev.sub1, ev.sub2, ev.sub3, ev.sub4, ev.sub5, lg.posted, lg.postings, lg.taken_reason
         FROM commissions cm
         LEFT JOIN events ev ON ev.id = cm.event_id AND cm.customer_id IS NOT NULL
         CROSS JOIN ${commissionLedgerSql('cm')} lg
         LEFT JOIN customers cu ON cu.id = cm.customer_id
         LEFT JOIN referral_codes rc ON rc.id = COALESCE(cm.code_id, cu.code_id)
         LEFT JOIN campaigns ca ON ca.id = rc.campaign_id
         WHERE cm.enrolment_id = $1 AND cm.occurred_at >= $2 AND cm.occurred_at < $3
           AND ($4::timestamptz IS NULL OR (cm.occurred_at, cm.id) < ($4::timestamptz, $5::uuid))
           AND ($7::text IS NULL OR ${commissionStatusSql('cm', '$9::timestamptz')} = $7) AND ($8::text IS NULL OR cm.currency = $8)
         ORDER BY cm.occurred_at DESC, cm.id DESC
         LIMIT $6`,
}

const PAYOUTS = {
  name: 'pa_performance_payouts',
  text: `SELECT id, created_at, status::text AS status, method::text AS method, currency,
                gross_minor::text AS gross_minor, net_minor::text AS net_minor, payment_ref, paid_at
         FROM payout_requests
         WHERE enrolment_id = $1 AND created_at >= $2 AND created_at < $3
         ORDER BY created_at DESC, id DESC
         LIMIT $4`,
}

const ENROLMENT = {
  name: 'pa_performance_enrolment',
  text: 'SELECT id FROM enrolments WHERE partner_id = $1 AND program_key = $2',
}

type Row = Record<string, unknown>

/** PerformanceReader on a pg pool; `named`: prepared statements (not on a session others share, as PGlite's). */
export function pgPerformanceReader(pool: pg.Pool, opts: { named: boolean }): PerformanceReader {
  const q = async (s: { name: string; text: string }, values: unknown[]) =>
    (await pool.query<Row>(opts.named ? { name: s.name, text: s.text, values } : { text: s.text, values })).rows
  return {
    async enrolmentOf(partnerId, programKey) {
      const rows = await q(ENROLMENT, [partnerId, programKey])
      return (rows[0]?.id as string | undefined) ?? null
    },
    async cells({ enrolmentId, from, to, by }) {
      const rows = await q(cellsQuery(by), [enrolmentId, from, to])
      return rows.map(
        (r): PerformanceCell => ({
          key: r.key as string | null,
          currency: r.currency as string,
          clicks: r.clicks as number,
          uniqueClicks: r.unique_clicks as number,
          signups: r.signups as number,
          firstPayments: r.first_payments as number,
          commissionMinor: BigInt(r.commission_minor as string),
        }),
      )
    },
    async commissionLines({ enrolmentId, from, to, limit, before, status, currency, now }) {
      const rows = await q(LINES, [
        enrolmentId,
        from,
        to,
        before?.at ?? null,
        before?.id ?? null,
        limit,
        status ?? null,
        currency ?? null,
        now,
      ])
      return rows.map(
        (r): CommissionLineRecord => ({
          id: r.id as string,
          occurredAt: r.occurred_at as Date,
          status: r.status as string,
          rule: r.rule as string,
          currency: r.currency as string,
          amountMinor: BigInt(r.amount_minor as string),
          availableAt: (r.available_at as Date | null) ?? null,
          customer: r.customer as string | null,
          order: shownOrderRef(r.rule as string, r.order_ref as string | null) ?? null,
          link: r.link as string | null,
          campaign: r.campaign as string | null,
          subIds: subIdsOf(r),
          ledgerMinor: BigInt(r.posted as string),
          earned: (r.postings as number) > 0,
          takenBackReason: (r.taken_reason as string | null) ?? null,
        }),
      )
    },
    async payouts({ enrolmentId, from, to, limit }) {
      const rows = await q(PAYOUTS, [enrolmentId, from, to, limit])
      return rows.map(
        (r): PayoutLineRecord => ({
          id: r.id as string,
          requestedAt: r.created_at as Date,
          status: r.status as string,
          method: r.method as string,
          currency: r.currency as string,
          grossMinor: BigInt(r.gross_minor as string),
          netMinor: BigInt(r.net_minor as string),
          reference: r.payment_ref as string | null,
          paidAt: r.paid_at as Date | null,
        }),
      )
    },
  }
}
