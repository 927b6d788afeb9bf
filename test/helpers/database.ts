import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type pg from 'pg'
import { inject } from 'vitest'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'
import { MIGRATIONS_DIR, useSchema, withClient } from '../../core/infra/db/migrations.ts'
import { type Database, openDatabase } from '../../core/infra/db/open-database.ts'
import { startEmbeddedPostgres } from '../../core/infra/db/pglite.ts'

export const databaseKind = () => inject('databaseKind')

/**
 * A DATABASE_URL of its own: a fresh schema on TEST_DATABASE_URL, or a fresh in-memory PGlite.
 * `drop()` removes the schema (PGlite vanishes with its process).
 */
export function freshDatabaseUrl(): { url: string; drop: () => Promise<void> } {
  const server = inject('databaseUrl')
  if (!server) return { url: 'pglite:memory', drop: async () => {} }
  const schema = `t_${randomBytes(6).toString('hex')}`
  const url = new URL(server)
  url.searchParams.set('schema', schema)
  const { connectionString } = parseDatabaseUrl(server) as { connectionString: string }
  return {
    url: url.toString(),
    drop: () =>
      withClient(connectionString, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).then(() => {}),
  }
}

/** Opens the application database, migrated, on a fresh schema or PGlite; close() also drops it. */
export async function openTestDatabase(): Promise<Database & { url: string }> {
  const { url, drop } = freshDatabaseUrl()
  const db = await openDatabase({ url, migrate: true })
  return {
    ...db,
    url,
    async close() {
      await db.close()
      await drop()
    },
  }
}

/**
 * A database (a fresh schema, or an embedded PostgreSQL) migrated by hand in a migration test: `before` holds every
 * migration older than `migration`, to deploy first and seed the old shape; `run` works on it (in its schema).
 */
export function databaseBeforeMigration(migration: string) {
  const before = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-migrations-'))
  const target = {
    connectionString: '',
    /** What the application itself would be given (DATABASE_URL). */
    appUrl: '',
    schema: undefined as string | undefined,
    before,
    async open() {
      const fresh = freshDatabaseUrl()
      const parsed = parseDatabaseUrl(fresh.url)
      if (parsed.kind === 'postgres') {
        target.connectionString = parsed.connectionString
        target.schema = parsed.schema
        target.appUrl = fresh.url
        cleanup = fresh.drop
      } else {
        const embedded = await startEmbeddedPostgres()
        target.connectionString = embedded.url
        target.appUrl = embedded.url
        cleanup = () => embedded.stop()
      }
      for (const name of fs.readdirSync(MIGRATIONS_DIR).filter((n) => n < migration && !n.endsWith('.toml')))
        fs.cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true })
    },
    async close() {
      await cleanup?.()
      fs.rmSync(before, { recursive: true, force: true })
    },
    run: <T>(fn: (c: pg.Client) => Promise<T>) =>
      withClient(target.connectionString, async (c) => {
        await useSchema(c, target.schema)
        return fn(c)
      }),
  }
  let cleanup: (() => Promise<void>) | undefined
  return target
}
