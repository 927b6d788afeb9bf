// Driver-adapter factories that let the wasm schema engine (migrations, drift check) work offline against
// PostgreSQL or embedded PGlite, both through @prisma/adapter-pg.
import { randomUUID } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import pg from 'pg'
import { parseDatabaseUrl } from './database-url.ts'
import { type EmbeddedPostgres, startEmbeddedPostgres } from './pglite.ts'
import { migrationAwareFactory } from './schema-engine.ts'

/**
 * @prisma/adapter-pg cannot decode the 1-byte system type "char" (OID 18) that the engine's describer reads
 * from pg_catalog. Report such columns as text (OID 25). Used only for migration connections.
 */
function charAsText<T>(res: T): T {
  const r = res as { fields?: { name: string; dataTypeID: number }[]; rows?: unknown[] } | undefined
  if (!r?.fields) return res
  for (const f of r.fields) if (f.dataTypeID === 18) f.dataTypeID = 25
  // PostgreSQL 18 (and so PGlite 0.5) also lists NOT NULL as pg_constraint rows with contype 'n'; the engine's
  // describer does not know that type and panics. NOT NULL is read from pg_attribute anyway: drop those rows.
  const at = r.fields.findIndex((f) => f.name === 'constraint_type')
  if (at >= 0 && r.rows) {
    const name = r.fields[at]!.name
    r.rows = r.rows.filter((row) => (Array.isArray(row) ? row[at] : (row as Record<string, unknown>)[name]) !== 'n')
  }
  return res
}
class CharAsTextClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors pg.Client's overloaded signature
  override query(config: any, values?: any, callback?: any): any {
    let cb = callback
    let vals = values
    if (typeof vals === 'function') {
      cb = vals
      vals = undefined
    }
    if (typeof cb === 'function') {
      return super.query(config, vals, (err: Error, res: unknown) => cb(err, err ? res : charAsText(res)))
    }
    if (config && typeof config.submit === 'function') return super.query(config, vals)
    return (super.query(config, vals) as Promise<unknown>).then(charAsText)
  }
}

const adapterFor = (connectionString: string) =>
  new PrismaPg({ connectionString, max: 1, Client: CharAsTextClient } as pg.PoolConfig).connect()

/** Shadow database: a scratch database the engine replays migrations into (for create and check). */
async function shadowFor(url: string): Promise<{ connect(): Promise<SqlDriverAdapter>; stop(): Promise<void> }> {
  const explicit = process.env.SHADOW_DATABASE_URL
  if (explicit || url.startsWith('pglite:')) {
    // A dedicated scratch database: SHADOW_DATABASE_URL, or an in-memory PGlite. The engine does not
    // reset it, so wipe it on every use.
    const embedded: EmbeddedPostgres | undefined = explicit ? undefined : await startEmbeddedPostgres()
    const shadowUrl = explicit ?? embedded!.url
    return {
      async connect() {
        const adapter = await adapterFor(shadowUrl)
        await adapter.executeScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;')
        return adapter
      },
      stop: async () => embedded?.stop(),
    }
  }
  // PostgreSQL: a throw-away database next to the main one (needs CREATEDB, like the Prisma CLI).
  return {
    async connect() {
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`CREATE DATABASE "${name}"`)
      const u = new URL(url)
      u.pathname = `/${name}`
      const adapter = await adapterFor(u.toString())
      const dispose = adapter.dispose.bind(adapter)
      adapter.dispose = async () => {
        await dispose()
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        await admin.end()
      }
      return adapter
    },
    stop: async () => {},
  }
}

/** The factory the wasm engine wants, for DATABASE_URL; close() releases everything it opened. */
export async function migrationFactoryFor(
  rawUrl: string,
): Promise<{ factory: SqlMigrationAwareDriverAdapterFactory; close: () => Promise<void> }> {
  const target = parseDatabaseUrl(rawUrl)
  if (target.kind === 'postgres' && target.schema) {
    throw new Error('the migration CLI works on the default schema; drop ?schema= from DATABASE_URL')
  }
  const embedded = target.kind === 'pglite' ? await startEmbeddedPostgres({ dataDir: target.dataDir }) : undefined
  const url = embedded?.url ?? (target as { connectionString: string }).connectionString
  const shadow = await shadowFor(embedded ? 'pglite:' : url)
  // max: 1 -> every engine statement (advisory lock, bookkeeping, scripts) on one session, as the native engine.
  const main = new PrismaPg({ connectionString: url, max: 1, Client: CharAsTextClient } as pg.PoolConfig)
  const { factory, close } = migrationAwareFactory({ main, shadow, patchExecuteScript: true })
  return {
    factory,
    async close() {
      await close()
      await shadow.stop()
      await embedded?.stop()
    },
  }
}
