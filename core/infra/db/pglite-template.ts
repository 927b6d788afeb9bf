import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { appPath } from '../app-root.ts'

/**
 * A new PGlite data directory is made by initdb, which runs PostgreSQL's bootstrap in WebAssembly: about 8 s of CPU
 * and 800 MiB at its peak, most of a first embedded start. The same empty cluster, made once by `npm ci`'s postinstall
 * (scripts/pglite-template.ts) and kept as a gzipped tarball, is unpacked into each new data directory instead:
 * under 3 s of CPU and half the memory. Without the file a new directory is made by initdb, as before. The file is named by the PGlite version, so an upgrade makes
 * a new one, and it lives under node_modules/.cache, so `npm ci` starts it afresh.
 */
export function templateFile(): string {
  return appPath('node_modules', '.cache', 'partner-assistant', `pglite-${pgliteVersion()}-cluster.tar.gz`)
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

/** The template cluster, if it was made. */
export function readTemplate(file = templateFile()): Blob | undefined {
  try {
    return new Blob([fs.readFileSync(file)])
  } catch {
    return undefined
  }
}

/** Makes the template (initdb in memory, dumped gzipped); written under a temporary name and renamed into place. */
export async function makeTemplate(file = templateFile()): Promise<{ file: string; made: boolean }> {
  if (fs.existsSync(file)) return { file, made: false }
  const db = await PGlite.create()
  try {
    const dump = await db.dumpDataDir('gzip')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const partial = `${file}.${process.pid}.partial`
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    fs.renameSync(partial, file)
    return { file, made: true }
  } finally {
    await db.close()
  }
}
