import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts'
import { PARTNER_ACCOUNTS, TAKEN_BACK } from '../../domain/ledger.ts'
import { UNSETTLED } from '../../domain/rules.ts'

/**
 * The one definition of every balance read from the ledger (core/domain/ledger.ts has the accounts). Statements,
 * payout availability, batch candidates, sanctions, the desk's partner view, digests and the trial balance all
 * read through here; nothing else sums `ledger_entries`.
 */

type Db = Prisma.TransactionClient | PrismaClient

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ')
/** The partner's accounts, as an SQL list (constants, not input). */
export const PARTNER_ACCOUNTS_SQL = list(PARTNER_ACCOUNTS)

/**
 * What is left of a commission on the partner's accounts after reversals (SQL over `alias`, the commission row):
 * penalties stand on their own and do not count against it. Read through the enrolment's account index.
 */
export const commissionRemainingSql = (alias: string) =>
  `(SELECT COALESCE(SUM(le.amount_minor), 0) FROM ledger_entries le
    WHERE ${commissionPostings(alias)} AND le.kind <> 'penalty')::bigint`

/** The penalty charged for a commission that still stands (SQL over `alias`, a positive amount): see takenBack. */
export const commissionPenaltySql = (alias: string) =>
  `(SELECT COALESCE(-SUM(le.amount_minor), 0) FROM ledger_entries le
    WHERE ${commissionPostings(alias)} AND le.kind = 'penalty')::bigint`

/**
 * What the order's refunds and cancellations took back of a commission (SQL over `alias`, a positive amount): the
 * reversals the order's own events wrote (write-decisions.ts), not annulments, sanctions or reviews.
 */
export const commissionRefundedSql = (alias: string) =>
  `(SELECT COALESCE(-SUM(le.amount_minor), 0) FROM ledger_entries le
    WHERE ${commissionPostings(alias)} AND le.kind = 'reversal' AND le.reason IN ('refund', 'cancellation'))::bigint`

/** A commission's postings on the partner's accounts (SQL over `alias`), read through the commission's index. */
const commissionPostings = (alias: string) =>
  `le.commission_id = ${alias}.id AND le.enrolment_id = ${alias}.enrolment_id AND le.account IN ('earned', 'held')`

/**
 * What the ledger holds of one commission, as a LATERAL subquery over `alias` (the commission row), one index range
 * of its own postings: `posted`, the sum of its postings on the partner's accounts (what it adds to the partner's
 * earnings now, with reversals, annulments and a penalty charged for it taken off: what the performance rollup
 * counts on its day), `postings`, how many there are (none: it never earned anything, as a rejected one), and
 * `taken_reason`, the reason of the latest posting that took money back (a penalty returned with a restore gives none).
 */
export const commissionLedgerSql = (alias: string) =>
  `LATERAL (SELECT COALESCE(SUM(le.amount_minor), 0)::text AS posted, count(*)::int AS postings,
                   (array_agg(le.reason ORDER BY le.id DESC)
                      FILTER (WHERE le.kind IN (${list(TAKEN_BACK)}) AND le.amount_minor < 0
                              AND le.reason IS NOT NULL))[1] AS taken_reason
            FROM ledger_entries le
            WHERE ${commissionPostings(alias)})`

/** Earned money past its available-from date, less payouts requested or made: what may be paid out. */
export const availableSum = (l: string, asOf: Date) =>
  Prisma.sql`COALESCE(SUM(${Prisma.raw(l)}.amount_minor)
    FILTER (WHERE ${Prisma.raw(l)}.account = 'earned' AND ${Prisma.raw(l)}.effective_at <= ${asOf}), 0)::bigint`

/** Every balance of the partner's accounts over the postings aliased `l`, as of `asOf`. */
const balanceColumns = (l: string, asOf: Date) => {
  const a = Prisma.raw(l)
  return Prisma.sql`
    COALESCE(SUM(${a}.amount_minor) FILTER (WHERE ${a}.account = 'earned' AND ${a}.effective_at > ${asOf}), 0)::bigint AS pending,
    COALESCE(SUM(${a}.amount_minor) FILTER (WHERE ${a}.account = 'held'), 0)::bigint AS held,
    ${availableSum(l, asOf)} AS available,
    COALESCE(SUM(${a}.amount_minor) FILTER (WHERE ${a}.account = 'reserved'), 0)::bigint AS reserved,
    COALESCE(-SUM(${a}.amount_minor) FILTER (WHERE ${a}.account = 'reserved' AND ${a}.kind = 'payout_paid'), 0)::bigint AS paid,
    (COALESCE(-SUM(${a}.amount_minor) FILTER (WHERE ${a}.kind IN (${Prisma.raw(list(TAKEN_BACK))})), 0)
      - COALESCE(SUM(${a}.amount_minor) FILTER (WHERE ${a}.kind = 'commission' AND ${a}.journal LIKE 'restore:%'
                                                  AND ${a}.account IN ('earned', 'held')), 0))::bigint AS reversed`
}

export interface Balance {
  enrolmentId: string
  programKey: string
  currency: string
  /** Earned, not yet available. */
  pendingMinor: bigint
  /** Held for review or settlement. */
  heldMinor: bigint
  /** Earned and available, less payouts requested or made (negative: a loss carried over). */
  availableMinor: bigint
  /** Reserved for payouts requested, approved or under review. */
  reservedMinor: bigint
  /** Paid out (positive). */
  paidMinor: bigint
  /**
   * Taken back by reversals, annulments and penalties (positive), less what a restore gave back: a commission
   * restored (restore-commission.ts posts it back as a commission, its penalty as a negative penalty) is not reversed.
   */
  reversedMinor: bigint
}

type BalanceRow = {
  enrolment_id: string
  program_key: string
  currency: string
  pending: bigint
  held: bigint
  available: bigint
  reserved: bigint
  paid: bigint
  reversed: bigint
}

/**
 * Balances per enrolment and currency of one partner or one enrolment (optionally one program or currency), as of
 * `asOf`; with `recordedBy`, only postings written by then count (a statement as it stood at that moment).
 */
export async function balances(
  db: Db,
  q: {
    partnerId?: string
    enrolmentId?: string
    programKey?: string
    currency?: string
    asOf: Date
    recordedBy?: Date
  },
): Promise<Balance[]> {
  const rows = await db.$queryRaw<BalanceRow[]>`
    SELECT l.enrolment_id, l.program_key, l.currency, ${balanceColumns('l', q.asOf)}
    FROM ledger_entries l
    WHERE l.account IN (${Prisma.raw(PARTNER_ACCOUNTS_SQL)})
      AND (${q.enrolmentId ?? null}::uuid IS NULL OR l.enrolment_id = ${q.enrolmentId ?? null}::uuid)
      AND (${q.partnerId ?? null}::uuid IS NULL
           OR l.enrolment_id IN (SELECT id FROM enrolments WHERE partner_id = ${q.partnerId ?? null}::uuid))
      AND (${q.programKey ?? null}::text IS NULL OR l.program_key = ${q.programKey ?? null})
      AND (${q.currency ?? null}::text IS NULL OR l.currency = ${q.currency ?? null})
      AND (${q.recordedBy ?? null}::timestamptz IS NULL OR l.created_at <= ${q.recordedBy ?? null})
    GROUP BY l.enrolment_id, l.program_key, l.currency
    ORDER BY l.program_key, l.currency`
  return rows.map((r) => ({
    enrolmentId: r.enrolment_id,
    programKey: r.program_key,
    currency: r.currency,
    pendingMinor: r.pending,
    heldMinor: r.held,
    availableMinor: r.available,
    reservedMinor: r.reserved,
    paidMinor: r.paid,
    reversedMinor: r.reversed,
  }))
}

/** Each account's balance in a program and currency from the postings written by `at` (the trial balance). */
export async function accountBalances(db: Db, programKey: string, currency: string, at: Date) {
  const rows = await db.$queryRaw<{ account: string; balance: bigint }[]>`
    SELECT account::text AS account, SUM(amount_minor)::bigint AS balance
    FROM ledger_entries
    WHERE program_key = ${programKey} AND currency = ${currency} AND created_at <= ${at}
    GROUP BY account`
  return new Map(rows.map((r) => [r.account, r.balance]))
}

/** The movements a partner's earnings digest reports (on the earned account): commissions and what was taken back. */
export const DIGEST_KINDS_SQL = list(['commission', ...TAKEN_BACK])

/**
 * Revenue held until its bets settle (its own posting went to held as 'unsettled') and never released by a
 * settlement, whatever was decided on it since: a refusal overwrites the commission's reason, not its postings.
 */
export const unsettledHoldSql = (c: string) => `(${c}.rule = 'revenue_share'
  AND EXISTS (SELECT 1 FROM ledger_entries le WHERE le.commission_id = ${c}.id AND le.kind = 'commission'
              AND le.account = 'held' AND le.reason = '${UNSETTLED}')
  AND NOT EXISTS (SELECT 1 FROM ledger_entries le WHERE le.commission_id = ${c}.id AND le.kind = 'release'))`
