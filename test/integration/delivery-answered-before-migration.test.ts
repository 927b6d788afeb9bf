import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployMigrations } from '../../core/infra/db/migrations.ts'
import { databaseBeforeMigration } from '../helpers/database.ts'

const MIGRATION = '20261209100000_delivery_answered_before'
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

/**
 * A partner who objected in /terms before the broadcast reached them (their agreement ended) was kept in the
 * broadcast as a failed delivery (`left_program`). They now have an outcome of their own, answered_before_delivery:
 * the broadcasts sent before the deploy read the same (their rows moved), real failures stay failed.
 */
describe('migrations delivery_answered_before: failed `left_program` rows become answered_before_delivery', () => {
  const database = databaseBeforeMigration(MIGRATION)
  const { run } = database
  beforeAll(() => database.open())
  afterAll(() => database.close())

  async function seed(c: pg.Client) {
    const at = '2026-04-01T00:00:00Z'
    await c.query(
      `INSERT INTO programs (key, name, definition, revision, created_at, updated_at)
       VALUES ('worksection-referral', 'w', '{}', 1, $1, $1)`,
      [at],
    )
    await c.query(
      `INSERT INTO broadcasts (id, program_key, status, rate_per_second, created_by, created_at)
       VALUES ($1, 'worksection-referral', 'completed', 25, 'api', $2)`,
      [uuid(100), at],
    )
    const rows: [number, string, string | null][] = [
      [1, 'failed', 'left_program'],
      [2, 'failed', 'no_telegram'],
      [3, 'failed', 'Bad Request: message is too long'],
      [4, 'sent', null],
    ]
    for (const [n, status, error] of rows) {
      await c.query(`INSERT INTO partners (id, name, created_at, updated_at) VALUES ($1, 'P', $2, $2)`, [uuid(n), at])
      await c.query(
        `INSERT INTO broadcast_deliveries (broadcast_id, partner_id, status, last_error, updated_at)
         VALUES ($1, $2, $3::"DeliveryStatus", $4, $5)`,
        [uuid(100), uuid(n), status, error, at],
      )
    }
  }

  it('moves only the rows of partners who had answered; other failures stay', async () => {
    await run((c) => deployMigrations(c, { dir: database.before, schema: database.schema }))
    await run(seed)
    expect((await run((c) => deployMigrations(c, { schema: database.schema }))).slice(0, 2)).toEqual([
      MIGRATION,
      '20261209100100_delivery_answered_before_rows',
    ])
    const { rows } = await run((c) =>
      c.query(`SELECT partner_id, status::text AS status, last_error FROM broadcast_deliveries ORDER BY partner_id`),
    )
    expect(rows).toEqual([
      { partner_id: uuid(1), status: 'answered_before_delivery', last_error: null },
      { partner_id: uuid(2), status: 'failed', last_error: 'no_telegram' },
      { partner_id: uuid(3), status: 'failed', last_error: 'Bad Request: message is too long' },
      { partner_id: uuid(4), status: 'sent', last_error: null },
    ])
  })
})
