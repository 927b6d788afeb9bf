import { describe, expect, it } from 'vitest'
import { UnavailableError } from '../../core/domain/errors.ts'
import { asUnavailable, isConnectionError } from '../../core/infra/db/connection-errors.ts'

/** Which failures are the database going away (503, retry) and which are not (a bug or a refused query). */
describe('database connection errors', () => {
  it('recognises what node-postgres, PostgreSQL and Prisma say when the connection is lost or refused', () => {
    const lost = [
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error("Can't reach database server"), { code: 'P1001' }),
      { message: 'wrapped', meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } },
      Object.assign(new Error('outer'), { cause: new Error('timeout exceeded when trying to connect') }),
    ]
    for (const e of lost) {
      expect(isConnectionError(e), String((e as Error).message)).toBe(true)
      expect(asUnavailable(e)).toBeInstanceOf(UnavailableError)
    }
  })

  it('leaves everything else alone: refused queries, Redis, bugs', () => {
    const other = [
      Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      new Error('Connection is closed.'), // ioredis: Redis, not the database
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      Object.assign(new Error('Transaction already closed'), { code: 'P2028' }),
      null,
      'Connection terminated',
    ]
    for (const e of other) {
      expect(isConnectionError(e), String(e)).toBe(false)
      expect(asUnavailable(e)).toBe(e)
    }
  })
})
