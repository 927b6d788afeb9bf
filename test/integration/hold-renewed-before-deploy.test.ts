import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployMigrations } from '../../core/infra/db/migrations.ts'
import { databaseBeforeMigration } from '../helpers/database.ts'

const MIGRATION = '20261207090000_payout_hold_since'
const PARTNER = '00000000-0000-4000-8000-000000000071'
const ENROLMENT = '00000000-0000-4000-8000-000000000072'

/**
 * melbet 8.2 (programs.md 5): "The company may hold payments up to 2 months". A running hold is capped at 2 months
 * from when it began; the migration that finds when each running hold began (payout_hold_since) also ends one
 * renewed past that before it (what the old code allowed: 1 June, renewed on 31 July to 30 September) where the
 * limit ends, since payout requests and the weekly batch read only payout_hold_until.
 */
describe('migration payout_hold_since and a hold renewed past 2 months before it', () => {
  const database = databaseBeforeMigration(MIGRATION)
  const { run } = database
  beforeAll(() => database.open())
  afterAll(() => database.close())

  async function seed(c: pg.Client) {
    const at = '2026-01-01T00:00:00Z'
    await c.query(
      `INSERT INTO programs (key, name, definition, revision, created_at, updated_at) VALUES ('melbet', 'melbet', $2, 1, $1, $1)`,
      [at, { timeZone: 'UTC', payout: { maxHoldMonths: 2 } }],
    )
    await c.query(`INSERT INTO partners (id, name, created_at, updated_at) VALUES ($1, 'P', $2, $2)`, [PARTNER, at])
    await c.query(
      `INSERT INTO enrolments (id, partner_id, program_key, status, registered_at, payout_hold_until,
                               payout_hold_reason, created_at, updated_at)
       VALUES ($1, $2, 'melbet', 'active', $3, '2026-09-30T09:00:00Z', 'traffic_check', $3, '2026-07-31T09:00:00Z')`,
      [ENROLMENT, PARTNER, at],
    )
    // set on 1 June for the full 2 months, renewed on 31 July for 2 more (the old check: 2 months from each setting)
    for (const [when, until] of [
      ['2026-06-01T09:00:00Z', '2026-08-01T09:00:00Z'],
      ['2026-07-31T09:00:00Z', '2026-09-30T09:00:00Z'],
    ])
      await c.query(
        `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, data)
         VALUES ($1, 'api', 'payout.settings', 'partner', $2, $3)`,
        [when, PARTNER, { program: 'melbet', holdUntil: until }],
      )
  }

  it('the running hold holds payouts no longer than 2 months from when it began', async () => {
    await run((c) => deployMigrations(c, { dir: database.before, schema: database.schema }))
    await run(seed)
    expect((await run((c) => deployMigrations(c, { schema: database.schema })))[0]).toBe(MIGRATION)
    const row = (
      await run((c) =>
        c.query(`SELECT payout_hold_since, payout_hold_until FROM enrolments WHERE id = $1`, [ENROLMENT]),
      )
    ).rows[0] as { payout_hold_since: Date; payout_hold_until: Date }
    expect(row.payout_hold_since.toISOString()).toBe('2026-06-01T09:00:00.000Z')
    // 2 calendar months from 1 June 09:00 (UTC, melbet's zone): 1 August 09:00
    expect(
      row.payout_hold_until.toISOString(),
      'payouts and the weekly batch read payout_hold_until: the partner stays held until it',
    ).toBe('2026-08-01T09:00:00.000Z')
  })
})
