// Engine-free `prisma migrate deploy`, used at start-up and by tests: applies prisma/migrations/*/migration.sql
// in name order and books them in `_prisma_migrations` with the same DDL, checksum (sha256 of the file),
// advisory lock and row life-cycle as Prisma's schema engine, so the engine later sees them as its own.
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { appPath } from '../app-root.ts'

export const MIGRATIONS_DIR = appPath('prisma', 'migrations')

/** Same key as the schema engine's `pg_advisory_lock`, so the CLI and the service never migrate at once. */
const LOCK_ID = 72707369

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

export interface Migration {
  name: string
  script: string
  checksum: string
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const script = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, script, checksum: createHash('sha256').update(script).digest('hex') }
    })
}

export interface MigrationState {
  applied: string[]
  pending: string[]
  failed: string[]
}

type Row = { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }

/** Reads `_prisma_migrations` (absent table = nothing applied). */
export async function migrationState(client: pg.ClientBase, dir = MIGRATIONS_DIR): Promise<MigrationState> {
  const exists = await client.query(`SELECT to_regclass('_prisma_migrations') AS t`)
  const rows: Row[] = exists.rows[0]?.t
    ? (await client.query<Row>(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`)).rows
    : []
  const live = rows.filter((r) => r.rolled_back_at === null)
  const done = new Set(live.filter((r) => r.finished_at !== null).map((r) => r.migration_name))
  return {
    applied: [...done].sort(),
    pending: listMigrations(dir)
      .map((m) => m.name)
      .filter((n) => !done.has(n)),
    failed: live.filter((r) => r.finished_at === null).map((r) => r.migration_name),
  }
}

/** `SET search_path` for a non-default schema, creating it first. */
export async function useSchema(client: pg.ClientBase, schema: string | undefined) {
  if (!schema) return
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
  await client.query(`SET search_path TO "${schema}"`)
}

/** Applies every pending migration; returns the names applied. Safe to run from several processes at once. */
export async function deployMigrations(
  client: pg.ClientBase,
  opts: { dir?: string; schema?: string; log?: (msg: string) => void } = {},
): Promise<string[]> {
  const dir = opts.dir ?? MIGRATIONS_DIR
  const applied: string[] = []
  await client.query(`SELECT pg_advisory_lock(${LOCK_ID})`)
  try {
    await useSchema(client, opts.schema)
    await client.query(CREATE_TABLE)
    const state = await migrationState(client, dir)
    if (state.failed.length) {
      throw new Error(
        `failed migrations in the database: ${state.failed.join(', ')}; fix them, then mark them rolled back`,
      )
    }
    for (const m of listMigrations(dir).filter((x) => state.pending.includes(x.name))) {
      const id = randomUUID()
      await client.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "started_at", "migration_name", "applied_steps_count")
         VALUES ($1, $2, now(), $3, 0)`,
        [id, m.checksum, m.name],
      )
      try {
        await client.query(m.script) // no parameters: simple protocol, the whole script in one implicit transaction
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e)
        await client.query(`UPDATE "_prisma_migrations" SET "logs" = $2 WHERE "id" = $1`, [id, msg])
        throw new Error(`migration ${m.name} failed: ${msg}`)
      }
      await client.query(
        `UPDATE "_prisma_migrations" SET "finished_at" = now(), "applied_steps_count" = 1 WHERE "id" = $1`,
        [id],
      )
      applied.push(m.name)
      opts.log?.(`applied migration ${m.name}`)
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${LOCK_ID})`)
  }
  return applied
}

/** Opens one short-lived connection, runs `fn`, closes it. */
export async function withClient<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}
