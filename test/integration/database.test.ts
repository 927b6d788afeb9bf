import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'
import { deployMigrations, listMigrations, withClient } from '../../core/infra/db/migrations.ts'
import { openDatabase } from '../../core/infra/db/open-database.ts'
import { analyzeOnGrowth } from '../../core/infra/db/table-statistics.ts'
import { databaseKind, freshDatabaseUrl, openTestDatabase } from '../helpers/database.ts'

const at = new Date('2026-03-02T09:00:00Z')

describe(`database (${databaseKind()})`, () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>
  beforeAll(async () => {
    db = await openTestDatabase()
  })
  afterAll(async () => {
    await db?.close()
  })

  it('applies every migration and reports none pending', async () => {
    const state = await db.migrations()
    expect(state.applied).toEqual(listMigrations().map((m) => m.name))
    expect(state.pending).toEqual([])
    expect(state.failed).toEqual([])
  })

  it('the address indexes hold only rows with an address: a look-up by id never scans them', async () => {
    // On tables not yet analyzed the planner once took (program_key, ip_hash) for (program_key, external_id) and
    // scanned every customer of the program per postback (migration 20261205060000).
    for (const table of ['customers', 'events']) {
      const rows = await db.prisma.$queryRawUnsafe<{ indexdef: string }[]>(
        'SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1',
        `${table}_program_key_ip_hash_idx`,
      )
      expect(rows[0]?.indexdef, table).toMatch(/WHERE \(ip_hash IS NOT NULL\)$/)
      const plan = await db.prisma.$queryRawUnsafe<Record<string, string>[]>(
        `EXPLAIN SELECT id FROM ${table} WHERE program_key = 'quantower' AND external_id = 'c-1'`,
      )
      expect(JSON.stringify(plan), table).not.toContain('ip_hash_idx')
      const byAddress = await db.prisma.$queryRawUnsafe<Record<string, string>[]>(
        `EXPLAIN SELECT id FROM ${table} WHERE program_key = 'quantower' AND ip_hash = 'h'`,
      )
      expect(JSON.stringify(byAddress), table).toContain('ip_hash_idx')
    }
  })

  it('young tables are analyzed on the database itself: their statistics exist once enough rows were written', async () => {
    const reltuples = async () =>
      (
        await db.pool.query<{ n: number }>(
          "SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass('click_visitors')",
        )
      ).rows[0]!.n
    // -1: never analyzed (no test writes this table's rows)
    expect(await reltuples()).toBe(-1)
    const warnings: unknown[] = []
    const logger = pino({ level: 'warn' }, { write: (l: string) => warnings.push(l) })
    const stats = analyzeOnGrowth(db.pool, { tables: ['click_visitors', 'clicks'], logger, minRows: 2 })
    stats.wrote(1)
    await stats.settled()
    expect(await reltuples()).toBe(-1)
    stats.wrote(1)
    await stats.settled()
    expect(warnings).toEqual([])
    expect(await reltuples()).toBe(0)
  })

  it('stores the domain with money as integer minor units', async () => {
    const p = db.prisma
    await p.program.create({
      data: {
        key: 'quantower',
        name: 'Quantower',
        definition: { rate: 2000 },
        revision: 1,
        createdAt: at,
        updatedAt: at,
      },
    })
    const partner = await p.partner.create({
      data: { name: 'Ann', telegramId: 1001n, language: 'ru', createdAt: at, updatedAt: at },
    })
    const enrolment = await p.enrolment.create({
      data: {
        partnerId: partner.id,
        programKey: 'quantower',
        status: 'active',
        registeredAt: at,
        createdAt: at,
        updatedAt: at,
      },
    })
    const big = 9_007_199_254_740_993n // beyond Number.MAX_SAFE_INTEGER: must survive exactly
    await p.ledgerEntry.createMany({
      data: [
        {
          journal: 'j1',
          seq: 0,
          programKey: 'quantower',
          enrolmentId: enrolment.id,
          account: 'earned',
          currency: 'USD',
          amountMinor: big,
          kind: 'commission',
          effectiveAt: at,
          createdAt: at,
        },
        {
          journal: 'j1',
          seq: 1,
          programKey: 'quantower',
          enrolmentId: enrolment.id,
          account: 'earned',
          currency: 'USD',
          amountMinor: -3n,
          kind: 'reversal',
          effectiveAt: at,
          createdAt: at,
        },
      ],
    })
    const sum = await p.ledgerEntry.aggregate({ where: { enrolmentId: enrolment.id }, _sum: { amountMinor: true } })
    expect(sum._sum.amountMinor).toBe(big - 3n)
  })

  it('enforces the idempotency keys with unique constraints', async () => {
    const p = db.prisma
    const e = await p.enrolment.findFirstOrThrow()
    await expect(
      p.ledgerEntry.create({
        data: {
          journal: 'j1',
          seq: 0,
          programKey: 'quantower',
          enrolmentId: e.id,
          account: 'held',
          currency: 'USD',
          amountMinor: 1n,
          kind: 'x',
          effectiveAt: at,
          createdAt: at,
        },
      }),
    ).rejects.toMatchObject({ code: 'P2002' })
    await p.inboundKey.create({ data: { source: 'telegram', key: '9001', createdAt: at } })
    await expect(
      p.inboundKey.create({ data: { source: 'telegram', key: '9001', createdAt: at } }),
    ).rejects.toMatchObject({
      code: 'P2002',
    })
  })

  it('runs interactive transactions and rolls them back on error', async () => {
    const p = db.prisma
    await expect(
      p.$transaction(async (tx) => {
        await tx.auditLog.create({ data: { at, actor: 'test', action: 'x', subjectType: 'partner', subjectId: '1' } })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await p.auditLog.count()).toBe(0)
  })

  it('deploying again applies nothing', async () => {
    const target = parseDatabaseUrl(db.url)
    if (target.kind === 'postgres') {
      const again = await withClient(target.connectionString, (c) => deployMigrations(c, { schema: target.schema }))
      expect(again).toEqual([])
    } else {
      expect((await db.migrations()).pending).toEqual([]) // PGlite in memory: one opener, migrated at open
    }
  })

  it('concurrent starters cannot migrate twice: advisory lock on a server, data-dir lock embedded', async () => {
    if (databaseKind() === 'postgres') {
      const { url, drop } = freshDatabaseUrl()
      const dbs = await Promise.all([1, 2, 3].map(() => openDatabase({ url, migrate: true })))
      try {
        const states = await Promise.all(dbs.map((d) => d.migrations()))
        for (const s of states) expect(s.applied).toEqual(listMigrations().map((m) => m.name))
      } finally {
        await Promise.all(dbs.map((d) => d.close()))
        await drop()
      }
      return
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-db-'))
    const first = await openDatabase({ url: `pglite:${dir}`, migrate: true })
    try {
      await expect(openDatabase({ url: `pglite:${dir}`, migrate: true })).rejects.toThrow(/in use/)
    } finally {
      await first.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses to open an unreachable server with the driver’s reason', async () => {
    await expect(openDatabase({ url: 'postgresql://postgres@127.0.0.1:1/none', migrate: true })).rejects.toThrow(
      /ECONNREFUSED/,
    )
  })
})
