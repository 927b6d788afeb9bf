import type pg from 'pg'
import type { Logger } from 'pino'

/**
 * Planner statistics kept fresh for the tables the hot paths write, while they are young.
 *
 * The hot statements are prepared once per connection, and PostgreSQL keeps a generic plan for each, made from
 * the statistics of the moment. Made while a table is small (a new database, or a new deployment's first minutes),
 * that plan reads the whole table instead of its index (a hash join over a sequential scan is cheaper for 80 rows)
 * and keeps doing so as the table grows, until an ANALYZE invalidates it. Autovacuum analyzes a table once 10% of
 * it has changed, on its own schedule (a minute by default): a table that doubles in seconds meanwhile costs every
 * postback a scan of it. Measured on a fresh database: a batch's claim read 6,250 events and took 2-4 ms; its
 * order look-up 4 ms over 3,800 commissions; the rollup trigger scanned commissions too.
 *
 * So this process analyzes the tables itself whenever it has written as many rows as the lead table had at the
 * last ANALYZE (it doubled, the point where a plan may turn), from `minRows` on. A table that is already large
 * never reaches that from one process's writes, and is left to autovacuum. One ANALYZE at a time, SKIP_LOCKED (it
 * yields to autovacuum), in the background: a failure is logged and changes nothing else.
 */
export interface TableStatistics {
  /** Rows this process has written to the tables. */
  wrote(rows: number): void
  /** The ANALYZE under way, if any, has ended. */
  settled(): Promise<void>
}

export function analyzeOnGrowth(
  pool: Pick<pg.Pool, 'query'> & { ending?: boolean },
  opts: {
    /** The tables to analyze; the first one's size decides when (the one that grows with every row written). */
    tables: string[]
    logger: Logger
    /** No ANALYZE before this many rows. */
    minRows?: number
  },
): TableStatistics {
  const minRows = opts.minRows ?? 256
  const [lead] = opts.tables
  if (!lead) throw new Error('analyzeOnGrowth needs at least one table')
  let written = 0
  // rows to write before the next ANALYZE: as many as the lead table had at the last one (read before the first)
  let threshold: number | undefined
  let running: Promise<void> | undefined

  async function leadRows(): Promise<number> {
    const { rows } = await pool.query<{ n: string | null }>(
      'SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = to_regclass($1)',
      [lead],
    )
    return Math.max(minRows, Number(rows[0]?.n ?? 0))
  }

  async function run() {
    try {
      threshold ??= await leadRows()
      if (written < threshold) return
      const rows = written
      const started = performance.now()
      await pool.query(`ANALYZE (SKIP_LOCKED) ${opts.tables.map((t) => `"${t}"`).join(', ')}`)
      written -= rows
      threshold = await leadRows()
      opts.logger.debug(
        { tables: opts.tables, rows: threshold, ms: Math.round(performance.now() - started) },
        'analyzed young tables',
      )
    } catch (e) {
      // next time only after as many rows again: a database that refuses (or is down) is not asked on every write
      written = 0
      threshold ??= minRows
      if (!pool.ending) opts.logger.warn({ err: e, tables: opts.tables }, 'could not analyze young tables')
    }
  }

  return {
    wrote(rows) {
      written += rows
      if (running || (threshold !== undefined && written < threshold)) return
      running = run().finally(() => {
        running = undefined
      })
    },
    settled: () => running ?? Promise.resolve(),
  }
}
