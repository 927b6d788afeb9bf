import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * A secret kept in a file of the data directory (development and the sandbox, when the environment names none),
 * readable by this user only: the file's trimmed content, created by the first process that asks. Processes that
 * start together (tests, two instances on one DATA_DIR) agree on one content: each writes its own temporary file
 * and links it into place, which only one of them can do; the others read the winner's whole file.
 */
export function keyFile(dataDir: string, name: string, fresh: () => string): string {
  const file = path.join(dataDir, name)
  try {
    return readFileSync(file, 'utf8').trim()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  mkdirSync(dataDir, { recursive: true })
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
  writeFileSync(temporary, `${fresh()}\n`, { mode: 0o600, flag: 'wx' })
  try {
    linkSync(temporary, file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
  } finally {
    unlinkSync(temporary)
  }
  return readFileSync(file, 'utf8').trim()
}

/** 32 random bytes, base64. */
export const randomKey = () => randomBytes(32).toString('base64')
