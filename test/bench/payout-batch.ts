// The payout batch benchmark (run by `npm run bench` after the postback one, in a process of its own so that its
// peak RSS is its own): melbet's weekly batch for 10,000 eligible partners, seeded with bulk SQL, timed through
// core.batches.runPayDay with its peak RSS, beside the equivalent plain SQL aggregate (the balance per enrolment and
// currency as of the period end, with the players and agreement filters) on the same data in the same run.
// BENCH_DATABASE_URL (or TEST_DATABASE_URL) picks PostgreSQL (a fresh schema, dropped afterwards); without it,
// an embedded PGlite directory. BENCH_PAYOUT_PARTNERS changes the size. Prints one JSON line and a human line.
//
// Every query the service sends while the batch runs is timed at the pg driver (round trip, database included),
// so the report splits the batch's time into database round trips by statement and everything else (Node: Prisma,
// the use case, the event loop).
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { startService } from '../../bots/service.ts'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import {
  CANDIDATES_SQL,
  EARNED_MINOR,
  PAY_DAY_AT,
  PERIOD,
  seedDatabase,
  serviceConfig,
} from '../helpers/payout-seed.ts'

const PARTNERS = Number(process.env.BENCH_PAYOUT_PARTNERS ?? 10_000)
const TARGET_SECONDS = 30

/** What the pg driver spends per kind of statement: calls and total round-trip milliseconds. */
function profileQueries() {
  const stats = new Map<string, { calls: number; ms: number; first: number; last: number }>()
  let t0 = 0
  let on = false
  const name = '"?(?:[a-z0-9_]+"?\\."?)?"?([a-z_]+)"?'
  const label = (text: string) => {
    const t = text.replace(/\s+/g, ' ').trim()
    if (/^WITH bal AS/i.test(t)) return 'batch candidates aggregate'
    const verb = /^(SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|ROLLBACK)\b/i.exec(t)?.[1]?.toUpperCase()
    if (!verb) return t.slice(0, 40)
    if (verb === 'BEGIN' || verb === 'COMMIT' || verb === 'ROLLBACK') return verb
    const table = new RegExp(`\\b(?:FROM|INTO|UPDATE) ${name}`, 'i').exec(t)?.[1] ?? '?'
    return `${verb} ${table}${/FOR (NO KEY )?UPDATE/i.test(t) ? ' (lock)' : ''}`
  }
  const original = pg.Client.prototype.query
  pg.Client.prototype.query = function (this: pg.Client, ...args: any[]) {
    if (!on) return (original as any).apply(this, args)
    const text = typeof args[0] === 'string' ? args[0] : String(args[0]?.text ?? '')
    const started = performance.now()
    const record = () => {
      const key = label(text)
      const now = performance.now()
      const s = stats.get(key) ?? { calls: 0, ms: 0, first: started - t0, last: 0 }
      s.calls++
      s.ms += now - started
      s.last = now - t0
      stats.set(key, s)
    }
    // pg-pool's query() passes a callback; clients checked out for a transaction get promises
    const last = args.length - 1
    if (typeof args[last] === 'function') {
      const callback = args[last]
      args[last] = (...r: unknown[]) => {
        record()
        return callback(...r)
      }
      return (original as any).apply(this, args)
    }
    const result = (original as any).apply(this, args)
    return result && typeof result.then === 'function'
      ? result.then((r: unknown) => {
          record()
          return r
        })
      : result
  } as typeof original
  return {
    start: () => {
      stats.clear()
      t0 = performance.now()
      on = true
    },
    stop: () => {
      on = false
      return [...stats]
        .map(([statement, s]) => ({
          statement,
          calls: s.calls,
          ms: Math.round(s.ms),
          /** seconds into the batch of the first call and the last answer */
          between: [+(s.first / 1000).toFixed(2), +(s.last / 1000).toFixed(2)],
        }))
        .sort((a, b) => b.ms - a.ms)
    },
  }
}

/**
 * CPU seconds used so far by the processes named `postgres` on this machine (Linux /proc; undefined elsewhere):
 * with a local server, where the database's own work stands beside Node's.
 */
function postgresCpuSeconds(): number | undefined {
  try {
    let ticks = 0
    let found = false
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        if (!stat.includes('(postgres)')) continue
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        ticks += Number(fields[11]) + Number(fields[12]) // utime, stime
        found = true
      } catch {
        // gone meanwhile
      }
    }
    return found ? ticks / 100 : undefined
  } catch {
    return undefined
  }
}

export async function runPayoutBench() {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  const schema = `bench_payout_${randomUUID().slice(0, 8)}`
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-bench-payout-'))
  let url = `pglite:${path.join(dataDir, 'db')}`
  if (server) {
    const u = new URL(server)
    u.searchParams.set('schema', schema)
    url = u.toString()
  }
  try {
    const seed = await seedDatabase(url, PARTNERS)
    const clock = new ManualClock(PAY_DAY_AT)
    const service = await startService(
      serviceConfig({
        DATABASE_URL: url,
        DATA_DIR: dataDir,
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: schema } : {}),
      }),
      { clock },
    )
    const profile = profileQueries()
    let result: Record<string, unknown>
    try {
      const db = service.db.pool
      // the plain SQL aggregate over the data the batch will read: one warm-up, then the median of 5
      const sqlRuns: number[] = []
      let sqlRows = 0
      for (let i = 0; i < 6; i++) {
        const t = performance.now()
        const r = await db.query(CANDIDATES_SQL, [PERIOD.end, clock.now()])
        if (i > 0) sqlRuns.push(performance.now() - t)
        sqlRows = r.rowCount ?? r.rows.length
      }
      sqlRuns.sort((a, b) => a - b)
      const sqlMs = sqlRuns[Math.floor(sqlRuns.length / 2)]!
      if (sqlRows !== PARTNERS) throw new Error(`the SQL aggregate found ${sqlRows} candidates, not ${PARTNERS}`)

      // the batch, with its peak RSS (sampled every 20 ms)
      global.gc?.()
      const rssBefore = process.memoryUsage().rss
      let peakRss = rssBefore
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss)
      }, 20)
      const cpuBefore = process.cpuUsage()
      const pgCpuBefore = server ? postgresCpuSeconds() : undefined
      profile.start()
      const started = performance.now()
      const run = await service.core.batches.runPayDay('melbet')
      const batchMs = performance.now() - started
      const queries = profile.stop()
      const cpu = process.cpuUsage(cpuBefore)
      const pgCpuAfter = server ? postgresCpuSeconds() : undefined
      clearInterval(sampler)
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
      if (run.batch?.status !== 'closed' || run.batch.payouts !== PARTNERS)
        throw new Error(`the batch did not pay everyone: ${JSON.stringify(run)}`)
      const paid = await db.query(
        `SELECT count(*)::int AS n, COALESCE(SUM(gross_minor), 0)::text AS gross FROM payout_requests WHERE batch_id = $1`,
        [run.batch.id],
      )
      if (paid.rows[0].n !== PARTNERS || BigInt(paid.rows[0].gross) !== EARNED_MINOR * BigInt(PARTNERS))
        throw new Error(`unexpected payouts: ${JSON.stringify(paid.rows[0])}`)
      const dbMs = queries.reduce((s, q) => s + q.ms, 0)
      // the phases of buildBatch, told apart by their statements
      const at = (statement: string) => queries.find((q) => q.statement === statement)?.between
      const candidatesEnd = at('batch candidates aggregate')?.[1] ?? 0
      const payouts = at('INSERT payout_requests')
      const closedAt = at('UPDATE payout_batches')?.[0]
      const phases = payouts &&
        closedAt !== undefined && {
          candidatesSeconds: candidatesEnd,
          chunksSeconds: +(closedAt - candidatesEnd).toFixed(2),
          notifyAndSummarySeconds: +(batchMs / 1000 - closedAt).toFixed(2),
        }
      const seconds = batchMs / 1000
      result = {
        benchmark: 'payout_batch',
        database: server ? 'postgresql' : 'pglite',
        partners: PARTNERS,
        seedMs: seed.ms,
        batch: {
          seconds: +seconds.toFixed(2),
          payoutsPerSecond: Math.round(PARTNERS / seconds),
          msPerPayout: +(batchMs / PARTNERS).toFixed(2),
          cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
          postgresCpuSeconds:
            pgCpuBefore === undefined || pgCpuAfter === undefined ? null : +(pgCpuAfter - pgCpuBefore).toFixed(2),
        },
        rssBeforeMiB: Math.round(rssBefore / 1048576),
        peakRssMiB: Math.round(peakRss / 1048576),
        sqlAggregate: { ms: +sqlMs.toFixed(1), rows: sqlRows },
        ratio: Math.round(batchMs / sqlMs),
        phases,
        profile: {
          queries: queries.reduce((s, q) => s + q.calls, 0),
          queriesPerPayout: +(queries.reduce((s, q) => s + q.calls, 0) / PARTNERS).toFixed(1),
          // summed over every query (the notification worker's run beside the batch's), each from send to
          // callback: with Node's CPU busy that includes waiting for the event loop
          queryWaitMs: Math.round(dbMs),
          top: queries.slice(0, 15),
        },
        target: { seconds: TARGET_SECONDS, met: seconds < TARGET_SECONDS },
      }
    } finally {
      await service.close()
    }
    return result
  } finally {
    if (server) {
      const target = parseDatabaseUrl(server)
      const admin = new pg.Client({ connectionString: target.kind === 'postgres' ? target.connectionString : server })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await admin.end()
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export function describePayoutBench(r: any) {
  const p = r.profile
  return (
    `payout batch (${r.database}): ${r.partners} melbet partners in ${r.batch.seconds} s ` +
    `(${r.batch.payoutsPerSecond}/s, ${r.batch.msPerPayout} ms each; target < ${r.target.seconds} s: ` +
    `${r.target.met ? 'met' : 'MISSED'}) | peak RSS ${r.peakRssMiB} MiB (${r.rssBeforeMiB} MiB before) | ` +
    `plain SQL aggregate ${r.sqlAggregate.ms} ms | ratio ${r.ratio}x | ${p.queries} queries ` +
    `(${p.queriesPerPayout} per payout) | CPU: node ${r.batch.cpuSeconds} s` +
    `${r.batch.postgresCpuSeconds === null ? '' : `, postgres ${r.batch.postgresCpuSeconds} s`}\n`
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runPayoutBench()
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`)
      process.stdout.write(describePayoutBench(r))
      process.exit(0)
    })
    .catch((e) => {
      process.stderr.write(`payout bench failed: ${e instanceof Error ? e.stack : String(e)}\n`)
      process.exit(1)
    })
}
