import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { appPath } from '../app-root.ts'
import { deployMigrations, listMigrations } from './migrations.ts'

/**
 * A new PGlite data directory is made by initdb, which runs PostgreSQL's bootstrap in WebAssembly: about 8 s of CPU
 * and 800 MiB at its peak, most of a first embedded start. The same empty cluster, made once by `npm ci`'s postinstall
 * (scripts/pglite-template.ts) and kept as a gzipped tarball, is unpacked into each new data directory instead:
 * under 3 s of CPU and half the memory. Without the file a new directory is made by initdb, as before.
 *
 * Two templates are made: the empty cluster (`cluster`), and the cluster with the repository's migrations applied
 * (`schema`), which the service's first start unpacks so that it has no migration left to run (about 1 s of
 * WebAssembly). The schema template is named by a hash of the migrations (names and checksums), so a checkout with
 * other migrations never picks up a foreign schema: it finds no template of its own and unpacks the empty cluster,
 * then migrates. Both are named by the PGlite version, so an upgrade makes new ones, and live under
 * node_modules/.cache, so `npm ci` starts them afresh.
 */
export type TemplateKind = 'cluster' | 'schema'

export function templateFile(kind: TemplateKind = 'cluster'): string {
  const name = kind === 'cluster' ? 'cluster' : `schema-${migrationsKey()}`
  return appPath('node_modules', '.cache', 'partner-assistant', `pglite-${pgliteVersion()}-${name}.tar.gz`)
}

/** What the repository's migrations are: a hash of their names and checksums, in order. */
function migrationsKey(): string {
  const hash = createHash('sha256')
  for (const m of listMigrations()) hash.update(`${m.name}\0${m.checksum}\n`)
  return hash.digest('hex').slice(0, 16)
}

/** The installed PGlite's version (its package.json is not exported: found above its entry point). */
function pgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  for (; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json')
    if (!fs.existsSync(file)) continue
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string }
    if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version
  }
  throw new Error('the version of @electric-sql/pglite is not known')
}

/** The template of this kind, if it was made; asked for the schema, the empty cluster when only that was made. */
export function readTemplate(kind: TemplateKind = 'cluster'): Blob | undefined {
  for (const k of kind === 'schema' ? (['schema', 'cluster'] as const) : (['cluster'] as const)) {
    try {
      return new Blob([fs.readFileSync(templateFile(k))])
    } catch {
      // not made: the next kind, or none
    }
  }
  return undefined
}

/**
 * Makes the templates not made yet (initdb in memory, dumped gzipped; then the migrations applied, dumped again),
 * each written under a temporary name and renamed into place. Schema templates of other migration lists are removed.
 */
export async function makeTemplate(): Promise<{ made: string[] }> {
  const cluster = templateFile('cluster')
  const schema = templateFile('schema')
  const made: string[] = []
  if (fs.existsSync(cluster) && fs.existsSync(schema)) return { made }
  const existing = readTemplate('cluster')
  const db = await PGlite.create(existing ? { loadDataDir: existing } : {})
  try {
    if (!existing) made.push(await dump(db, cluster))
    await deployMigrations(pgliteClient(db))
    made.push(await dump(db, schema))
  } finally {
    await db.close()
  }
  const dir = path.dirname(schema)
  for (const name of fs.readdirSync(dir)) {
    if (name.includes('-schema-') && path.join(dir, name) !== schema) fs.rmSync(path.join(dir, name), { force: true })
  }
  return { made }
}

async function dump(db: PGlite, file: string) {
  const data = await db.dumpDataDir('gzip')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const partial = `${file}.${process.pid}.partial`
  fs.writeFileSync(partial, Buffer.from(await data.arrayBuffer()))
  fs.renameSync(partial, file)
  return file
}

/**
 * The part of pg's client that deployMigrations uses, over PGlite directly: a query with parameters is one extended
 * statement; without, the simple protocol (a migration script of many statements, as pg sends it).
 */
function pgliteClient(db: PGlite) {
  return {
    async query(sql: string, params?: unknown[]) {
      if (params) return db.query(sql, params)
      const results = await db.exec(sql)
      return results[results.length - 1] ?? { rows: [] }
    },
  } as unknown as Parameters<typeof deployMigrations>[0]
}
