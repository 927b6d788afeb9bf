import type { SharedIpCommission } from '../../ports/earnings-store.ts'
import { commissionRemainingSql } from './balances.ts'
import { big, opt } from './earnings-sql.ts'
import type { Row } from './group-statements.ts'

// worksection-referral "one IP": when two or more users ever used the service from one IP address, no reward is
// paid. The reads that find every customer on a customer's addresses and their unpaid commissions
// (use-cases/shared-ip.ts voids them in the postback's transaction). $1 program, $2 customer, $3 this event's IP
// hash (or null).

/** The customer's addresses: this event's and its earlier events'. */
const IPS = `SELECT $3::text AS ip_hash WHERE $3::text IS NOT NULL
             UNION SELECT m.ip_hash FROM events m
                   WHERE m.program_key = $1 AND m.customer_id = $2::uuid AND m.ip_hash IS NOT NULL`

/** Every customer ever seen on those addresses, the customer itself included. */
const USERS = `SELECT e.customer_id FROM events e
               WHERE e.program_key = $1 AND e.customer_id IS NOT NULL AND e.ip_hash IN (SELECT ip_hash FROM ips)
               UNION SELECT $2::uuid`

const UNPAID = `c.program_key = $1 AND c.customer_id IN (SELECT customer_id FROM users)
                AND c.status IN ('pending', 'held', 'available')`

export const SHARED_IP_ENROLMENTS = {
  name: 'pa_shared_ip_enrolments',
  text: `WITH ips AS (${IPS}), users AS (${USERS})
         SELECT EXISTS (SELECT 1 FROM users WHERE customer_id <> $2::uuid) AS shared,
                COALESCE((SELECT array_agg(DISTINCT c.enrolment_id::text) FROM commissions c WHERE ${UNPAID}),
                         '{}') AS enrolment_ids`,
}

/**
 * Locks the enrolments ($4; payouts take the same lock) and the unpaid commissions in them, then says how much of
 * each the enrolment's payouts cover: what payouts took out of the available money (requested, in review or paid,
 * less what returned) is laid on the available commissions oldest first, as the partner drew them; that part was
 * paid (or is being paid) and stays so. $5: now.
 */
export const LOCK_SHARED_IP_COMMISSIONS = {
  name: 'pa_lock_shared_ip_commissions',
  text: `WITH ips AS (${IPS}), users AS (${USERS}),
         locked_enrolments AS (
           SELECT id FROM enrolments WHERE id = ANY($4::uuid[]) ORDER BY id FOR NO KEY UPDATE),
         voidable AS (
           SELECT c.id FROM commissions c
           WHERE ${UNPAID} AND c.enrolment_id IN (SELECT id FROM locked_enrolments)
           ORDER BY c.id FOR NO KEY UPDATE),
         cover AS (
           SELECT le.enrolment_id, le.currency, -SUM(le.amount_minor) AS cover FROM ledger_entries le
           WHERE le.enrolment_id IN (SELECT id FROM locked_enrolments) AND le.account = 'earned'
             AND le.kind IN ('payout', 'payout_release')
           GROUP BY le.enrolment_id, le.currency),
         queue AS (
           SELECT x.id, x.remaining,
                  COALESCE(SUM(x.remaining) OVER (PARTITION BY x.enrolment_id, x.currency
                    ORDER BY x.available_at, x.created_at, x.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                    AS before
           FROM (SELECT c.id, c.enrolment_id, c.currency, c.available_at, c.created_at,
                        ${commissionRemainingSql('c')} AS remaining
                 FROM commissions c
                 WHERE c.enrolment_id IN (SELECT id FROM locked_enrolments)
                   AND c.status IN ('pending', 'available', 'paid') AND c.available_at <= $5) x)
         SELECT c.id, c.enrolment_id, c.customer_id, c.currency, c.status::text AS status, c.available_at,
                ${commissionRemainingSql('c')} AS remaining,
                GREATEST(0, LEAST(COALESCE(q.remaining, 0), COALESCE(cv.cover, 0) - COALESCE(q.before, 0)))::bigint
                  AS covered
         FROM voidable v
         JOIN commissions c ON c.id = v.id
         LEFT JOIN queue q ON q.id = c.id
         LEFT JOIN cover cv ON cv.enrolment_id = c.enrolment_id AND cv.currency = c.currency
         ORDER BY c.created_at, c.id`,
}

export const sharedIpEnrolments = (r: Row) => ({
  shared: r.shared as boolean,
  enrolmentIds: (r.enrolment_ids as string[]) ?? [],
})

export const sharedIpCommission = (r: Row): SharedIpCommission => ({
  id: r.id as string,
  enrolmentId: r.enrolment_id as string,
  customerId: r.customer_id as string,
  currency: r.currency as string,
  status: r.status as SharedIpCommission['status'],
  availableAt: opt(r.available_at as Date | null),
  remainingMinor: big(r.remaining) ?? 0n,
  coveredMinor: big(r.covered) ?? 0n,
})
