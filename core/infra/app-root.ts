import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The project's directory (the one with package.json), whether this module runs from its TypeScript source
 * (core/infra/) or compiled (dist/core/infra/). Files read at run time (locales, program definitions, migrations,
 * the Prisma schema) are found from here, so the compiled service reads the same files as the source.
 */
export const APP_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)))

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`)
  }
}

/** A path under the project's directory. */
export const appPath = (...parts: string[]) => path.join(APP_ROOT, ...parts)
