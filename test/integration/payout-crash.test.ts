import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Queue } from 'bullmq'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { type Service, startService } from '../../bots/service.ts'
import { openDatabase } from '../../core/infra/db/open-database.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { EARNED_MINOR, PAY_DAY_AT, seedDatabase, serviceConfig } from '../helpers/payout-seed.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Issue: "Crash in the middle of a batch (kill the worker) -> rerun completes it with no payout made twice and
 * none lost." A worker process runs melbet's Tuesday batch for 2,000 eligible partners (seeded with bulk SQL)
 * and is killed with SIGKILL once about a third of the payouts are committed, with the next chunk in flight; a
 * second run completes the batch.
 *
 * On PostgreSQL (TEST_DATABASE_URL) in a fresh schema. Without it, in a PGlite data directory, which only one
 * process may open at a time: this process seeds it and closes it, the child opens it and dies holding it, and
 * the rerun opens it again (PostgreSQL's crash recovery, inside PGlite). PGlite runs the batch more slowly, so
 * there it is 1,000 partners (CRASH_PARTNERS overrides both).
 */
describe('payout batch crash', () => {
  const server = inject('databaseUrl')
  const PARTNERS = Number(process.env.CRASH_PARTNERS ?? (server ? 2000 : 1000))
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-payout-crash-'))
  const fresh = server ? freshDatabaseUrl() : { url: `pglite:${path.join(dataDir, 'db')}`, drop: async () => {} }
  const url = fresh.url
  const redisPrefix = `crash${Math.random().toString(36).slice(2, 8)}`
  let child: ChildProcess | undefined
  let service: Service | undefined
  /** Payouts the killed worker had committed. */
  let paidByKilledRun: string[] = []

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await service?.close()
    await fresh.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('a worker SIGKILLed mid-batch: the rerun pays every partner exactly once and closes the batch', async () => {
    expect((await seedDatabase(url, PARTNERS)).seeded).toBe(PARTNERS)

    // 1. the worker: the whole service in a process of its own, running the pay day
    let out = ''
    let err = ''
    child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/pay-day-child.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: url,
        REDIS_URL: inject('redisUrl'),
        REDIS_PREFIX: redisPrefix,
        DATA_DIR: dataDir,
        PAY_DAY_AT,
        // PGlite cannot be read from this process while the child holds it: the child reports the count
        ...(server ? {} : { PROGRESS_EVERY_MS: '50' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child!.once('exit', (code, signal) => resolve({ code, signal })),
    )
    child.stdout!.on('data', (d) => {
      out += d
    })
    child.stderr!.on('data', (d) => {
      err += d
    })
    const lines = () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { progress?: number; done?: unknown })

    // 2. poll until a third of the batch is committed (and not all of it), then kill -9
    let seenAtKill = 0
    const probe = server ? await openDatabase({ url, migrate: false }) : undefined
    try {
      const deadline = Date.now() + 90_000
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`the worker ended before it was killed:\n${out}\n${err}`)
        if (Date.now() > deadline) throw new Error(`the batch never got part-way:\n${out}\n${err}`)
        const n = probe
          ? (await probe.pool.query(`SELECT count(*)::int AS n FROM payout_requests WHERE program_key = 'melbet'`))
              .rows[0].n
          : lines().reduce((m, l) => Math.max(m, l.progress ?? 0), 0)
        if (n >= PARTNERS / 3 && n < PARTNERS) {
          child.kill('SIGKILL')
          seenAtKill = n
          break
        }
        await new Promise((r) => setTimeout(r, 20))
      }
    } finally {
      await probe?.close()
    }
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' })
    expect(lines().some((l) => l.done)).toBe(false)

    // 3. what the crash left: some payouts, each with its ledger entry; the batch still open
    const left = await openDatabase({ url, migrate: false })
    try {
      const { rows } = await left.pool.query(
        `SELECT (SELECT count(*)::int FROM ledger_entries WHERE account = 'payout') AS entries,
                (SELECT json_agg(status) FROM payout_batches WHERE program_key = 'melbet') AS batches`,
      )
      paidByKilledRun = (await left.pool.query(`SELECT id FROM payout_requests`)).rows.map((r) => r.id as string)
      expect(paidByKilledRun.length).toBeGreaterThanOrEqual(seenAtKill)
      expect(paidByKilledRun.length).toBeLessThan(PARTNERS)
      expect(rows[0].entries).toBe(paidByKilledRun.length)
      expect(rows[0].batches).toEqual(['open'])
    } finally {
      await left.close()
    }

    // 4. the rerun (the next attempt of the pay-day job), in this process on the same database
    const clock = new ManualClock(PAY_DAY_AT)
    service = await startService(
      serviceConfig({ DATABASE_URL: url, REDIS_URL: inject('redisUrl'), REDIS_PREFIX: redisPrefix, DATA_DIR: dataDir }),
      { clock },
    )
    const rerun = await service.core.batches.runPayDay('melbet')
    expect(rerun).toMatchObject({ outcome: 'built', day: '2026-03-10' })
    expect(rerun.batch).toMatchObject({
      status: 'closed',
      periodStart: '2026-03-02T00:00:00.000Z',
      periodEnd: '2026-03-09T00:00:00.000Z',
      payouts: PARTNERS,
      totals: [{ currency: 'USD', count: PARTNERS, gross: ((PARTNERS * Number(EARNED_MINOR)) / 100).toFixed(2) }],
    })
    const batchId = rerun.batch!.id
    const db = service.db.pool
    const q = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows

    // one batch, closed
    expect(await q(`SELECT id, status::text FROM payout_batches WHERE program_key = 'melbet'`)).toEqual([
      { id: batchId, status: 'closed' },
    ])
    // every eligible enrolment has exactly one payout in the batch: none missing, none twice
    expect(await q(`SELECT count(*)::int AS n FROM enrolments WHERE program_key = 'melbet'`)).toEqual([{ n: PARTNERS }])
    expect(
      await q(
        `SELECT e.id, count(r.id)::int AS n FROM enrolments e
         LEFT JOIN payout_requests r ON r.enrolment_id = e.id AND r.batch_id = $1
         WHERE e.program_key = 'melbet' GROUP BY e.id HAVING count(r.id) <> 1`,
        [batchId],
      ),
    ).toEqual([])
    // no payout outside the batch either; each keyed batch:<id>:USD, approved, for the whole $50.00
    expect(
      await q(
        `SELECT count(*)::int AS n, count(DISTINCT enrolment_id)::int AS enrolments,
                count(*) FILTER (WHERE batch_id = $1 AND idempotency_key = 'batch:' || $1 || ':USD'
                                 AND status = 'approved' AND gross_minor = $2 AND currency = 'USD')::int AS right
         FROM payout_requests`,
        [batchId, String(EARNED_MINOR)],
      ),
    ).toEqual([{ n: PARTNERS, enrolments: PARTNERS, right: PARTNERS }])
    // the killed run's payouts are still there, untouched
    expect(
      await q(`SELECT count(*)::int AS n FROM payout_requests WHERE id = ANY($1::uuid[]) AND batch_id = $2`, [
        paidByKilledRun,
        batchId,
      ]),
    ).toEqual([{ n: paidByKilledRun.length }])
    // one 'payout' ledger entry per payout, in its journal payout:<id>, for minus the gross; no strays
    expect(
      await q(
        `SELECT r.id, count(l.id)::int AS n FROM payout_requests r
         LEFT JOIN ledger_entries l ON l.payout_id = r.id AND l.journal = 'payout:' || r.id AND l.seq = 0
           AND l.account = 'payout' AND l.kind = 'payout' AND l.amount_minor = -r.gross_minor
           AND l.enrolment_id = r.enrolment_id
         GROUP BY r.id HAVING count(l.id) <> 1`,
      ),
    ).toEqual([])
    expect(
      await q(`SELECT count(*)::int AS n FROM ledger_entries WHERE account = 'payout' OR kind = 'payout'`),
    ).toEqual([{ n: PARTNERS }])
    // nothing left to pay: every partner's available balance is 0
    const available = `COALESCE(SUM(l.amount_minor) FILTER (
                         WHERE (l.account = 'earnings' AND l.effective_at <= $1) OR l.account = 'payout'), 0)`
    expect(
      await q(
        `SELECT e.id, ${available}::text AS available
         FROM enrolments e LEFT JOIN ledger_entries l ON l.enrolment_id = e.id
         WHERE e.program_key = 'melbet' GROUP BY e.id HAVING ${available} <> 0`,
        [clock.now()],
      ),
    ).toEqual([])
    // ... and so says the statement, for partners paid by either run
    const sample = [
      ...(await q(
        `SELECT partner_id FROM enrolments e JOIN payout_requests r ON r.enrolment_id = e.id
                   WHERE r.id = ANY($1::uuid[]) LIMIT 10`,
        [paidByKilledRun],
      )),
      ...(await q(
        `SELECT partner_id FROM enrolments e JOIN payout_requests r ON r.enrolment_id = e.id
                   WHERE NOT (r.id = ANY($1::uuid[])) LIMIT 10`,
        [paidByKilledRun],
      )),
    ]
    expect(sample).toHaveLength(20)
    for (const { partner_id } of sample) {
      const st = await service.core.reports.statement(partner_id, { programKey: 'melbet' })
      expect(st.balances.find((b) => b.currency === 'USD')).toMatchObject({ available: '0.00', inPayout: '50.00' })
    }

    // a third run changes nothing
    const again = await service.core.batches.runPayDay('melbet')
    expect(again.batch).toMatchObject({ id: batchId, status: 'closed', payouts: PARTNERS })
    expect(await q(`SELECT count(*)::int AS n FROM payout_requests`)).toEqual([{ n: PARTNERS }])
    expect(await q(`SELECT count(*)::int AS n FROM ledger_entries WHERE account = 'payout'`)).toEqual([{ n: PARTNERS }])
  }, 180_000)

  // The rerun hands every payout of the closed batch to the queue from the database (notifyBatch), so the
  // partners the killed run paid are told as well.
  it('every payout of the batch, including those the killed run made, is announced to its partner', async () => {
    expect(service, 'the crash test ran').toBeDefined()
    expect(paidByKilledRun.length).toBeGreaterThan(0)
    const connection = service!.redis.connect({ maxRetriesPerRequest: null })
    const queue = new Queue('notifications', { connection, prefix: redisPrefix })
    try {
      const ids = (await service!.db.pool.query(`SELECT id FROM payout_requests`)).rows.map((r) => r.id as string)
      const notified = new Set<string>()
      for (const id of ids) if (await queue.getJob(`payout-${id}-approved`)) notified.add(id)
      expect(ids.filter((id) => !notified.has(id))).toEqual([])
    } finally {
      await queue.close()
      connection.disconnect()
    }
  })
})
