/**
 * The two database kinds the service runs on, chosen by DATABASE_URL:
 *   postgresql://user:pw@host:5432/db[?schema=name]  -> a PostgreSQL server (schema defaults to public)
 *   pglite:<directory> | pglite:memory               -> embedded PGlite (PostgreSQL in wasm), served on a
 *                                                      loopback socket so the same pg driver is used
 */
export type DatabaseTarget =
  | { kind: 'postgres'; connectionString: string; schema?: string }
  | { kind: 'pglite'; dataDir?: string }

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** Parses a DATABASE_URL; throws an Error whose message names what is wrong (never the password). */
export function parseDatabaseUrl(raw: string): DatabaseTarget {
  if (raw.startsWith('pglite:')) {
    const where = raw.slice('pglite:'.length)
    return where === '' || where === 'memory' ? { kind: 'pglite' } : { kind: 'pglite', dataDir: where }
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error('is not a URL: expected postgresql://user@host:5432/database or pglite:<directory>')
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`uses ${url.protocol.replace(':', '')}: expected postgresql://... or pglite:<directory>`)
  }
  if (!url.hostname && !url.searchParams.get('host')) throw new Error('has no host')
  if (url.pathname.length <= 1) throw new Error('names no database (postgresql://host:5432/<database>)')
  const schema = url.searchParams.get('schema') ?? undefined
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`has an invalid schema name "${schema}"`)
  url.searchParams.delete('schema') // a Prisma convention, not a libpq parameter
  return { kind: 'postgres', connectionString: url.toString(), schema }
}

/** A URL safe to print: no password. */
export function redactDatabaseUrl(raw: string): string {
  try {
    const url = new URL(raw)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    return raw.startsWith('pglite:') ? raw : '<unparseable>'
  }
}
