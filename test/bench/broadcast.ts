// The broadcast benchmark (run by `npm run bench`, in a process of its own): a term change published to 10,000
// jqsee partners (seeded with bulk SQL) through the service's own broadcast pump, against the fake Bot API with
// 80 ms latency per message. The fake enforces Telegram's limit itself (more than the ceiling + 10% in any
// second -> 429 retry_after 1) and injects three more 429s (retry_after 1) during the run. Reports throughput
// as a ratio of the configured ceiling (target >= 0.95), the share of 429s (target <= 1%), duplicates and
// losses (both 0), and the fake's own round trip in the same run.
// BENCH_DATABASE_URL (or TEST_DATABASE_URL) picks PostgreSQL; BENCH_BROADCAST_PARTNERS and BENCH_BROADCAST_RATE
// change the size and the ceiling (default 100 messages a second, so the run lasts about 100 s).
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startService } from '../../bots/service.ts'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import {
  BROADCAST_AT,
  broadcastServiceConfig,
  FIRST_CHAT,
  seedBroadcastPartners,
  TEXTS,
} from '../helpers/broadcast-seed.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'

const PARTNERS = Number(process.env.BENCH_BROADCAST_PARTNERS ?? 10_000)
const RATE = Number(process.env.BENCH_BROADCAST_RATE ?? 100)
const LATENCY_MS = 80

async function main() {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  const schema = `bench_bc_${randomUUID().slice(0, 8)}`
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-bench-bc-'))
  let url = `pglite:${path.join(dataDir, 'db')}`
  if (server) {
    const u = new URL(server)
    u.searchParams.set('schema', schema)
    url = u.toString()
  }
  const telegram = await new FakeTelegram().start()
  telegram.latencyMs = LATENCY_MS
  // Telegram's side: a one-second window at the ceiling plus 10%, and three injected 429s
  const window: number[] = []
  let seen = 0
  let refused = 0
  const injectAt = new Set([Math.floor(PARTNERS * 0.25), Math.floor(PARTNERS * 0.5), Math.floor(PARTNERS * 0.75)])
  telegram.inject = () => {
    const now = Date.now()
    while (window.length && window[0]! <= now - 1000) window.shift()
    seen++
    if (injectAt.delete(seen) || window.length >= Math.ceil(RATE * 1.1)) {
      refused++
      return { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }
    }
    window.push(now)
    return undefined
  }
  // the fake's own round trip, measured in the same run
  const rtt: number[] = []
  for (let i = 0; i < 50; i++) {
    const t = performance.now()
    await fetch(`${telegram.url}/bot1:x/getMe`)
    rtt.push(performance.now() - t)
  }
  rtt.sort((a, b) => a - b)

  const seedStarted = performance.now()
  await seedBroadcastPartners(url, PARTNERS)
  const seedSeconds = (performance.now() - seedStarted) / 1000
  const service = await startService(
    broadcastServiceConfig({
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      TELEGRAM_API_ROOT: telegram.url,
      BROADCAST_RATE: String(RATE),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: schema } : {}),
    }),
    { clock: new ManualClock(BROADCAST_AT) },
  )
  const core = service.core
  let peakRss = 0
  const rss = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 200)
  try {
    const draft = await core.terms.draft({
      programKey: 'jqsee',
      effectiveAt: new Date('2026-03-10T00:00:00Z'),
      ratesOnly: false,
      texts: TEXTS,
      actor: 'bench',
    })
    const started = performance.now()
    const { broadcast } = await core.terms.publish({ versionId: draft.id, actor: 'bench' })
    let progress = await core.terms.broadcastProgress(broadcast.id)
    while (progress.status !== 'completed') {
      await new Promise((r) => setTimeout(r, 100))
      progress = await core.terms.broadcastProgress(broadcast.id)
    }
    const seconds = (performance.now() - started) / 1000
    const perChat = new Map<number, number>()
    for (const c of telegram.calls)
      if (c.method === 'sendMessage')
        perChat.set(Number(c.payload.chat_id), (perChat.get(Number(c.payload.chat_id)) ?? 0) + 1)
    const accepted = seen - refused
    // a chat is "received" once per accepted send; refused attempts are not deliveries
    const delivered = accepted
    const losses = Array.from({ length: PARTNERS }, (_, i) => FIRST_CHAT + i).filter((c) => !perChat.has(c)).length
    const duplicates = delivered - (PARTNERS - losses)
    const throughput = PARTNERS / seconds
    const result = {
      bench: 'broadcast',
      database: server ? 'postgresql' : 'pglite',
      partners: PARTNERS,
      ceilingPerSecond: RATE,
      fakeLatencyMs: LATENCY_MS,
      seconds: +seconds.toFixed(1),
      perSecond: +throughput.toFixed(1),
      ratioToCeiling: +(throughput / RATE).toFixed(3),
      requests: seen,
      rateLimited: refused,
      share429: +(refused / seen).toFixed(4),
      duplicates,
      losses,
      sent: progress.sent,
      fakeRttP50Ms: +rtt[Math.floor(rtt.length / 2)]!.toFixed(2),
      peakRssMiB: Math.round(peakRss / 2 ** 20),
      seedSeconds: +seedSeconds.toFixed(1),
    }
    process.stdout.write(`${JSON.stringify(result)}\n`)
    process.stdout.write(
      `broadcast: ${PARTNERS} partners in ${result.seconds} s = ${result.perSecond}/s, ${result.ratioToCeiling} of the ${RATE}/s ceiling (target >= 0.95); ` +
        `429s ${refused}/${seen} = ${(result.share429 * 100).toFixed(2)}% (target <= 1%); duplicates ${duplicates}, losses ${losses}; ` +
        `fake Bot API latency ${LATENCY_MS} ms (+ its own round trip p50 ${result.fakeRttP50Ms} ms); peak RSS ${result.peakRssMiB} MiB\n`,
    )
  } finally {
    clearInterval(rss)
    await service.close()
    await telegram.stop()
    if (server) {
      const target = parseDatabaseUrl(server)
      const client = new pg.Client({ connectionString: target.kind === 'postgres' ? target.connectionString : server })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await client.end()
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
process.exit(0)
