import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDatabase } from '../../core/infra/db/open-database.ts'
import { FIRST_CHAT, seedBroadcastPartners } from '../helpers/broadcast-seed.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PARTNERS = Number(process.env.CRASH_PARTNERS ?? 2000)
const RATE = 200
/** What the pump may have in flight at once (bots/workers/broadcasts.ts): the most a crash can duplicate. */
const IN_FLIGHT = Math.max(4, Math.ceil(RATE / 4))

/**
 * Issue: "kill the worker in the middle of a 2,000-partner broadcast, restart -> every partner has exactly one
 * delivery, except at most the in-flight ones." The service runs in a child process against the fake Bot API
 * (which answers each message after 10 ms), is SIGKILLed once about a third of the partners got the message,
 * and a second process picks the running broadcast up. The fake Bot API counts what each chat received.
 */
describe('broadcast crash', () => {
  const server = inject('databaseUrl')
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-broadcast-crash-'))
  const fresh = server ? freshDatabaseUrl() : { url: `pglite:${path.join(dataDir, 'db')}`, drop: async () => {} }
  const redisPrefix = `bcrash${Math.random().toString(36).slice(2, 8)}`
  const children: ChildProcess[] = []
  let telegram: FakeTelegram | undefined

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await telegram?.stop()
    await fresh.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const run = (extra: Record<string, string>) => {
    let out = ''
    let err = ''
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/broadcast-child.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: fresh.url,
        REDIS_URL: inject('redisUrl'),
        REDIS_PREFIX: redisPrefix,
        DATA_DIR: dataDir,
        TELEGRAM_API_ROOT: telegram!.url,
        BROADCAST_RATE: String(RATE),
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    child.stdout!.on('data', (d) => {
      out += d
    })
    child.stderr!.on('data', (d) => {
      err += d
    })
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    )
    const lines = () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { done?: any; published?: string })
    return { child, exited, lines, logs: () => `${out}\n${err}` }
  }

  const received = () => {
    const perChat = new Map<number, number>()
    for (const c of telegram!.calls)
      if (c.method === 'sendMessage' && String(c.payload.text).startsWith('📜')) {
        const chat = Number(c.payload.chat_id)
        perChat.set(chat, (perChat.get(chat) ?? 0) + 1)
      }
    return perChat
  }

  it('a service SIGKILLed mid-broadcast: the restart tells every partner once, bar the in-flight ones', async () => {
    expect(await seedBroadcastPartners(fresh.url, PARTNERS)).toBe(PARTNERS)
    telegram = await new FakeTelegram().start()
    telegram.latencyMs = 10

    // 1. publish and start sending; kill -9 once a third of the partners got it
    const first = run({ PUBLISH: '1' })
    const deadline = Date.now() + 120_000
    for (;;) {
      if (first.child.exitCode !== null) throw new Error(`the service ended before it was killed:\n${first.logs()}`)
      if (Date.now() > deadline) throw new Error(`the broadcast never got part-way:\n${first.logs()}`)
      if (received().size >= PARTNERS / 3) break
      await new Promise((r) => setTimeout(r, 10))
    }
    first.child.kill('SIGKILL')
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' })
    const atKill = received().size
    expect(atKill).toBeLessThan(PARTNERS)
    expect(first.lines().some((l) => l.done)).toBe(false)

    // 2. the restart finds the broadcast running and goes on from where it stopped
    const second = run({})
    expect(await second.exited, second.logs()).toEqual({ code: 0, signal: null })
    const done = second.lines().find((l) => l.done)?.done
    expect(done).toMatchObject({
      status: 'completed',
      total: PARTNERS,
      sent: PARTNERS,
      failed: 0,
      blocked: 0,
      remaining: 0,
    })

    // every partner got the change; a second copy only for sends in flight at the kill
    const perChat = received()
    const missing = Array.from({ length: PARTNERS }, (_, i) => FIRST_CHAT + i).filter((c) => !perChat.has(c))
    expect(missing).toEqual([])
    const twice = [...perChat.values()].filter((n) => n > 1)
    expect(twice.every((n) => n === 2)).toBe(true)
    expect(twice.length).toBeLessThanOrEqual(IN_FLIGHT)
    expect(perChat.size).toBe(PARTNERS)

    // and the database agrees: one delivery row per partner, all sent
    const db = await openDatabase({ url: fresh.url, migrate: false })
    try {
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n, count(DISTINCT partner_id)::int AS partners,
                count(*) FILTER (WHERE status = 'sent')::int AS sent FROM broadcast_deliveries`,
      )
      expect(rows[0]).toEqual({ n: PARTNERS, partners: PARTNERS, sent: PARTNERS })
    } finally {
      await db.close()
    }
  }, 240_000)
})
