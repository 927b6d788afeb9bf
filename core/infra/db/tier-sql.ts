import { type MonthShare, TIER_TOP_UP } from '../../domain/month-tiers.ts'
import { commissionRemainingSql } from './balances.ts'
import { big } from './earnings-sql.ts'
import type { Row } from './group-statements.ts'

/** A revenue share's month as a postback's transaction reads it: its new users, and its earnings (month-tiers.ts). */

const NEW_USERS = `SELECT count(*)::int AS n FROM customers
           WHERE enrolment_id = $1 AND ineligible IS NULL AND qualified_at >= $2 AND qualified_at < $3`

export const TIER_QUERIES = {
  countNewUsers: { name: 'pa_count_new_users', text: NEW_USERS },
  /** The month's new users but one (whose qualification this transaction may not have written yet). */
  countOtherNewUsers: { name: 'pa_count_other_new_users', text: `${NEW_USERS} AND id <> $4` },
  /**
   * The month's revenue-share earnings as they stand, top-ups included. A top-up is the service's own arithmetic, not
   * a decision for a review (review-commission.ts refuses one); one a disqualification annulled (or, before that rule,
   * an operator voided or rejected) counts as given in full: no recompute writes it again.
   */
  monthRevenueShares: {
    name: 'pa_month_revenue_shares',
    text: `SELECT c.id, c.rule, c.currency, c.amount_minor, c.basis_minor, c.occurred_at, c.status::text AS status,
                  CASE WHEN c.rule = '${TIER_TOP_UP}' AND c.status IN ('reversed', 'annulled', 'rejected')
                       THEN c.amount_minor
                       ELSE ${commissionRemainingSql('c')} END AS remaining
           FROM commissions c
           WHERE c.enrolment_id = $1 AND c.occurred_at >= $2 AND c.occurred_at < $3
             AND c.rule IN ('revenue_share', '${TIER_TOP_UP}')
             -- held revenue is not earned yet
             AND (c.status IN ('pending', 'available', 'paid') OR c.rule = '${TIER_TOP_UP}')
           ORDER BY c.occurred_at, c.id`,
  },
} as const

export const monthShare = (r: Row): MonthShare => ({
  id: r.id as string,
  rule: r.rule as string,
  currency: r.currency as string,
  amountMinor: big(r.remaining) ?? 0n,
  earnedMinor: big(r.amount_minor) ?? 0n,
  basisMinor: big(r.basis_minor),
  occurredAt: r.occurred_at as Date,
  frozen: r.rule === TIER_TOP_UP && FROZEN.includes(r.status as string),
})

/** The statuses of a top-up counted as given though the partner no longer has it (see monthRevenueShares). */
const FROZEN = ['reversed', 'annulled', 'rejected']
