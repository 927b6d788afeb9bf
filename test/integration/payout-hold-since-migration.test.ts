import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployMigrations } from '../../core/infra/db/migrations.ts'
import { databaseBeforeMigration } from '../helpers/database.ts'

const MIGRATION = '20261207090000_payout_hold_since'
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

/** A payout setting as setPayoutSettings audits it: `until` a date, null (lifted), or undefined (details only). */
type Setting = [at: string, until: string | null | undefined]

/** Enrolments in melbet before the migration: the hold they have, when they were updated, their audited settings. */
const ENROLMENTS: { n: number; hold?: string; updated: string; settings: Setting[]; since: string | null }[] = [
  // set on 1 June for 2 months, extended on 31 July while it ran: it began on 1 June
  {
    n: 1,
    hold: '2026-09-30T09:00:00Z',
    updated: '2026-07-31T09:00:00Z',
    settings: [
      ['2026-06-01T09:00:00Z', '2026-08-01T09:00:00Z'],
      ['2026-06-20T09:00:00Z', undefined],
      ['2026-07-31T09:00:00Z', '2026-09-30T09:00:00Z'],
    ],
    since: '2026-06-01T09:00:00.000Z',
  },
  // one that ended, then a new one
  {
    n: 2,
    hold: '2026-07-01T09:00:00Z',
    updated: '2026-05-01T09:00:00Z',
    settings: [
      ['2026-03-01T09:00:00Z', '2026-04-01T09:00:00Z'],
      ['2026-05-01T09:00:00Z', '2026-07-01T09:00:00Z'],
    ],
    since: '2026-05-01T09:00:00.000Z',
  },
  // one lifted, then a new one
  {
    n: 3,
    hold: '2026-08-10T09:00:00Z',
    updated: '2026-06-10T09:00:00Z',
    settings: [
      ['2026-06-01T09:00:00Z', '2026-08-01T09:00:00Z'],
      ['2026-06-05T09:00:00Z', null],
      ['2026-06-10T09:00:00Z', '2026-08-10T09:00:00Z'],
    ],
    since: '2026-06-10T09:00:00.000Z',
  },
  // none recorded: when the enrolment was last updated
  {
    n: 4,
    hold: '2026-07-15T09:00:00Z',
    updated: '2026-06-15T09:00:00Z',
    settings: [],
    since: '2026-06-15T09:00:00.000Z',
  },
  // no hold (lifted)
  {
    n: 5,
    updated: '2026-06-05T09:00:00Z',
    settings: [
      ['2026-06-01T09:00:00Z', '2026-08-01T09:00:00Z'],
      ['2026-06-05T09:00:00Z', null],
    ],
    since: null,
  },
]

async function seed(c: pg.Client) {
  const at = '2026-01-01T00:00:00Z'
  for (const key of ['melbet', 'chetup'])
    await c.query(
      `INSERT INTO programs (key, name, definition, revision, created_at, updated_at) VALUES ($1, $3, '{}', 1, $2, $2)`,
      [key, at, key],
    )
  for (const e of ENROLMENTS) {
    const partner = uuid(e.n)
    await c.query(`INSERT INTO partners (id, name, created_at, updated_at) VALUES ($1, 'P', $2, $2)`, [partner, at])
    for (const [program, n] of [
      ['melbet', e.n],
      ['chetup', 100 + e.n],
    ] as const)
      await c.query(
        `INSERT INTO enrolments (id, partner_id, program_key, status, registered_at, payout_hold_until,
                                 payout_hold_reason, created_at, updated_at)
         VALUES ($1, $2, $3, 'active', $4, $5, $6, $4, $7)`,
        [uuid(n), partner, program, at, e.hold ?? null, e.hold ? 'traffic_check' : null, e.updated],
      )
    for (const [when, until] of e.settings)
      await c.query(
        `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, data)
         VALUES ($1, 'api', 'payout.settings', 'partner', $2, $3)`,
        [
          when,
          partner,
          { program: 'melbet', ...(until === undefined ? { detailsAgreed: true } : { holdUntil: until }) },
        ],
      )
    // another program's setting of the same partner: not this enrolment's hold
    await c.query(
      `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, data)
       VALUES ('2026-01-02T00:00:00Z', 'api', 'payout.settings', 'partner', $1, $2)`,
      [partner, { program: 'chetup', holdUntil: '2027-01-01T00:00:00Z' }],
    )
  }
}

/**
 * Migration payout_hold_since: a hold running when it is deployed keeps when it began (the audit log's settings of
 * its program: the latest set while none ran), so an extension after the deploy is capped from there too.
 */
describe('migration payout_hold_since', () => {
  const database = databaseBeforeMigration(MIGRATION)
  const { run } = database
  beforeAll(() => database.open())
  afterAll(() => database.close())

  it('fills when each running hold began', async () => {
    await run((c) => deployMigrations(c, { dir: database.before, schema: database.schema }))
    await run(seed)
    expect((await run((c) => deployMigrations(c, { schema: database.schema })))[0]).toBe(MIGRATION)
    const rows = (
      await run((c) => c.query(`SELECT id, payout_hold_since FROM enrolments WHERE program_key = 'melbet' ORDER BY id`))
    ).rows as { id: string; payout_hold_since: Date | null }[]
    expect(rows.map((r) => r.payout_hold_since?.toISOString() ?? null)).toEqual(ENROLMENTS.map((e) => e.since))
  })
})
