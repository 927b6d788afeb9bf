import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

/**
 * PGlite does not lock its data directory, and two processes opening one directory corrupt it.
 * Hold a pid file while this process owns it; a lock left by a dead process is taken over.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true })
  const lock = path.join(dir, '.partner-assistant.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' })
      return () => fs.rmSync(lock, { force: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = Number(fs.readFileSync(lock, 'utf8'))
      if (pid && isAlive(pid)) {
        throw new Error(
          `the embedded database in ${dir} is in use by ${pid === process.pid ? 'this' : 'another'} process (pid ${pid})`,
        )
      }
      fs.rmSync(lock, { force: true })
    }
  }
  throw new Error(`could not lock ${dir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface EmbeddedPostgres {
  /** A postgresql:// URL for the pg driver, on a random loopback port. */
  url: string
  stop(): Promise<void>
}

/**
 * Embedded PostgreSQL: PGlite served over the wire protocol on 127.0.0.1, so the application talks to it
 * through the same @prisma/adapter-pg as to a real server (same errors, same transactions).
 * Without a data directory it lives in memory.
 */
export async function startEmbeddedPostgres(opts: { dataDir?: string; maxConnections?: number } = {}) {
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {}
  let db: PGlite | undefined
  try {
    db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {})
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: opts.maxConnections ?? 32 })
    await server.start()
    const port = Number(server.getServerConn().split(':').pop())
    const running = db
    return {
      url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
      async stop() {
        await server.stop()
        await running.close()
        unlock()
      },
    } satisfies EmbeddedPostgres
  } catch (e) {
    await db?.close().catch(() => {})
    unlock()
    throw e
  }
}
