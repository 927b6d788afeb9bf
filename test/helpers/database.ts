import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'
import { withClient } from '../../core/infra/db/migrations.ts'
import { type Database, openDatabase } from '../../core/infra/db/open-database.ts'

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
