// npm run bench: signed postback ingestion on this machine, beside a raw single-row INSERT through the same
// driver (pg) in the same run; then the weekly payout batch for 10,000 melbet partners beside the plain SQL
// aggregate (payout-batch.ts, in a process of its own so that its peak RSS is its own). BENCH_DATABASE_URL (or
// TEST_DATABASE_URL) picks PostgreSQL; without it the embedded PGlite is measured. BENCH_ONLY=postbacks,
// clicks, payouts, telegram, broadcast, footprint or performance runs one of them (telegram: update -> reply latency,
// test/bench/telegram.ts; broadcast: a 10,000-partner term change against an 80 ms Bot API with 429s,
// test/bench/broadcast.ts; footprint: first start and memory of the service as a process, compiled and from
// source, test/bench/footprint.ts; performance: the partner report over 1,000,000 clicks and 100,000 conversions
// beside hand-written SQL, test/bench/performance.ts). Prints one JSON line per benchmark and a human line after each.
// the service's heap settings, as `npm start` has them (bots/main.ts imports the same first)
import '../../bots/heap.ts'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { Session } from 'node:inspector/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import pg from 'pg'
import { loadConfig } from '../../bots/config.ts'
import { startService } from '../../bots/service.ts'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 6000)
const CLICKS = Number(process.env.BENCH_CLICKS ?? 4000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32)
const PARTNERS = 200
const SECRET = 'whsec_YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldA=='

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function drive(n: number, concurrency: number, one: (i: number) => Promise<void>) {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++
        if (i >= n) return
        const t = performance.now()
        await one(i)
        latencies.push(performance.now() - t)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    perSecond: Math.round(n / seconds),
    p50: +percentile(latencies, 50).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
    seconds: +seconds.toFixed(2),
  }
}

/** A benchmark in a child process with this environment (its peak RSS is its own); resolves with its exit code. */
function childBench(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL(file, import.meta.url).pathname], {
      stdio: 'inherit',
      env: process.env,
    })
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

/** Postbacks and transactions so far, and the transactions rolled back, from the service's group-commit histogram (GET /metrics). */
async function batchTotals(base: string) {
  const text = await (await fetch(`${base}/metrics`)).text()
  const total = (suffix: string, outcome = '[^"]*') =>
    [...text.matchAll(new RegExp(`^pa_postback_batch_size_${suffix}\\{outcome="${outcome}"\\} (\\d+)`, 'gm'))].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    )
  return { sum: total('sum'), count: total('count'), rolledBack: total('count', 'split') + total('count', 'failed') }
}

/** CPU time (user + system) of a process or thread from its /proc stat file, in ms; undefined if it is gone. */
function statCpuMs(file: string): number | undefined {
  try {
    const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10 // utime, stime; USER_HZ is 100 on Linux
  } catch {
    return undefined
  }
}

/** The local ports of this process's TCP connections (its socket inodes, looked up in /proc/self/net/tcp*). */
function ownLocalPorts(): Set<number> {
  const inodes = new Set<string>()
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))
      if (m) inodes.add(m[1]!)
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>()
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    try {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/)
        if (f.length > 9 && inodes.has(f[9]!)) ports.add(Number.parseInt(f[1]!.split(':')[1]!, 16))
      }
    } catch {
      // no such table
    }
  }
  return ports
}

/**
 * The CPU time so far of the PostgreSQL backends serving this process's connections (the service's pool), by pid:
 * other sessions' databases on the same server are not counted. Undefined on embedded PGlite (it runs in here).
 */
let monitor: pg.Client | undefined
async function ownPostgresCpu(): Promise<Map<number, number> | undefined> {
  if (!monitor) return undefined
  const ports = ownLocalPorts()
  const { rows } = await monitor.query<{ pid: number; client_port: number }>(
    'SELECT pid, client_port FROM pg_stat_activity WHERE client_port IS NOT NULL AND pid <> pg_backend_pid()',
  )
  const cpu = new Map<number, number>()
  for (const r of rows) {
    if (!ports.has(r.client_port)) continue
    const ms = statCpuMs(`/proc/${r.pid}/stat`)
    if (ms !== undefined) cpu.set(r.pid, ms)
  }
  return cpu
}

/**
 * BENCH_PROFILE=<dir>: the main thread (the service; the load generator has a thread of its own) is profiled during
 * each measured load, written as <dir>/<name>.cpuprofile (Chrome DevTools, or test/bench/profile-summary.mjs for
 * self time by function). BENCH_HEAP_PROFILE=<dir>: its allocations instead, as <dir>/<name>.heapprofile (the same
 * summary, in KB).
 *
 * The profilers BENCH_HEAP_PROFILE and BENCH_PROFILE start (the first one set wins), and their files' extension. */
const PROFILERS = [
  {
    env: 'BENCH_HEAP_PROFILE',
    ext: 'heapprofile',
    // what is allocated during the load, collected objects included (not only what survives it)
    start: [
      [
        'HeapProfiler.startSampling',
        { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true },
      ],
    ],
    stop: 'HeapProfiler.stopSampling',
  },
  {
    env: 'BENCH_PROFILE',
    ext: 'cpuprofile',
    start: [['Profiler.enable'], ['Profiler.setSamplingInterval', { interval: 200 }], ['Profiler.start']],
    stop: 'Profiler.stop',
  },
] as const

async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  const profiler = PROFILERS.find((p) => process.env[p.env])
  if (!profiler) return run()
  const dir = process.env[profiler.env]!
  const session = new Session()
  session.connect()
  const post = session.post.bind(session) as (method: string, params?: object) => Promise<{ profile?: unknown }>
  for (const [method, params] of profiler.start) await post(method, params)
  try {
    return await run()
  } finally {
    const { profile } = await post(profiler.stop)
    session.disconnect()
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, `${name}.${profiler.ext}`), JSON.stringify(profile))
  }
}

/**
 * Runs a load and adds what it cost in CPU per request: this process (`node`: the service and the load generator's
 * thread), its main thread alone (`service`: the service's JavaScript, HTTP and driver work) and the PostgreSQL
 * backends of its connections (`postgres`). On two cores, N requests/s leave 2000/N ms of CPU for each.
 */
async function measured<T extends { perSecond: number; seconds: number; loadGeneratorCpuMs?: number }>(
  name: string,
  run: () => Promise<T>,
) {
  const mainThread = `/proc/self/task/${process.pid}/stat`
  const cpu = process.cpuUsage()
  const serviceBefore = statCpuMs(mainThread) ?? 0
  const pgBefore = await ownPostgresCpu()
  const result = await profiled(name, run)
  const used = process.cpuUsage(cpu)
  const serviceMs = (statCpuMs(mainThread) ?? 0) - serviceBefore
  const pgAfter = await ownPostgresCpu()
  // a backend opened during the load counts from zero; one closed during it is lost (the pool keeps them busy)
  const pgMs = pgAfter ? [...pgAfter].reduce((sum, [pid, ms]) => sum + ms - (pgBefore?.get(pid) ?? 0), 0) : 0
  const requests = result.perSecond * result.seconds
  const { loadGeneratorCpuMs = 0, ...rest } = result
  return {
    ...rest,
    cpuMsPerRequest: {
      node: +((used.user + used.system) / 1000 / requests).toFixed(3),
      service: +(serviceMs / requests).toFixed(3),
      postgres: +(pgMs / requests).toFixed(3),
      // the load generator's own thread, inside `node`: what the service's process spends is node minus this
      loadGenerator: +(loadGeneratorCpuMs / requests).toFixed(3),
    },
  }
}

async function main() {
  if (process.env.BENCH_ONLY === 'payouts') process.exit(await childBench('./payout-batch.ts'))
  if (process.env.BENCH_ONLY === 'telegram') process.exit(await childBench('./telegram.ts'))
  if (process.env.BENCH_ONLY === 'broadcast') process.exit(await childBench('./broadcast.ts'))
  if (process.env.BENCH_ONLY === 'footprint') process.exit(await childBench('./footprint.ts'))
  if (process.env.BENCH_ONLY === 'performance') process.exit(await childBench('./performance.ts'))
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  const schema = `bench_${randomUUID().slice(0, 8)}`
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-bench-'))
  let url = `pglite:${path.join(dataDir, 'db')}`
  if (server) {
    const u = new URL(server)
    u.searchParams.set('schema', schema)
    url = u.toString()
  }
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    DATABASE_URL: url,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: schema } : {}),
    ADMIN_API_TOKEN: 'bench-admin-token-0123456789',
    POSTBACK_SECRET_JQSEE: SECRET,
  })
  const service = await startService(config)
  if (server) {
    const target = parseDatabaseUrl(server)
    monitor = new pg.Client({
      connectionString: target.kind === 'postgres' ? target.connectionString : server,
    })
    await monitor.connect()
  }
  const base = service.url
  const auth = { authorization: 'Bearer bench-admin-token-0123456789', 'content-type': 'application/json' }
  // jqsee's promo codes for the postbacks; referral links (quantower) for the clicks: a promo code is no link, its
  // URL records no click
  const codes: string[] = []
  const links: string[] = []
  for (const [program, into] of [
    ['jqsee', codes],
    ['quantower', links],
  ] as const) {
    for (let i = 0; i < PARTNERS; i++) {
      const r = await fetch(`${base}/v1/programs/${program}/partners`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: `b${i}`, language: 'en', legalType: 'individual' }),
      })
      into.push(((await r.json()) as { codes: { code: string }[] }).codes[0]!.code)
    }
  }
  // node:http alone in this process, answering what /healthz answers: what express costs on top, for the reader
  const bareServer = http.createServer((req, res) => {
    const body = '{"status":"ok"}'
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length })
    res.end(body)
    req.resume()
  })
  await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve))
  const bare = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`
  const load = (events: number, offset: number, mode: LoadMode = 'postbacks') =>
    new Promise<LoadResult>((resolve, reject) => {
      const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
        workerData: { base, bare, codes, links, events, offset, concurrency: CONCURRENCY, secret: SECRET, mode },
      })
      worker.once('error', reject)
      worker.once('message', (m: { seconds: number; latencies: number[]; recorded: number; cpuMs: number }) => {
        const sorted = m.latencies.sort((a, b) => a - b)
        resolve({
          recorded: m.recorded,
          loadGeneratorCpuMs: m.cpuMs,
          perSecond: Math.round(events / m.seconds),
          p50: +percentile(sorted, 50).toFixed(2),
          p99: +percentile(sorted, 99).toFixed(2),
          seconds: +m.seconds.toFixed(2),
        })
        void worker.terminate()
      })
    })
  const dropSchema = async () => {
    if (!server || process.env.BENCH_KEEP_SCHEMA) return
    const admin = new pg.Client({
      connectionString:
        parseDatabaseUrl(server).kind === 'postgres'
          ? (parseDatabaseUrl(server) as { connectionString: string }).connectionString
          : server,
    })
    await admin.connect()
    await admin.query(`DROP SCHEMA "${schema}" CASCADE`)
    await admin.end()
  }
  if (process.env.BENCH_ONLY === 'clicks') {
    const result = await clicks(service, (n, offset, mode) => load(n, offset, mode))
    await service.close()
    await dropSchema()
    rmSync(dataDir, { recursive: true, force: true })
    printClicks(result, server ? 'postgresql' : 'pglite')
    process.exit(0)
  }
  let peakRss = 0
  // on the service's thread: rss() alone (memoryUsage() walks the heap), every 250 ms (each read costs ~0.5 ms here)
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, 250)
  await load(300, EVENTS * 10) // warm-up: plans, connections, JIT
  const batchesBefore = await batchTotals(base)
  const postbacks = await measured('postbacks', () => load(EVENTS, 0))
  const batchesAfter = await batchTotals(base)
  const transactions = batchesAfter.count - batchesBefore.count
  clearInterval(sampler)
  // The floor under any postback: the same client and server answering GET /healthz, no database.
  const httpOnly = await measured('healthz-postbacks', () => load(EVENTS, 0, 'healthz'))

  // Baseline: a raw single-row INSERT through the same driver, same concurrency, same database.
  const target = parseDatabaseUrl(url)
  const connectionString = target.kind === 'postgres' ? target.connectionString : undefined
  let baseline: Awaited<ReturnType<typeof drive>>
  if (connectionString) {
    const pool = new pg.Pool({ connectionString, max: 10, options: `-c search_path="${schema}"` })
    await pool.query(
      'CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, external_id text UNIQUE, amount_minor bigint, payload jsonb)',
    )
    baseline = await drive(EVENTS, CONCURRENCY, async (i) => {
      await pool.query('INSERT INTO bench_baseline (external_id, amount_minor, payload) VALUES ($1, $2, $3)', [
        `x${i}`,
        12000,
        { i },
      ])
    })
    await pool.end()
  } else {
    // embedded: the same pg driver against the service's own PGlite socket is not exposed; use prisma's raw insert
    const prisma = service.db.prisma
    await prisma.$executeRawUnsafe(
      'CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, external_id text UNIQUE, amount_minor bigint, payload jsonb)',
    )
    baseline = await drive(EVENTS, CONCURRENCY, async (i) => {
      await prisma.$executeRaw`INSERT INTO bench_baseline (external_id, amount_minor, payload) VALUES (${`x${i}`}, ${12000}, ${JSON.stringify({ i })}::jsonb)`
    })
  }
  const clicked = await clicks(service, (n, offset, mode) => load(n, offset, mode))
  await service.close()
  await dropSchema()
  rmSync(dataDir, { recursive: true, force: true })
  const result = {
    database: server ? 'postgresql' : 'pglite',
    events: EVENTS,
    concurrency: CONCURRENCY,
    postbacks,
    rawInsertBaseline: baseline,
    httpOnlyBaseline: httpOnly,
    transactions,
    rolledBack: batchesAfter.rolledBack - batchesBefore.rolledBack,
    postbacksPerTransaction: +((batchesAfter.sum - batchesBefore.sum) / Math.max(1, transactions)).toFixed(1),
    ratio: +(postbacks.perSecond / baseline.perSecond).toFixed(3),
    ratioToHttpOnly: +(postbacks.perSecond / httpOnly.perSecond).toFixed(3),
    peakRssMiB: Math.round(peakRss / 1048576),
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    targets: { ratioToHttpOnly: 0.5, p99Ms: 100 },
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.stdout.write(
    `postbacks: ${postbacks.perSecond}/s p50 ${postbacks.p50} ms p99 ${postbacks.p99} ms, ${result.postbacksPerTransaction} per transaction (${result.rolledBack} rolled back), CPU per postback ${cpuLine(postbacks.cpuMsPerRequest)} | floor (GET /healthz, this run): ${httpOnly.perSecond}/s p99 ${httpOnly.p99} ms, CPU ${cpuLine(httpOnly.cpuMsPerRequest)} | ratio to the floor ${result.ratioToHttpOnly} (target >= 0.5), p99 ${postbacks.p99} ms (target < 100) | raw INSERT (no HTTP): ${baseline.perSecond}/s p99 ${baseline.p99} ms (postbacks/raw ${result.ratio}) | peak RSS ${result.peakRssMiB} MiB | load average ${result.loadAverage}\n`,
  )
  printClicks(clicked, result.database)
  if (process.env.BENCH_ONLY === 'postbacks') process.exit(0)
  process.exit(
    (await childBench('./payout-batch.ts')) ||
      (await childBench('./telegram.ts')) ||
      (await childBench('./broadcast.ts')) ||
      (await childBench('./footprint.ts')) ||
      (await childBench('./performance.ts')),
  )
}

type LoadMode = 'postbacks' | 'healthz' | 'bare' | 'clicks'
/** A load's result; loadGeneratorCpuMs: what the load generator's thread spent in all. */
type LoadResult = Awaited<ReturnType<typeof drive>> & { recorded: number; loadGeneratorCpuMs: number }
type Load = (n: number, offset: number, mode: LoadMode) => Promise<LoadResult>

/**
 * Referral clicks (GET /r/{code}, each from its own address, over 200 codes) beside the HTTP floor (GET /healthz)
 * measured just before them in the same run, and the clicks the database holds once the service's buffer is written.
 */
async function clicks(service: Awaited<ReturnType<typeof startService>>, load: Load) {
  await load(300, 1_000_000, 'clicks') // warm-up: plans, connections, JIT
  const floor = await measured('healthz-clicks', () => load(CLICKS, 0, 'healthz'))
  const clicked = await measured('clicks', () => load(CLICKS, 0, 'clicks'))
  const bare = await measured('bare-clicks', () => load(CLICKS, 0, 'bare'))
  await service.core.earnings.clicks?.flush()
  const rows = await service.db.prisma.click.count()
  return {
    clicks: CLICKS,
    concurrency: CONCURRENCY,
    clicked,
    httpOnlyBaseline: floor,
    bareNodeHttp: bare,
    ratioToBareNodeHttp: +(clicked.perSecond / bare.perSecond).toFixed(3),
    written: rows,
    ratioToHttpOnly: +(clicked.perSecond / floor.perSecond).toFixed(3),
    p99ToHttpOnly: +(clicked.p99 / floor.p99).toFixed(2),
    targets: { ratioToHttpOnly: 0.7, p99ToHttpOnly: 2 },
  }
}

/** CPU per request as the human line prints it: the service's process (its main thread), PostgreSQL, the load generator. */
function cpuLine(c: { node: number; service: number; postgres: number; loadGenerator: number }) {
  const service = +(c.node - c.loadGenerator).toFixed(3)
  return `${service} ms service process (main thread ${c.service}) + ${c.postgres} ms PostgreSQL + ${c.loadGenerator} ms load generator`
}

function printClicks(r: Awaited<ReturnType<typeof clicks>>, database: string) {
  process.stdout.write(`${JSON.stringify({ database, ...r })}\n`)
  process.stdout.write(
    `clicks: ${r.clicked.perSecond}/s p50 ${r.clicked.p50} ms p99 ${r.clicked.p99} ms, ${r.clicked.recorded} of ${r.clicks} recorded (${r.written} rows with the warm-up), CPU per click ${cpuLine(r.clicked.cpuMsPerRequest)} | floor (GET /healthz, this run): ${r.httpOnlyBaseline.perSecond}/s p99 ${r.httpOnlyBaseline.p99} ms, CPU ${cpuLine(r.httpOnlyBaseline.cpuMsPerRequest)} | ratio to the floor ${r.ratioToHttpOnly} (target >= 0.7), p99 ${r.p99ToHttpOnly}x the floor's (target < 2) | node:http alone (no express, for reference): ${r.bareNodeHttp.perSecond}/s p99 ${r.bareNodeHttp.p99} ms, CPU ${r.bareNodeHttp.cpuMsPerRequest.node} ms (thread ${r.bareNodeHttp.cpuMsPerRequest.service}); clicks/node:http ${r.ratioToBareNodeHttp}\n`,
  )
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
