// npm run bench (BENCH_ONLY=telegram): update -> reply latency of the real bot at a steady 200 updates/s against
// the fake Bot API, beside the fake API's own round trip measured in the same run. Each update is /help from a
// different partner-to-be (one Telegram user each, so the per-user rate limit does not interfere).
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { loadConfig } from '../../bots/config.ts'
import { startService } from '../../bots/service.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'

const RATE = Number(process.env.BENCH_TG_RATE ?? 200)
const SECONDS = Number(process.env.BENCH_TG_SECONDS ?? 10)

const pct = (sorted: number[], p: number) =>
  +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2)

async function main() {
  const fake = await new FakeTelegram().start()
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  const schema = `bench_tg_${randomUUID().slice(0, 8)}`
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-bench-tg-'))
  const url = server
    ? `${server}${server.includes('?') ? '&' : '?'}schema=${schema}`
    : `pglite:${path.join(dataDir, 'db')}`
  const service = await startService(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'error',
      DATA_DIR: dataDir,
      DATABASE_URL: url,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: schema } : {}),
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: fake.url,
    }),
  )
  // the fake's own round trip, the floor under any reply
  const rtt: number[] = []
  for (let i = 0; i < 500; i++) {
    const t = performance.now()
    await (await fetch(`${fake.url}/bot${TEST_TOKEN}/getMe`)).json()
    rtt.push(performance.now() - t)
  }
  rtt.sort((a, b) => a - b)

  const total = RATE * SECONDS
  const latencies: number[] = []
  const pending: Promise<void>[] = []
  const started = performance.now()
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const chat = 5_000_000 + i
    const t = performance.now()
    const since = fake.calls.length
    pending.push(
      fake
        .waitForCall('sendMessage', (c) => Number(c.payload.chat_id) === chat, 30_000, since)
        .then(() => void latencies.push(performance.now() - t)),
    )
    await fake.sendText(chat, '/help')
  }
  await Promise.all(pending)
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  await service.close()
  await fake.stop()
  if (server) {
    const admin = new pg.Client({ connectionString: server })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  }
  rmSync(dataDir, { recursive: true, force: true })
  const result = {
    benchmark: 'telegram_update_to_reply',
    database: server ? 'postgresql' : 'pglite',
    updates: total,
    targetRate: RATE,
    achievedRate: Math.round(total / seconds),
    reply: { p50: pct(latencies, 50), p99: pct(latencies, 99) },
    fakeApiRoundTrip: { p50: pct(rtt, 50), p99: pct(rtt, 99) },
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.stdout.write(
    `telegram: ${total} updates at ${result.achievedRate}/s -> reply p50 ${result.reply.p50} ms, p99 ${result.reply.p99} ms | fake Bot API round trip p50 ${result.fakeApiRoundTrip.p50} ms, p99 ${result.fakeApiRoundTrip.p99} ms\n`,
  )
  process.exit(0)
}

main().catch((e) => {
  process.stderr.write(`telegram bench failed: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
