// The performance report benchmark (issue 17 item 5; run by `npm run bench` in a process of its own, or alone with
// BENCH_ONLY=performance): one chetup partner (Asia/Tbilisi) with 1,000,000 clicks over a year on three campaign
// links with sub-ids, and 100,000 conversions (customer, payment event, commission and its ledger postings), seeded
// with bulk SQL. The rollup (performance_days) of clicks, unique clicks, sign-ups and first payments is built from
// the seeded rows by SQL (what the write path maintains per click and postback, see test/integration/performance);
// the commissions' rollup is the ledger trigger's own work on the seeded postings.
//
// Then, side by side in the same run, for every `by` over the whole year and for the last 30 days by day:
// GET /v1/partners/{id}/performance through the service (HTTP, core, the pg reader), the hand-written SQL over the raw
// rows (clicks, customers, commissions) that answers the same counters, and the one aggregate over the rollup.
// "SQL" is the whole answer (counters, the page of commission lines, the payouts), sent together like the service's
// reads. Each is run 5 times to warm up, then 40 times (the raw SQL, which takes seconds, once and then
// BENCH_PERF_RAW_RUNS = 10 times); p50 and p95 are reported. The report's totals are checked against the raw SQL's. BENCH_DATABASE_URL (or TEST_DATABASE_URL) picks PostgreSQL; BENCH_PERF_CLICKS and
// BENCH_PERF_CONVERSIONS change the size. Prints one JSON line and a human line.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { startService } from '../../bots/service.ts'
import { NO_CODE } from '../../core/domain/tracking.ts'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'
import { openDatabase } from '../../core/infra/db/open-database.ts'
import { syncPrograms } from '../../core/infra/db/sync-programs.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { serviceConfig } from '../helpers/payout-seed.ts'

const CLICKS = Number(process.env.BENCH_PERF_CLICKS ?? 1_000_000)
const CONVERSIONS = Number(process.env.BENCH_PERF_CONVERSIONS ?? 100_000)
const TZ = 'Asia/Tbilisi'
/** A year of traffic, up to the clock's day (local dates 2025-03-10 .. 2026-03-09 in Tbilisi). */
const START = '2025-03-09T20:00:00Z'
const YEAR_SECONDS = 365 * 86_400
const NOW = '2026-03-10T06:00:00Z'
const TOKEN = 'payout-admin-token-0123456789'
const TARGET = { p95Ms: 50, ratio: 1.5 }
const RAW_RUNS = Number(process.env.BENCH_PERF_RAW_RUNS ?? 10)

/** One partner, three campaign links, the year's clicks and conversions; the rollup of the counters. */
async function seed(db: pg.Pool) {
  const partner = randomUUID()
  const enrolment = randomUUID()
  const at = '2025-01-01T00:00:00Z'
  await db.query(
    `INSERT INTO partners (id, name, language, legal_type, created_at, updated_at) VALUES ($1, 'bench', 'ka', 'individual', $3, $3);
     INSERT INTO enrolments (id, partner_id, program_key, status, registered_at, created_at, updated_at)
     VALUES ($2, $1, 'chetup', 'active', $3, $3, $3)`
      .replace(/\$1/g, `'${partner}'`)
      .replace(/\$2/g, `'${enrolment}'`)
      .replace(/\$3/g, `'${at}'`),
  )
  await db.query(
    `INSERT INTO referral_codes (id, code, kind, program_key, enrolment_id, campaign_id, created_at)
     SELECT gen_random_uuid(), 'bench' || substr(md5(ca.key), 1, 8), 'link', 'chetup', $1, ca.id, $2
     FROM campaigns ca WHERE ca.program_key = 'chetup' AND ca.key IN ('cafe-sale', 'app-lead', 'shop-click')`,
    [enrolment, at],
  )
  // clicks: evenly over the year, 12 placements (sub1), 3 channels (sub2, absent on every fifth), 300,000 visitors;
  // a visitor's first click of a local day is its unique one
  await db.query(
    `WITH codes AS (SELECT array_agg(id ORDER BY code) AS ids FROM referral_codes WHERE enrolment_id = $1),
     g AS (
       SELECT g, $2::timestamptz + make_interval(secs => g::double precision * $4 / $3) AS at,
              'v' || (g::bigint * 7919 % 300000) AS visitor
       FROM generate_series(0, $3::int - 1) g)
     INSERT INTO clicks (id, code_id, at, ip_hash, user_agent, sub1, sub2, visitor, first_of_day)
     SELECT gen_random_uuid(), codes.ids[1 + g % 3], at, md5(visitor), 'Mozilla/5.0', 'placement-' || (g * 7 % 12),
            CASE WHEN g % 5 = 0 THEN NULL ELSE 'ch' || (g % 3) END, visitor,
            row_number() OVER (PARTITION BY (at AT TIME ZONE '${TZ}')::date, visitor ORDER BY at) = 1
     FROM g, codes`,
    [enrolment, START, CLICKS, YEAR_SECONDS],
  )
  await db.query(
    `INSERT INTO click_visitors (enrolment_id, day, visitor)
     SELECT DISTINCT $1::uuid, (at AT TIME ZONE '${TZ}')::date, visitor FROM clicks WHERE first_of_day`,
    [enrolment],
  )
  // conversions: a customer (attributed, converted), its payment event and a 2.00 GEL commission with its postings
  await db.query(
    `CREATE TEMP TABLE conv AS
     SELECT k, gen_random_uuid() AS customer_id, gen_random_uuid() AS event_id, gen_random_uuid() AS commission_id,
            $2::timestamptz + make_interval(secs => k::double precision * $4 / $3 + 17) AS at,
            (SELECT array_agg(id ORDER BY code) FROM referral_codes WHERE enrolment_id = $1)[1 + k % 3] AS code_id,
            'placement-' || (k * 5 % 12) AS sub1, CASE WHEN k % 5 = 0 THEN NULL ELSE 'ch' || (k % 3) END AS sub2
     FROM generate_series(0, $3::int - 1) k`,
    [enrolment, START, CONVERSIONS, YEAR_SECONDS],
  )
  await db.query(
    `INSERT INTO customers (id, program_key, external_id, enrolment_id, code_id, attributed_at, signed_up_via_link,
                            sub1, sub2, converted_at, created_at)
     SELECT customer_id, 'chetup', 'cust-' || k, $1, code_id, at, true, sub1, sub2, at, at FROM conv;
     INSERT INTO events (id, program_key, external_id, type, occurred_at, received_at, customer_id, order_ref,
                         amount_minor, currency, campaign_key, sub1, sub2, body_hash, payload)
     SELECT event_id, 'chetup', 'ev-' || k, 'payment', at, at, customer_id, 'order-' || k, 2000, 'GEL', 'cafe-sale',
            sub1, sub2, md5('ev-' || k), '{}'::jsonb FROM conv;
     INSERT INTO commissions (id, program_key, enrolment_id, customer_id, event_id, rule, order_ref, currency,
                              amount_minor, basis_minor, rate_bps, status, available_at, occurred_at, created_at,
                              updated_at)
     SELECT commission_id, 'chetup', $1, customer_id, event_id, 'campaign', 'order-' || k, 'GEL', 200, 2000, 1000,
            'available', at, at, at, at FROM conv;
     INSERT INTO ledger_entries (journal, seq, program_key, enrolment_id, account, currency, amount_minor, kind,
                                 commission_id, event_id, effective_at, created_at)
     SELECT 'commission:' || commission_id, leg.seq, 'chetup', $1, leg.account::"LedgerAccount", 'GEL',
            leg.sign * 200, 'commission', commission_id, event_id, at, at
     FROM conv CROSS JOIN (VALUES (0, 'earned', 1), (1, 'commission_expense', -1)) AS leg(seq, account, sign);
     INSERT INTO payout_requests (id, program_key, enrolment_id, idempotency_key, request_hash, currency, method,
                                  gross_minor, fee_minor, tax_minor, net_minor, status, payment_ref, paid_at,
                                  created_at, updated_at)
     SELECT gen_random_uuid(), 'chetup', $1, 'bench-' || m, md5('p' || m), 'GEL', 'bank', 1000000, 0, 200000,
            800000, 'paid', 'REF-' || m, $2::timestamptz + make_interval(days => m * 30 + 1),
            $2::timestamptz + make_interval(days => m * 30), $2::timestamptz + make_interval(days => m * 30)
     FROM generate_series(0, 11) m`
      .replace(/\$1/g, `'${enrolment}'`)
      .replace(/\$2/g, `'${START}'`),
  )
  // the counters' rollup, as the click and postback writes keep it
  await db.query(
    `INSERT INTO performance_days AS p (enrolment_id, dim, day, code_id, value, currency, clicks, unique_clicks,
                                       signups, first_payments)
     SELECT $1::uuid, d.dim, x.day, d.code_id, d.value, '', sum(clicks), sum(uniq), sum(signups), sum(firsts)
     FROM (
       SELECT (at AT TIME ZONE '${TZ}')::date AS day, code_id, sub1, sub2, 1 AS clicks, first_of_day::int AS uniq,
              0 AS signups, 0 AS firsts
       FROM clicks
       UNION ALL
       SELECT (at AT TIME ZONE '${TZ}')::date, code_id, sub1, sub2, 0, 0, 1, 1 FROM conv
     ) x
     CROSS JOIN LATERAL (VALUES ('', x.code_id, ''), ('sub1', '${NO_CODE}'::uuid, x.sub1),
                                ('sub2', '${NO_CODE}'::uuid, x.sub2)) AS d(dim, code_id, value)
     WHERE d.value IS NOT NULL
     GROUP BY 2, 3, 4, 5`,
    [enrolment],
  )
  await db.query('ANALYZE')
  const codes = (await db.query('SELECT id FROM referral_codes WHERE enrolment_id = $1', [enrolment])).rows.map(
    (r) => r.id as string,
  )
  return { partner, enrolment, codes }
}

const KEY = {
  day: (t: string) => `to_char((${t} AT TIME ZONE '${TZ}')::date, 'YYYY-MM-DD')`,
  week: (t: string) => `to_char((${t} AT TIME ZONE '${TZ}')::date, 'IYYY-"W"IW')`,
  month: (t: string) => `to_char((${t} AT TIME ZONE '${TZ}')::date, 'YYYY-MM')`,
} as const
type By = 'day' | 'week' | 'month' | 'link' | 'campaign' | 'sub1'

/**
 * What one would write by hand over the raw rows, without a rollup: clicks and unique clicks from clicks, sign-ups
 * and first payments from customers, commissions from commissions joined to their events, per key, for the
 * partner's enrolment and links over [from, to).
 */
function rawSql(by: By) {
  // links and campaigns: grouped by the link's id first, named once per group (not once per click)
  const key = (t: string, code: string, sub: string) =>
    by === 'link' || by === 'campaign' ? `${code}::text` : by === 'sub1' ? sub : KEY[by](t)
  const named =
    by === 'link'
      ? '(SELECT code FROM referral_codes WHERE id = x.key::uuid)'
      : by === 'campaign'
        ? '(SELECT ca.key FROM referral_codes r JOIN campaigns ca ON ca.id = r.campaign_id WHERE r.id = x.key::uuid)'
        : 'x.key'
  return `
    SELECT ${named} AS key, sum(clicks) AS clicks, sum(uniq) AS uniq, sum(signups) AS signups, sum(firsts) AS firsts, currency,
           sum(minor) AS minor
    FROM (
      SELECT ${key('cl.at', 'cl.code_id', 'cl.sub1')} AS key, count(*) AS clicks,
             count(*) FILTER (WHERE cl.first_of_day) AS uniq, 0 AS signups, 0 AS firsts, NULL::text AS currency, 0 AS minor
      FROM clicks cl WHERE cl.code_id = ANY($2::uuid[]) AND cl.at >= $3 AND cl.at < $4 GROUP BY 1
      UNION ALL
      SELECT ${key('cu.attributed_at', 'cu.code_id', 'cu.sub1')}, 0, 0, count(*), 0, NULL, 0
      FROM customers cu WHERE cu.enrolment_id = $1 AND cu.attributed_at >= $3 AND cu.attributed_at < $4 GROUP BY 1
      UNION ALL
      SELECT ${key('cu.converted_at', 'cu.code_id', 'cu.sub1')}, 0, 0, 0, count(*), NULL, 0
      FROM customers cu WHERE cu.enrolment_id = $1 AND cu.converted_at >= $3 AND cu.converted_at < $4 GROUP BY 1
      UNION ALL
      SELECT ${key('cm.occurred_at', 'cu.code_id', 'ev.sub1')}, 0, 0, 0, 0, cm.currency, sum(cm.amount_minor)
      FROM commissions cm JOIN events ev ON ev.id = cm.event_id LEFT JOIN customers cu ON cu.id = cm.customer_id
      WHERE cm.enrolment_id = $1 AND cm.occurred_at >= $3 AND cm.occurred_at < $4 AND cm.status <> 'rejected'
      GROUP BY 1, 6
    ) x
    GROUP BY 1, currency
    ORDER BY 1`
}

/** The one aggregate over the rollup, as a hand-written query would read it. */
function rollupSql(by: By) {
  const key =
    by === 'link'
      ? 'rc.code'
      : by === 'campaign'
        ? 'ca.key'
        : by === 'sub1'
          ? 'p.value'
          : `to_char(p.day, '${{ day: 'YYYY-MM-DD', week: 'IYYY-"W"IW', month: 'YYYY-MM' }[by]}')`
  const codes = by === 'link' || by === 'campaign'
  return `SELECT ${key} AS key, p.currency, sum(p.clicks), sum(p.unique_clicks), sum(p.signups), sum(p.first_payments),
                 sum(p.commission_minor)
          FROM performance_days p
          ${codes ? 'LEFT JOIN referral_codes rc ON rc.id = p.code_id LEFT JOIN campaigns ca ON ca.id = rc.campaign_id' : ''}
          WHERE p.enrolment_id = $1 AND p.dim = '${by === 'sub1' ? 'sub1' : ''}' AND p.day >= $2::date AND p.day <= $3::date
          GROUP BY 1, 2`
}

/**
 * The same answer's other parts, by hand: the newest page of commission lines, each with what its own postings sum to
 * (what was taken back of it), and the payouts of the period.
 */
const LINES_SQL = `
  SELECT cm.id, cm.occurred_at, cm.status, cm.rule, cm.currency, cm.amount_minor, cu.external_id, cm.order_ref, rc.code,
         ca.key, ev.sub1, ev.sub2, ev.sub3, ev.sub4, ev.sub5, lg.*
  FROM commissions cm JOIN events ev ON ev.id = cm.event_id LEFT JOIN customers cu ON cu.id = cm.customer_id
  LEFT JOIN referral_codes rc ON rc.id = cu.code_id LEFT JOIN campaigns ca ON ca.id = rc.campaign_id
  CROSS JOIN LATERAL (SELECT sum(le.amount_minor) AS posted, count(*) AS postings,
                             (array_agg(le.reason ORDER BY le.id DESC) FILTER (WHERE le.kind = 'reversal'))[1] AS reason
                      FROM ledger_entries le
                      WHERE le.commission_id = cm.id AND le.account IN ('earned', 'held')) lg
  WHERE cm.enrolment_id = $1 AND cm.occurred_at >= $2 AND cm.occurred_at < $3
  ORDER BY cm.occurred_at DESC, cm.id DESC LIMIT 51`
const PAYOUTS_SQL = `
  SELECT id, created_at, status, method, currency, gross_minor, net_minor, payment_ref, paid_at FROM payout_requests
  WHERE enrolment_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at DESC, id DESC LIMIT 100`

async function timed(runs: number, fn: () => Promise<unknown>, warmUp = 5) {
  for (let i = 0; i < warmUp; i++) await fn()
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    ms.push(performance.now() - t)
  }
  ms.sort((a, b) => a - b)
  const at = (p: number) => +ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(2)
  return { p50: at(0.5), p95: at(0.95) }
}

export async function runPerformanceBench() {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  const schema = `bench_perf_${randomUUID().slice(0, 8)}`
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-bench-perf-'))
  let url = `pglite:${path.join(dataDir, 'db')}`
  if (server) {
    const u = new URL(server)
    u.searchParams.set('schema', schema)
    url = u.toString()
  }
  try {
    const started = performance.now()
    // the year of rows is seeded in a few large statements: no query timeout for them
    const db = await openDatabase({ url, migrate: true, queryTimeoutMs: 0 })
    let seeded: Awaited<ReturnType<typeof seed>>
    try {
      await syncPrograms(db.prisma, loadProgramDefinitions(), new Date('2025-01-01T00:00:00Z'))
      seeded = await seed(db.pool)
    } finally {
      await db.close()
    }
    const seedMs = Math.round(performance.now() - started)
    const service = await startService(
      serviceConfig({
        DATABASE_URL: url,
        DATA_DIR: dataDir,
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: schema } : {}),
      }),
      { clock: new ManualClock(NOW) },
    )
    try {
      const pool = service.db.pool
      const rollupRows = Number((await pool.query('SELECT count(*) FROM performance_days')).rows[0].count)
      const cases: { name: string; by: By; from: string; to: string }[] = [
        ...(['day', 'week', 'month', 'link', 'campaign', 'sub1'] as By[]).map((by) => ({
          name: `${by}, year`,
          by,
          from: '2025-03-10',
          to: '2026-03-09',
        })),
        { name: 'day, 30 days', by: 'day', from: '2026-02-08', to: '2026-03-09' },
      ]
      const results = []
      for (const c of cases) {
        const report = async () => {
          const r = await fetch(
            `${service.url}/v1/partners/${seeded.partner}/performance?program=chetup&from=${c.from}&to=${c.to}&by=${c.by}`,
            { headers: { authorization: `Bearer ${TOKEN}` } },
          )
          if (r.status !== 200) throw new Error(`report ${r.status}: ${await r.text()}`)
          return (await r.json()) as { totals: { clicks: number; uniqueClicks: number; signups: number } }
        }
        // local dates -> instants, as the report bounds them (Tbilisi has no DST: UTC+4)
        const fromAt = new Date(`${c.from}T00:00:00+04:00`)
        const toAt = new Date(new Date(`${c.to}T00:00:00+04:00`).getTime() + 86_400_000)
        // the whole answer by hand: the counters, the page of lines and the payouts, sent together as the service does
        const rest = () => [
          pool.query(LINES_SQL, [seeded.enrolment, fromAt, toAt]),
          pool.query(PAYOUTS_SQL, [seeded.enrolment, fromAt, toAt]),
        ]
        const counters = () => pool.query(rawSql(c.by), [seeded.enrolment, seeded.codes, fromAt, toAt])
        const raw = async () => (await Promise.all([counters(), ...rest()]))[0]
        const rollup = () => Promise.all([pool.query(rollupSql(c.by), [seeded.enrolment, c.from, c.to]), ...rest()])
        // the report through core alone, without HTTP
        const core = () =>
          service.core.reports.performance(seeded.partner, { program: 'chetup', from: c.from, to: c.to, by: c.by })
        // the report's totals are the raw rows' totals
        const [got, rows] = [await report(), (await raw()).rows]
        const sum = (k: string) => rows.reduce((s, r) => s + Number(r[k]), 0)
        if (got.totals.clicks !== sum('clicks') || got.totals.uniqueClicks !== sum('uniq'))
          throw new Error(`${c.name}: report ${JSON.stringify(got.totals)} vs raw ${sum('clicks')}/${sum('uniq')}`)
        if (got.totals.signups !== sum('signups'))
          throw new Error(`${c.name}: signups ${got.totals.signups} vs ${sum('signups')}`)
        const service_ = await timed(40, report)
        const coreMs = await timed(40, core)
        // over the raw rows a query takes seconds: fewer runs
        const rawSqlMs = await timed(RAW_RUNS, raw, 1)
        const rollupSqlMs = await timed(40, rollup)
        process.stderr.write(`performance bench: ${c.name} done\n`)
        results.push({
          report: c.name,
          rows: rows.length,
          service: service_,
          core: coreMs,
          rawSql: rawSqlMs,
          rollupSql: rollupSqlMs,
          ratioToRawSql: +(service_.p95 / rawSqlMs.p95).toFixed(2),
          ratioToRollupSql: +(service_.p95 / rollupSqlMs.p95).toFixed(2),
        })
      }
      const worst = Math.max(...results.map((r) => r.service.p95))
      const worstRatio = Math.max(...results.map((r) => r.ratioToRawSql))
      return {
        benchmark: 'performance_report',
        database: server ? 'postgresql' : 'pglite',
        clicks: CLICKS,
        conversions: CONVERSIONS,
        rollupRows,
        seedMs,
        results,
        target: {
          ...TARGET,
          met: worst < TARGET.p95Ms && worstRatio <= TARGET.ratio,
          worstP95: worst,
          worstRatioToRawSql: worstRatio,
        },
      }
    } finally {
      await service.close()
    }
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

export function describePerformanceBench(r: Awaited<ReturnType<typeof runPerformanceBench>>) {
  const lines = r.results.map(
    (x) =>
      `  ${x.report.padEnd(14)} report p50 ${x.service.p50} / p95 ${x.service.p95} ms (core alone p95 ${x.core.p95}) | raw SQL p95 ${x.rawSql.p95} ms (x${x.ratioToRawSql}) | rollup SQL p95 ${x.rollupSql.p95} ms (x${x.ratioToRollupSql}) | ${x.rows} rows`,
  )
  return (
    `performance report (${r.database}): ${r.clicks} clicks, ${r.conversions} conversions, ${r.rollupRows} rollup rows; ` +
    `worst p95 ${r.target.worstP95} ms (target < ${r.target.p95Ms}), worst ratio to raw SQL ${r.target.worstRatioToRawSql} ` +
    `(target <= ${r.target.ratio}): ${r.target.met ? 'met' : 'MISSED'}\n${lines.join('\n')}\n`
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runPerformanceBench()
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`)
      process.stdout.write(describePerformanceBench(r))
      process.exit(0)
    })
    .catch((e) => {
      process.stderr.write(`performance bench failed: ${e instanceof Error ? e.stack : String(e)}\n`)
      process.exit(1)
    })
}
