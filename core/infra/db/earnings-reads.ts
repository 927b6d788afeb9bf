import type pg from 'pg'
import type { EarningsStore } from '../../ports/earnings-store.ts'
import type { Row } from './group-statements.ts'

/** The reads outside any transaction (replays, late events, named clicks): the same for every store. */
export function earningsReads(pool: pg.Pool): Pick<EarningsStore, 'findEvent' | 'enrolmentOf' | 'clickOf'> {
  return {
    async findEvent(programKey, externalId) {
      const { rows } = await pool.query<Row>(
        'SELECT id, body_hash, response FROM events WHERE program_key = $1 AND external_id = $2',
        [programKey, externalId],
      )
      const r = rows[0]
      return r ? { id: r.id as string, bodyHash: r.body_hash as string, response: r.response } : null
    },
    async enrolmentOf(programKey, customer, ref, refFirst = false) {
      const { rows } = await pool.query<Row>(
        `SELECT registered_at, created_at FROM (
           SELECT 0 AS rank, e.registered_at, e.created_at FROM customers c JOIN enrolments e ON e.id = c.enrolment_id
           WHERE c.program_key = $1 AND c.external_id = $2
           UNION ALL
           SELECT 1, e.registered_at, e.created_at FROM referral_codes rc JOIN enrolments e ON e.id = rc.enrolment_id
           WHERE rc.code = $3 AND rc.program_key = $1) found
         ORDER BY CASE WHEN $4::boolean THEN -rank ELSE rank END LIMIT 1`,
        [programKey, customer, ref ?? null, refFirst],
      )
      const r = rows[0]
      return r ? { registeredAt: r.registered_at as Date, enrolledAt: r.created_at as Date } : null
    },
    async clickOf(clickId) {
      const { rows } = await pool.query<Row>(
        `SELECT cl.at, cl.code_id, rc.program_key FROM clicks cl JOIN referral_codes rc ON rc.id = cl.code_id
         WHERE cl.id = $1`,
        [clickId],
      )
      const r = rows[0]
      return r ? { at: r.at as Date, codeId: r.code_id as string, programKey: r.program_key as string } : null
    },
  }
}
