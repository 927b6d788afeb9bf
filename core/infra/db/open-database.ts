import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../../../generated/prisma/client.ts'
import { type DatabaseTarget, parseDatabaseUrl } from './database-url.ts'
import { deployMigrations, type MigrationState, migrationState, useSchema, withClient } from './migrations.ts'

export type { PrismaClient }

export interface Database {
  prisma: PrismaClient
  /** The pool under Prisma, for the hot paths that use the driver directly. */
  pool: pg.Pool
  kind: DatabaseTarget['kind']
  /** Round trip to the server. */
  ping(): Promise<void>
  migrations(): Promise<MigrationState>
  close(): Promise<void>
}

export interface OpenDatabaseOptions {
  /** DATABASE_URL; `pglite:<dir>` or `pglite:memory` for the embedded database. */
  url: string
  /** Apply pending migrations before returning (always done for the embedded database). */
  migrate: boolean
  poolSize?: number
  /**
   * How long a query on a pooled connection may wait for its answer before the connection is given up (default
   * QUERY_TIMEOUT_MS; 0: never, for bulk seeding). See QUERY_TIMEOUT_MS.
   */
  queryTimeoutMs?: number
  log?: (msg: string) => void
}

/**
 * A database that failed over leaves the old primary's connections silent: no FIN, no RST, nothing answers. Without
 * a bound, a query on one waits for the operating system's TCP timeout (about 15 minutes), and the postbacks' group
 * commit, which runs its batches in order, waits with it. After this long the pooled connection is destroyed (the
 * pool uses pipeline mode, in which pg ends the stream of a query that timed out), its work fails as on a dropped
 * connection (a postback batch runs once more on a fresh one) and the pool opens new connections to the new
 * primary. No query of the service's own takes near this long (a payout batch is written 200 partners a statement).
 */
export const QUERY_TIMEOUT_MS = 20_000

/**
 * Opens the application database: PrismaClient over @prisma/adapter-pg, either to PostgreSQL or to embedded
 * PGlite served on a loopback socket. Fails (with the driver's reason) if the server cannot be reached.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const target = parseDatabaseUrl(opts.url)
  // PGlite (its WebAssembly PostgreSQL and the socket servers) is loaded only when it is used: a service on a
  // PostgreSQL server never pays its memory
  const embedded =
    target.kind === 'pglite'
      ? await (await import('./pglite.ts')).startEmbeddedPostgres({ dataDir: target.dataDir, template: 'schema' })
      : undefined
  const connectionString = embedded ? embedded.url : (target as { connectionString: string }).connectionString
  const schema = target.kind === 'postgres' ? target.schema : undefined
  try {
    await withClient(connectionString, async (client) => {
      if (opts.migrate || embedded) await deployMigrations(client, { schema, log: opts.log })
    })
    const pool = new pg.Pool({
      connectionString,
      // PGlite is one session behind its socket: two pooled connections would interleave their transactions
      // in it. One connection makes every transaction atomic and isolated there; PostgreSQL gets a real pool.
      max: embedded ? 1 : (opts.poolSize ?? 10),
      connectionTimeoutMillis: 5000,
      // not on PGlite: in this process, it cannot fail over, and its one connection is not pipelined
      query_timeout: embedded ? 0 : (opts.queryTimeoutMs ?? QUERY_TIMEOUT_MS),
      // an idle connection whose server vanished is found out by TCP keep-alive probes, not by the next query
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'partner-assistant',
      // lets the hot path send BEGIN and COMMIT together with its statements (earnings-store.ts); not on PGlite,
      // whose socket server answers one message sequence at a time
      pipeline: !embedded,
      // a startup parameter, so raw SQL on every pooled connection sees the schema too
      ...(schema ? { options: `-c search_path="${schema}"` } : {}),
    })
    // A connection that loses its server emits 'error' on its client. The pool listens only while the client is
    // idle; one checked out (a transaction, the group commit) would have no listener, and an 'error' event without
    // one ends the process. Every client gets a listener for life: the work in flight on it fails (its queries
    // reject), the pool drops the client, and the next query opens a new connection.
    pool.on('connect', (client) => {
      client.on('error', (e) => opts.log?.(`database connection lost: ${e.message}`))
    })
    pool.on('error', () => {}) // the idle client's error: already told by the listener above
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) })
    return {
      prisma,
      pool,
      kind: target.kind,
      async ping() {
        // bounded: a server that accepts connections but does not answer must not hold /readyz
        await pool.query({ text: 'SELECT 1', query_timeout: 2000 } as pg.QueryConfig)
      },
      async migrations() {
        const client = await pool.connect()
        try {
          await useSchema(client, schema)
          return await migrationState(client)
        } finally {
          client.release()
        }
      },
      async close() {
        await prisma.$disconnect()
        await pool.end()
        await embedded?.stop()
      },
    }
  } catch (e) {
    await embedded?.stop()
    throw e
  }
}
