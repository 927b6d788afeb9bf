import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployMigrations } from '../../core/infra/db/migrations.ts'
import { type Database, openDatabase } from '../../core/infra/db/open-database.ts'
import { prismaStatementReader } from '../../core/infra/db/statement-reader.ts'
import { databaseBeforeMigration, databaseKind } from '../helpers/database.ts'

const MIGRATION = '20261204175807_ledger_double_entry'
const NOW = new Date('2026-04-01T00:00:00Z')
/** Before any payout: what "carried over" is read at. */
const EARLIER = new Date('2026-03-05T00:00:00Z')

/** The statement's balances as the single-entry ledger computed them (statement-reader.ts before this migration). */
const OLD_BALANCES = `
  SELECT e.partner_id, l.program_key, l.currency,
    COALESCE(SUM(l.amount_minor) FILTER (WHERE l.account = 'earnings' AND l.effective_at > $1), 0)::text AS pending,
    COALESCE(SUM(l.amount_minor) FILTER (WHERE l.account = 'held'), 0)::text AS held,
    COALESCE(SUM(l.amount_minor) FILTER (WHERE (l.account = 'earnings' AND l.effective_at <= $1)
                                           OR l.account = 'payout'), 0)::text AS available,
    COALESCE(-SUM(l.amount_minor) FILTER (WHERE l.account = 'payout' AND p.status = 'paid'), 0)::text AS paid,
    COALESCE(-SUM(l.amount_minor) FILTER (WHERE l.account = 'payout'
                                            AND p.status IN ('requested', 'approved', 'needs_review')), 0)::text AS reserved,
    COALESCE(-SUM(l.amount_minor) FILTER (WHERE l.kind IN ('reversal', 'annulment', 'penalty')), 0)::text AS reversed
  FROM ledger_entries l
  JOIN enrolments e ON e.id = l.enrolment_id
  LEFT JOIN payout_requests p ON p.id = l.payout_id
  WHERE l.created_at <= $1
  GROUP BY e.partner_id, l.program_key, l.currency
  ORDER BY e.partner_id, l.program_key, l.currency`

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
type Account = 'earnings' | 'held' | 'payout'
type Entry = [journal: string, account: Account, minor: number, kind: string, effective: string, payout?: number]
type Payout = {
  n: number
  status: 'requested' | 'approved' | 'paid' | 'rejected' | 'cancelled' | 'needs_review'
  method?: 'bank' | 'service_credit'
  gross: number
  fee?: number
  tax?: number
  credit?: number
  batch?: number
}

/** Partners in the old shape: [program, currency, entries, payouts]. */
const PARTNERS: [string, string, Entry[], Payout[]][] = [
  [
    'quantower',
    'USD',
    [
      ['commission:a1', 'earnings', 1500, 'commission', '2026-03-02'],
      ['commission:a2', 'earnings', 4000, 'commission', '2026-06-01'], // pending on NOW
      ['commission:a3', 'held', 2000, 'commission', '2026-03-02'],
      ['review:a4:hold', 'earnings', -1000, 'hold', '2026-03-02'],
      ['review:a4:hold', 'held', 1000, 'hold', '2026-03-02'],
      ['release:a3', 'held', -2000, 'release', '2026-03-03'], // settled at a lower amount
      ['release:a3', 'earnings', 1800, 'commission', '2026-03-03'],
      ['reverse:a5', 'earnings', -500, 'reversal', '2026-03-04'],
      ['review:a6:substandard', 'earnings', -200, 'reversal', '2026-03-04'],
      ['review:a6:substandard', 'earnings', -300, 'penalty', '2026-03-04'],
      ['commission:a7', 'earnings', 9000, 'commission', '2026-03-02'],
    ],
    [
      { n: 1, status: 'requested', gross: 1000 },
      { n: 2, status: 'rejected', gross: 700 },
      { n: 3, status: 'paid', gross: 800 },
      { n: 4, status: 'approved', gross: 600 },
    ],
  ],
  [
    'chetup',
    'GEL',
    [
      ['commission:b1', 'earnings', 20000, 'commission', '2026-03-02'],
      ['commission:b2', 'earnings', 5000, 'commission', '2026-03-02'],
      ['annul:s1:b3', 'held', -700, 'annulment', '2026-03-04'],
      ['commission:b3', 'held', 700, 'commission', '2026-03-02'],
    ],
    [
      { n: 5, status: 'paid', gross: 15000, tax: 3000 },
      { n: 6, status: 'needs_review', gross: 5000 },
    ],
  ],
  [
    'melbet',
    'USD',
    [
      ['commission:c1', 'earnings', 4000, 'commission', '2026-03-02'],
      ['reverse:c2', 'earnings', -6000, 'reversal', '2026-03-04'], // a loss carried over
    ],
    [],
  ],
  [
    'melbet',
    'USD',
    [['commission:d1', 'earnings', 5000, 'commission', '2026-03-02']],
    [{ n: 7, status: 'paid', gross: 5000, fee: 100, batch: 1 }],
  ],
  [
    'melbet',
    'USD',
    [['commission:e1', 'earnings', 6000, 'commission', '2026-03-02']],
    [{ n: 8, status: 'paid', gross: 5500, fee: 110, batch: 1 }],
  ],
  [
    'quantower',
    'USD',
    [['commission:f1', 'earnings', 3000, 'commission', '2026-03-02']],
    [{ n: 9, status: 'paid', method: 'service_credit', gross: 3000, credit: 3300 }],
  ],
  [
    'quantower',
    'USD',
    [['commission:g1', 'earnings', 1000, 'commission', '2026-03-02']],
    [{ n: 10, status: 'cancelled', gross: 1000 }],
  ],
]

async function seedOldShape(c: pg.Client) {
  const at = '2026-03-01T00:00:00Z'
  for (const key of ['quantower', 'chetup', 'melbet'])
    await c.query(
      `INSERT INTO programs (key, name, definition, revision, created_at, updated_at) VALUES ($1, $3, '{}', 1, $2, $2)`,
      [key, at, key],
    )
  await c.query(
    `INSERT INTO payout_batches (id, program_key, period_start, period_end, pay_date, status, paid_at, payment_ref,
                                 created_at, updated_at)
     VALUES ($1, 'melbet', '2026-03-02', '2026-03-09', '2026-03-10', 'paid', '2026-03-10T12:00:00Z', 'B-1', $2, $2)`,
    [uuid(9001), at],
  )
  for (const [i, [program, currency, entries, payouts]] of PARTNERS.entries()) {
    const partner = uuid(100 + i)
    const enrolment = uuid(200 + i)
    await c.query(`INSERT INTO partners (id, name, created_at, updated_at) VALUES ($1, 'P', $2, $2)`, [partner, at])
    await c.query(
      `INSERT INTO enrolments (id, partner_id, program_key, status, registered_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'active', $4, $4, $4)`,
      [enrolment, partner, program, at],
    )
    const post = (
      journal: string,
      seq: number,
      account: Account,
      minor: number,
      kind: string,
      eff: string,
      p?: number,
    ) =>
      c.query(
        `INSERT INTO ledger_entries (journal, seq, program_key, enrolment_id, account, currency, amount_minor, kind,
                                     payout_id, effective_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          journal,
          seq,
          program,
          enrolment,
          account,
          currency,
          minor,
          kind,
          p ? uuid(p) : null,
          eff,
          eff < '2026-04' ? eff : '2026-03-02',
        ],
      )
    const seqs = new Map<string, number>()
    for (const [journal, account, minor, kind, effective] of entries) {
      const seq = seqs.get(journal) ?? 0
      seqs.set(journal, seq + 1)
      await post(journal, seq, account, minor, kind, effective)
    }
    for (const p of payouts) {
      const fee = p.fee ?? 0
      const tax = p.tax ?? 0
      const net = p.credit ? 0 : p.gross - fee - tax
      await c.query(
        `INSERT INTO payout_requests (id, program_key, enrolment_id, idempotency_key, request_hash, currency, method,
                                      gross_minor, fee_minor, tax_minor, net_minor, credit_minor, status, batch_id,
                                      paid_at, created_at, updated_at)
         VALUES ($1, $2, $3, $14, 'h', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '2026-03-10', '2026-03-12')`,
        [
          uuid(p.n),
          program,
          enrolment,
          currency,
          p.method ?? 'bank',
          p.gross,
          fee,
          tax,
          net,
          p.credit ?? null,
          p.status,
          p.batch ? uuid(9000 + p.batch) : null,
          p.status === 'paid' ? '2026-03-12T09:00:00Z' : null,
          `key-${p.n}`,
        ],
      )
      await post(`payout:${uuid(p.n)}`, 0, 'payout', -p.gross, 'payout', '2026-03-10', p.n)
      if (p.status === 'rejected' || p.status === 'cancelled')
        await post(`payout-release:${uuid(p.n)}`, 0, 'payout', p.gross, 'payout_release', '2026-03-11', p.n)
    }
  }
}

/**
 * The migration that makes the ledger double-entry, run on a database holding the single-entry shape: commissions
 * pending, available and held, holds and releases, reversals, annulments and penalties, payouts requested,
 * approved, under review, rejected, cancelled and paid (by hand, as service credit, and in a paid batch).
 */
describe(`migration ${MIGRATION} on existing rows (${databaseKind()})`, () => {
  const database = databaseBeforeMigration(MIGRATION)
  const { run } = database
  beforeAll(() => database.open())
  afterAll(() => database.close())

  it("keeps every partner's balances and makes every transaction balance", async () => {
    await run((c) => deployMigrations(c, { dir: database.before, schema: database.schema }))
    await run(seedOldShape)
    const oldAt = async (asOf: Date) => (await run((c) => c.query(OLD_BALANCES, [asOf]))).rows
    const [oldNow, oldEarlier] = [await oldAt(NOW), await oldAt(EARLIER)]
    const digestIds = async () =>
      (
        await run((c) =>
          c.query(`SELECT id::text, amount_minor::text FROM ledger_entries
                   WHERE account::text IN ('earnings', 'earned') AND kind IN ('commission', 'reversal', 'annulment', 'penalty')
                   ORDER BY id`),
        )
      ).rows
    const digestBefore = await digestIds()
    // the mix is what it claims: a loss carried over, money pending, held, reserved, paid and reversed
    expect(oldNow.some((r) => BigInt(r.available) < 0n)).toBe(true)
    for (const f of ['pending', 'held', 'reserved', 'paid', 'reversed'])
      expect(
        oldNow.some((r) => BigInt(r[f]) > 0n),
        f,
      ).toBe(true)

    // the migration under test is the next one applied (later ones follow it)
    expect((await run((c) => deployMigrations(c, { schema: database.schema })))[0]).toBe(MIGRATION)

    let db: Database | undefined
    try {
      db = await openDatabase({ url: database.appUrl, migrate: false })
      const reader = prismaStatementReader(db.prisma)
      const newAt = async (asOf: Date) => {
        const rows = []
        for (const partner of [...new Set(oldNow.map((r) => r.partner_id as string))])
          for (const b of await reader.balances(partner, asOf))
            rows.push({
              partner_id: partner,
              program_key: b.programKey,
              currency: b.currency,
              pending: String(b.pendingMinor),
              held: String(b.heldMinor),
              available: String(b.availableMinor),
              paid: String(b.paidMinor),
              reserved: String(b.reservedMinor),
              reversed: String(b.reversedMinor),
            })
        return rows
      }
      expect(await newAt(NOW)).toEqual(oldNow)
      const earlier = await newAt(EARLIER)
      const availability = (rows: Record<string, unknown>[]) =>
        rows.map(({ partner_id, available, pending, held }) => ({ partner_id, available, pending, held }))
      expect(availability(earlier)).toEqual(availability(oldEarlier))
    } finally {
      await db?.close()
    }

    await run(async (c) => {
      const off = await c.query(
        `SELECT journal, currency, SUM(amount_minor)::text AS sum FROM ledger_entries
         GROUP BY journal, currency HAVING SUM(amount_minor) <> 0`,
      )
      expect(off.rows).toEqual([])
      // the trial balance of every program totals zero; what it owes its partners is the partners' accounts
      const trial = await c.query(
        `SELECT program_key, currency, SUM(amount_minor)::text AS total,
                SUM(amount_minor) FILTER (WHERE account IN ('earned', 'held', 'reserved'))::text AS owed
         FROM ledger_entries GROUP BY program_key, currency ORDER BY program_key, currency`,
      )
      expect(trial.rows.map((r) => r.total)).toEqual(['0', '0', '0'])
      expect(trial.rows.find((r) => r.program_key === 'chetup')?.owed).toBe(String(20000 + 5000 - 15000))
      // paid payouts: cash, tax and fees, or service credit with its bonus as expense; at paid_at
      const paid = await c.query(
        `SELECT payout_id::text, account::text, amount_minor::text, created_at FROM ledger_entries
         WHERE kind = 'payout_paid' ORDER BY payout_id, seq`,
      )
      const legs = (n: number) =>
        paid.rows.filter((r) => r.payout_id === uuid(n)).map((r) => [r.account, Number(r.amount_minor)])
      expect(legs(5)).toEqual([
        ['reserved', -15000],
        ['external_payments', 12000],
        ['tax_withheld', 3000],
      ])
      expect(legs(7)).toEqual([
        ['reserved', -5000],
        ['external_payments', 4900],
        ['fees', 100],
      ])
      expect(legs(9)).toEqual([
        ['reserved', -3000],
        ['service_credit', 3300],
        ['commission_expense', -300],
      ])
      for (const r of paid.rows) expect(r.created_at).toEqual(new Date('2026-03-12T09:00:00Z'))
    })
    // the digest cursor's entries keep their ids and amounts
    expect(await digestIds()).toEqual(digestBefore)
  })
})
