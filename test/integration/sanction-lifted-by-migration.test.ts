import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployMigrations } from '../../core/infra/db/migrations.ts'
import { databaseBeforeMigration } from '../helpers/database.ts'

const MIGRATION = '20261209090000_sanction_lifted_by'
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

/** Sanctions before the migration: kind, lifted or not, the audit log's lift (its actor), who it says lifted it. */
const SANCTIONS: {
  n: number
  kind: string
  lifted: boolean
  audit?: string
  escalatedTo?: number
  by: string | null
}[] = [
  { n: 1, kind: 'suspend_codes', lifted: true, audit: 'slack:U1', by: 'slack:U1' },
  { n: 2, kind: 'block', lifted: true, audit: 'system:expiry', by: 'system:expiry' },
  // a warning past its deadline became a payout block (4): lifted with it, no audit row of its own
  { n: 3, kind: 'warning', lifted: true, audit: 'api', escalatedTo: 4, by: 'api' },
  { n: 4, kind: 'payout_hold', lifted: true, by: 'api' },
  // in force; lifted with no audit row kept: nobody named
  { n: 5, kind: 'suspend_codes', lifted: false, by: null },
  { n: 6, kind: 'suspend_codes', lifted: true, by: null },
]

async function seed(c: pg.Client) {
  const at = '2026-01-01T00:00:00Z'
  await c.query(
    `INSERT INTO programs (key, name, definition, revision, created_at, updated_at) VALUES ('melbet', 'melbet', '{}', 1, $1, $1)`,
    [at],
  )
  const partner = uuid(100)
  await c.query(`INSERT INTO partners (id, name, created_at, updated_at) VALUES ($1, 'P', $2, $2)`, [partner, at])
  await c.query(
    `INSERT INTO enrolments (id, partner_id, program_key, status, registered_at, created_at, updated_at)
     VALUES ($1, $2, 'melbet', 'active', $3, $3, $3)`,
    [uuid(200), partner, at],
  )
  for (const s of SANCTIONS) {
    await c.query(
      `INSERT INTO sanctions (id, enrolment_id, kind, reason, actor, created_at, lifted_at, escalated_to)
       VALUES ($1, $2, $3, 'fraud', 'api', $4, $5, $6)`,
      [
        uuid(s.n),
        uuid(200),
        s.kind,
        at,
        s.lifted ? '2026-02-01T00:00:00Z' : null,
        s.escalatedTo ? uuid(s.escalatedTo) : null,
      ],
    )
    if (s.audit)
      await c.query(
        `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, reason, data)
         VALUES ('2026-02-01T00:00:00Z', $1, $2, 'partner', $3, 'ended', $4)`,
        [s.audit, `sanction.lift.${s.kind}`, partner, { program: 'melbet', sanction: uuid(s.n) }],
      )
  }
  // another kind's lift naming sanction 6: not its lift
  await c.query(
    `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, data)
     VALUES ('2026-02-01T00:00:00Z', 'slack:U9', 'sanction.lift.block', 'partner', $1, $2)`,
    [partner, { program: 'melbet', sanction: uuid(6) }],
  )
}

/**
 * Migration sanction_lifted_by: a sanction lifted before it keeps who lifted it, from the audit log's lift (a payout
 * block an overdue warning became, from the warning's), so the partner card's history names them.
 */
describe('migration sanction_lifted_by', () => {
  const database = databaseBeforeMigration(MIGRATION)
  const { run } = database
  beforeAll(() => database.open())
  afterAll(() => database.close())

  it('fills who lifted each sanction lifted before', async () => {
    await run((c) => deployMigrations(c, { dir: database.before, schema: database.schema }))
    await run(seed)
    expect((await run((c) => deployMigrations(c, { schema: database.schema })))[0]).toBe(MIGRATION)
    const rows = (await run((c) => c.query(`SELECT id, lifted_by FROM sanctions ORDER BY id`))).rows as {
      lifted_by: string | null
    }[]
    expect(rows.map((r) => r.lifted_by)).toEqual(SANCTIONS.map((s) => s.by))
  })
})
