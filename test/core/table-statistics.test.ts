import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { analyzeOnGrowth } from '../../core/infra/db/table-statistics.ts'

/** A pool that says the lead table has `rows` rows (pg_class.reltuples) and notes each ANALYZE it is sent. */
function fakePool(state: { rows: number; refuse?: boolean }) {
  const analyzed: string[] = []
  const pool = {
    query: async (text: string) => {
      if (text.startsWith('ANALYZE')) {
        if (state.refuse) throw new Error('permission denied')
        analyzed.push(text)
        return { rows: [] }
      }
      return { rows: [{ n: String(state.rows) }] }
    },
  }
  return { pool: pool as never, analyzed }
}

function logs() {
  const lines: { level: number; msg: string }[] = []
  const logger = pino({ level: 'debug' }, { write: (l: string) => lines.push(JSON.parse(l)) })
  return { logger, lines }
}

describe('young tables are analyzed as they grow (table-statistics.ts)', () => {
  it('an empty table: once minRows are written, then whenever the writes match its size again (it doubled)', async () => {
    const state = { rows: 0 }
    const { pool, analyzed } = fakePool(state)
    const stats = analyzeOnGrowth(pool, { tables: ['events', 'customers'], logger: logs().logger, minRows: 100 })
    stats.wrote(99)
    await stats.settled()
    expect(analyzed).toEqual([])
    stats.wrote(1)
    state.rows = 100 // what ANALYZE then finds
    await stats.settled()
    expect(analyzed).toEqual(['ANALYZE (SKIP_LOCKED) "events", "customers"'])
    stats.wrote(99)
    await stats.settled()
    expect(analyzed).toHaveLength(1)
    stats.wrote(1)
    state.rows = 200
    await stats.settled()
    expect(analyzed).toHaveLength(2)
    // now 200 more rows before the next one
    stats.wrote(150)
    await stats.settled()
    expect(analyzed).toHaveLength(2)
  })

  it('a table that is already large is left to autovacuum: one process never writes as much again soon', async () => {
    const { pool, analyzed } = fakePool({ rows: 5_000_000 })
    const stats = analyzeOnGrowth(pool, { tables: ['clicks'], logger: logs().logger })
    for (let i = 0; i < 1000; i++) stats.wrote(64)
    await stats.settled()
    expect(analyzed).toEqual([])
  })

  it('a database that is down from the start: one warning per minRows written, not one per write', async () => {
    const pool = {
      query: async () => {
        throw new Error('connection refused')
      },
    }
    const { logger, lines } = logs()
    const stats = analyzeOnGrowth(pool as never, { tables: ['clicks'], logger, minRows: 100 })
    for (let i = 0; i < 1000; i++) {
      stats.wrote(1)
      await stats.settled()
    }
    expect(lines.filter((l) => l.level === 40).length).toBeLessThanOrEqual(11)
  })

  it('a database that refuses: logged as a warning, asked again only after as many rows again, nothing thrown', async () => {
    const state = { rows: 0, refuse: true }
    const { pool, analyzed } = fakePool(state)
    const { logger, lines } = logs()
    const stats = analyzeOnGrowth(pool, { tables: ['events'], logger, minRows: 10 })
    stats.wrote(10)
    await stats.settled()
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual(['could not analyze young tables'])
    stats.wrote(9)
    await stats.settled()
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1)
    state.refuse = false
    stats.wrote(1)
    await stats.settled()
    expect(analyzed).toHaveLength(1)
  })
})
