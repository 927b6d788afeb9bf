// Bulk seeding for the payout crash test and the payout batch benchmark: N melbet partners, each eligible for
// the Tuesday 2026-03-10 batch (period Mon 2 Mar - Sun 8 Mar), written with INSERT ... SELECT generate_series
// (not through the API), so 10,000 partners take seconds. No vitest imports: the benchmark uses it too.
import { loadConfig } from '../../bots/config.ts'
import { openDatabase } from '../../core/infra/db/open-database.ts'
import { syncPrograms } from '../../core/infra/db/sync-programs.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { TEST_IP_HASH_KEY } from './service-process.ts'

/** The pay day the seeded partners are paid on (06:00 UTC on Tuesday 10 March 2026; melbet runs in UTC). */
export const PAY_DAY_AT = '2026-03-10T06:00:00Z'
/** The batch period of that pay day: [start, end). */
export const PERIOD = { start: '2026-03-02T00:00:00Z', end: '2026-03-09T00:00:00Z' }
/** Each seeded partner earned this much (USD minor units) inside the period: above melbet's $30 minimum. */
export const EARNED_MINOR = 5000n
export const PLAYERS = 5

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>
}

/**
 * Inserts `partners` melbet partners with an active enrolment (registered in January, payment details agreed),
 * 5 qualified customers, one bank PaymentDetails row and one commission of $50.00 (earned, against the program's commission expense) effective on Thursday
 * 5 March. One statement, so it is all or nothing. Returns the number of enrolments made.
 */
export async function seedMelbetPartners(db: Queryable, partners: number, tag = 'seed'): Promise<number> {
  const { rows } = await db.query(
    `WITH p AS (
       INSERT INTO partners (id, name, language, legal_type, created_at, updated_at)
       SELECT gen_random_uuid(), $2 || ':' || g, 'en', 'individual', $3::timestamptz, $3::timestamptz
       FROM generate_series(1, $1::int) g
       RETURNING id
     ), e AS (
       INSERT INTO enrolments (id, partner_id, program_key, status, registered_at, payment_details_agreed,
                               created_at, updated_at)
       SELECT gen_random_uuid(), p.id, 'melbet', 'active', $3::timestamptz, true, $3::timestamptz, $3::timestamptz
       FROM p
       RETURNING id, partner_id
     ), d AS (
       INSERT INTO payment_details (id, partner_id, method, key_id, ciphertext, mask, created_at)
       SELECT gen_random_uuid(), p.id, 'bank', 'test', '\\x00112233445566778899'::bytea, 'LV•• •••• 5001',
              $3::timestamptz
       FROM p
     ), c AS (
       INSERT INTO customers (id, program_key, external_id, enrolment_id, attributed_at, signed_up_via_link,
                              seen_types, qualified_at, created_at)
       SELECT gen_random_uuid(), 'melbet', e.id || '-pl' || k, e.id, $3::timestamptz, true,
              ARRAY['signup', 'first_deposit'], $3::timestamptz, $3::timestamptz
       FROM e CROSS JOIN generate_series(1, ${PLAYERS}) k
     ), l AS (
       INSERT INTO ledger_entries (journal, seq, program_key, enrolment_id, account, currency, amount_minor, kind,
                                   effective_at, created_at)
       SELECT 'seed:' || e.id, leg.seq, 'melbet', e.id, leg.account::"LedgerAccount", 'USD', leg.sign * $4::bigint,
              'commission', $5::timestamptz, $5::timestamptz
       FROM e CROSS JOIN (VALUES (0, 'earned', 1), (1, 'commission_expense', -1)) AS leg(seq, account, sign)
     )
     SELECT count(*)::int AS n FROM e`,
    [partners, tag, '2026-01-10T12:00:00Z', String(EARNED_MINOR), '2026-03-05T12:00:00Z'],
  )
  return rows[0].n as number
}

/**
 * Opens DATABASE_URL (migrating it), makes sure the program rows exist, seeds `partners` eligible melbet
 * partners and closes it again (a PGlite directory can then be opened by another process).
 */
export async function seedDatabase(url: string, partners: number): Promise<{ seeded: number; ms: number }> {
  const db = await openDatabase({ url, migrate: true })
  try {
    await syncPrograms(db.prisma, loadProgramDefinitions(), new Date('2026-01-01T00:00:00Z'))
    const started = performance.now()
    const seeded = await seedMelbetPartners(db.pool, partners)
    await db.pool.query('ANALYZE')
    return { seeded, ms: Math.round(performance.now() - started) }
  } finally {
    await db.close()
  }
}

/**
 * The plain-SQL equivalent of the batch's selection: the available balance per enrolment and currency as of
 * the period end (earnings effective by then, less payouts), for active/terminated melbet enrolments with
 * agreed details, more than 4 qualified players, current bank/paypal details and a balance at or above the
 * $30 minimum. What a hand-written SQL job would compute before paying.
 */
export const CANDIDATES_SQL = `
  WITH bal AS (
    SELECT l.enrolment_id, l.currency,
           SUM(l.amount_minor) FILTER (WHERE l.account = 'earned' AND l.effective_at <= $1)
             AS available
    FROM ledger_entries l
    JOIN enrolments e ON e.id = l.enrolment_id
    WHERE e.program_key = 'melbet' AND e.status IN ('active', 'terminated')
    GROUP BY l.enrolment_id, l.currency
  ), players AS (
    SELECT enrolment_id, count(*) AS n FROM customers
    WHERE program_key = 'melbet' AND qualified_at IS NOT NULL AND ineligible IS NULL
    GROUP BY enrolment_id
  )
  SELECT bal.enrolment_id, bal.currency, bal.available
  FROM bal
  JOIN enrolments e ON e.id = bal.enrolment_id
  JOIN players ON players.enrolment_id = e.id AND players.n > 4
  WHERE e.payment_details_agreed
    AND (e.payout_hold_until IS NULL OR e.payout_hold_until <= $2)
    AND bal.available >= 3000
    AND EXISTS (SELECT 1 FROM payment_details pd
                WHERE pd.partner_id = e.partner_id AND pd.revoked_at IS NULL AND pd.method IN ('bank', 'paypal'))`

/** The service configuration the child and the benchmark start with (telegram and slack off). */
export function serviceConfig(env: {
  DATABASE_URL: string
  REDIS_URL?: string
  REDIS_PREFIX?: string
  DATA_DIR?: string
}) {
  return loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.PAYOUT_LOG_LEVEL ?? 'error',
    ADMIN_API_TOKEN: 'payout-admin-token-0123456789',
    IP_HASH_KEY: TEST_IP_HASH_KEY,
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
  } as Record<string, string>)
}
