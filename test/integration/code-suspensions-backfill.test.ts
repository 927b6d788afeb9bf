import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployMigrations } from '../../core/infra/db/migrations.ts'
import { databaseBeforeMigration } from '../helpers/database.ts'

const MIGRATION = '20261207110000_code_suspensions'
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

/**
 * Migration code_suspensions backfills when each suspended code's suspension began. A partner may have two
 * suspend_codes sanctions in force (liftSanction counts "another code suspension in force"): the first, on 1 March,
 * suspended the codes; the second, on 10 March, found them suspended already and changed nothing. The backfill
 * took the *latest* sanction's start (max(created_at)), so the codes counted as active from 1 to 10 March: a payment
 * made then and reported after the deploy (jqsee accepts them 30 days late) earned although the code was suspended.
 */
describe('migration code_suspensions: codes under two suspend_codes sanctions', () => {
  const database = databaseBeforeMigration(MIGRATION)
  const { run } = database
  beforeAll(() => database.open())
  afterAll(() => database.close())

  async function seed(c: pg.Client) {
    const at = '2026-01-01T00:00:00Z'
    await c.query(
      `INSERT INTO programs (key, name, definition, revision, created_at, updated_at) VALUES ('jqsee', 'jqsee', '{}', 1, $1, $1)`,
      [at],
    )
    await c.query(`INSERT INTO partners (id, name, created_at, updated_at) VALUES ($1, 'P', $2, $2)`, [uuid(1), at])
    await c.query(
      `INSERT INTO enrolments (id, partner_id, program_key, status, registered_at, created_at, updated_at)
       VALUES ($1, $2, 'jqsee', 'active', $3, $3, $3)`,
      [uuid(2), uuid(1), at],
    )
    await c.query(
      `INSERT INTO referral_codes (id, code, kind, program_key, enrolment_id, status, suspended_by, created_at)
       VALUES ($1, 'TWOSANCTIONS', 'promo', 'jqsee', $2, 'suspended', 'sanction', $3)`,
      [uuid(3), uuid(2), at],
    )
    for (const [n, createdAt] of [
      [4, '2026-03-01T09:00:00Z'],
      [5, '2026-03-10T09:00:00Z'],
    ] as const)
      await c.query(
        `INSERT INTO sanctions (id, enrolment_id, kind, reason, actor, created_at)
         VALUES ($1, $2, 'suspend_codes', 'ad_rules', 'api', $3)`,
        [uuid(n), uuid(2), createdAt],
      )
  }

  it('dates the suspension from the sanction that suspended the codes', async () => {
    await run((c) => deployMigrations(c, { dir: database.before, schema: database.schema }))
    await run(seed)
    expect((await run((c) => deployMigrations(c, { schema: database.schema })))[0]).toBe(MIGRATION)
    const { rows } = await run((c) => c.query(`SELECT suspensions FROM referral_codes WHERE id = $1`, [uuid(3)]))
    const periods = rows[0].suspensions as { from?: string }[]
    expect(periods).toHaveLength(1)
    expect(new Date(periods[0]!.from!).toISOString()).toBe('2026-03-01T09:00:00.000Z')
  })
})
