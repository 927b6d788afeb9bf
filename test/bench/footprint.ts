// BENCH_ONLY=footprint: the service as a process of its own, as `npm start` runs it (compiled, dist/) and as it ran
// before (TypeScript through tsx), measured from outside: (1) a first embedded start (a fresh DATA_DIR, no
// DATABASE_URL, no REDIS_URL): seconds until it is up, its CPU, its RSS then and its peak; (2) on PostgreSQL and
// Redis (BENCH_DATABASE_URL or TEST_DATABASE_URL, and REDIS_URL), its RSS after the postback benchmark's load
// (200 partners enrolled, BENCH_EVENTS signed postbacks at BENCH_CONCURRENCY from this process) and its peak.
// The RSS is the service process's own (/proc/<pid>/status), not the load generator's nor Redis's.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import pg from 'pg'
import { appPath } from '../../core/infra/app-root.ts'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 6000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32)
const SECRET = 'whsec_YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldA=='
const TOKEN = 'bench-admin-token-0123456789'
const RUNS = {
  compiled: [process.execPath, 'dist/bots/main.js'],
  source: [process.execPath, '--import', 'tsx', 'bots/main.ts'],
} as const

const mib = (kb: number) => Math.round(kb / 1024)
function status(pid: number) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0)
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return { rssMiB: mib(kb('VmRSS')), peakRssMiB: mib(kb('VmHWM')), cpuMs: (Number(stat[11]) + Number(stat[12])) * 10 }
}

/** The service started with this environment; resolves when it logs that it is up. */
function start(run: keyof typeof RUNS, env: Record<string, string>) {
  const [cmd, ...args] = RUNS[run]
  const started = performance.now()
  const child = spawn(cmd, args, {
    cwd: appPath(),
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: os.tmpdir(),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise<{ child: ChildProcess; url: string; upMs: number }>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const line = out.split('\n').find((l) => l.includes('"partner assistant is up"'))
      if (line) {
        out = ''
        resolve({ child, url: String(JSON.parse(line).url), upMs: Math.round(performance.now() - started) })
      }
    })
    child.once('exit', (code) => reject(new Error(`${run} exited with ${code} before it was up`)))
  })
}

async function stop(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

async function firstEmbeddedStart(run: keyof typeof RUNS) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-footprint-'))
  try {
    const { child, upMs } = await start(run, { DATA_DIR: dataDir })
    const atUp = status(child.pid!)
    await stop(child)
    return { upSeconds: +(upMs / 1000).toFixed(1), ...atUp }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function load(base: string, codes: string[]) {
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
      workerData: {
        base,
        codes,
        events: EVENTS,
        offset: 0,
        concurrency: CONCURRENCY,
        secret: SECRET,
        mode: 'postbacks',
      },
    })
    worker.once('error', reject)
    worker.once('message', () => {
      void worker.terminate()
      resolve()
    })
  })
}

async function afterLoad(run: keyof typeof RUNS, server: string, redisUrl: string) {
  const schema = `footprint_${randomUUID().slice(0, 8)}`
  const url = new URL(server)
  url.searchParams.set('schema', schema)
  const { child, url: base } = await start(run, {
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'pa-footprint-')),
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: schema,
    ADMIN_API_TOKEN: TOKEN,
    POSTBACK_SECRET_JQSEE: SECRET,
  })
  try {
    const atUp = status(child.pid!)
    const codes: string[] = []
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${base}/v1/programs/jqsee/partners`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `f${i}`, language: 'en', legalType: 'individual' }),
      })
      codes.push(((await r.json()) as { codes: { code: string }[] }).codes[0]!.code)
    }
    await load(base, codes)
    await new Promise((r) => setTimeout(r, 2000)) // the jobs the postbacks announced
    const after = status(child.pid!)
    return { rssAtUpMiB: atUp.rssMiB, rssAfterLoadMiB: after.rssMiB, peakRssMiB: after.peakRssMiB }
  } finally {
    await stop(child)
    const admin = new pg.Client({
      connectionString: (parseDatabaseUrl(server) as { connectionString: string }).connectionString,
    })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  }
}

async function main() {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: appPath(), stdio: 'inherit' })
  if (built.status !== 0) throw new Error('the build failed')
  const result: Record<string, unknown> = {
    firstEmbeddedStart: {
      compiled: await firstEmbeddedStart('compiled'),
      source: await firstEmbeddedStart('source'),
    },
  }
  process.stderr.write(`${JSON.stringify(result)}\n`)
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  if (server && process.env.REDIS_URL) {
    result.postgresAfterPostbackLoad = {
      events: EVENTS,
      compiled: await afterLoad('compiled', server, process.env.REDIS_URL),
      source: await afterLoad('source', server, process.env.REDIS_URL),
    }
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
  const f = result.firstEmbeddedStart as Record<string, ReturnType<typeof status> & { upSeconds: number }>
  for (const run of ['compiled', 'source'] as const) {
    const r = f[run]!
    process.stdout.write(
      `first embedded start (${run}): up in ${r.upSeconds} s, ${r.cpuMs} ms CPU, RSS ${r.rssMiB} MiB (peak ${r.peakRssMiB} MiB)\n`,
    )
  }
  const p = result.postgresAfterPostbackLoad as
    | Record<string, { rssAfterLoadMiB: number; peakRssMiB: number; rssAtUpMiB: number }>
    | undefined
  for (const run of ['compiled', 'source'] as const) {
    const r = p?.[run]
    if (r) {
      process.stdout.write(
        `PostgreSQL (${run}): RSS ${r.rssAtUpMiB} MiB when up, ${r.rssAfterLoadMiB} MiB after ${EVENTS} postbacks (peak ${r.peakRssMiB} MiB)\n`,
      )
    }
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
