import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployMigrations } from '../../core/infra/db/migrations.ts'
import { databaseBeforeMigration, databaseKind } from '../helpers/database.ts'

const MIGRATION = '20261204150039_click_ids_and_event_privacy'

/**
 * The migration that makes click ids random and removes raw IP addresses from stored postbacks, run on a database
 * that holds rows written before it (sequential click ids, bodies with `ip`).
 */
describe(`migration ${MIGRATION} on existing rows (${databaseKind()})`, () => {
  const database = databaseBeforeMigration(MIGRATION)
  const { run } = database
  beforeAll(() => database.open())
  afterAll(() => database.close())

  it('gives existing clicks random ids, drops the sequence, and strips `ip` from stored bodies only', async () => {
    await run((c) => deployMigrations(c, { dir: database.before, schema: database.schema }))
    await run(async (c) => {
      const at = '2026-03-01T00:00:00Z'
      await c.query(
        `INSERT INTO programs (key, name, definition, revision, created_at, updated_at)
         VALUES ('quantower', 'Q', '{}', 1, $1, $1)`,
        [at],
      )
      await c.query(
        `INSERT INTO partners (id, name, created_at, updated_at)
         VALUES ('00000000-0000-4000-8000-000000000001', 'P', $1, $1)`,
        [at],
      )
      await c.query(
        `INSERT INTO enrolments (id, partner_id, program_key, status, registered_at, created_at, updated_at)
         VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'quantower',
                 'active', $1, $1, $1)`,
        [at],
      )
      await c.query(
        `INSERT INTO referral_codes (id, code, kind, program_key, enrolment_id, created_at)
         VALUES ('00000000-0000-4000-8000-000000000003', 'abcdefgh2345', 'link', 'quantower',
                 '00000000-0000-4000-8000-000000000002', $1)`,
        [at],
      )
      for (let i = 0; i < 3; i++)
        await c.query(
          `INSERT INTO clicks (code_id, at, ip_hash) VALUES ('00000000-0000-4000-8000-000000000003', $1, $2)`,
          [at, `hash${i}`],
        )
      const events: [string, unknown][] = [
        ['e-ip', { id: 'e-ip', ip: '203.0.113.9', customer: 'c1', type: 'signup' }],
        ['e-no-ip', { id: 'e-no-ip', customer: 'c2', type: 'signup' }],
        ['e-nested', { id: 'e-nested', customer: 'c3', type: 'signup', note: { ip: 'kept: not the body field' } }],
      ]
      for (const [id, payload] of events)
        await c.query(
          `INSERT INTO events (id, program_key, external_id, type, occurred_at, received_at, body_hash, payload, ip_hash)
           VALUES (gen_random_uuid(), 'quantower', $1, 'signup', $2, $2, $3, $4, 'h')`,
          [id, at, `hash-of-${id}`, JSON.stringify(payload)],
        )
    })

    // the migration under test is the next one applied (later ones follow it)
    expect((await run((c) => deployMigrations(c, { schema: database.schema })))[0]).toBe(MIGRATION)

    await run(async (c) => {
      const clicks = await c.query<{ id: string; ip_hash: string }>(
        'SELECT id::text, ip_hash FROM clicks ORDER BY ip_hash',
      )
      expect(clicks.rows.map((r) => r.ip_hash)).toEqual(['hash0', 'hash1', 'hash2'])
      for (const r of clicks.rows)
        expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(new Set(clicks.rows.map((r) => r.id)).size).toBe(3)
      const seq = await c.query(`SELECT to_regclass('clicks_id_seq') AS s`)
      expect(seq.rows[0].s).toBeNull()

      const events = await c.query<{ external_id: string; payload: unknown; body_hash: string; click_id: null }>(
        'SELECT external_id, payload, body_hash, click_id FROM events ORDER BY external_id',
      )
      expect(events.rows).toEqual([
        {
          external_id: 'e-ip',
          payload: { id: 'e-ip', customer: 'c1', type: 'signup' },
          body_hash: 'hash-of-e-ip',
          click_id: null,
        },
        {
          external_id: 'e-nested',
          payload: { id: 'e-nested', customer: 'c3', type: 'signup', note: { ip: 'kept: not the body field' } },
          body_hash: 'hash-of-e-nested',
          click_id: null,
        },
        {
          external_id: 'e-no-ip',
          payload: { id: 'e-no-ip', customer: 'c2', type: 'signup' },
          body_hash: 'hash-of-e-no-ip',
          click_id: null,
        },
      ])
    })
  })
})
