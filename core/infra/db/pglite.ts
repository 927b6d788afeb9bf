import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { startOf, stillRunning } from '../process.ts'
import { readTemplate, type TemplateKind } from './pglite-template.ts'
import { type ScramFront, startScramFront } from './scram-front.ts'

/** The data directories this process holds: a second open here is refused whatever the lock file says. */
const held = new Set<string>()

/**
 * PGlite does not lock its data directory, and two processes opening one directory corrupt it.
 * Hold a lock file while this process owns it, naming the process (its pid and, where /proc exists, when it
 * started). A lock whose process is gone is taken over, and so is one whose pid now names another process: after
 * a power cut or a reboot the number is anybody's, and in a container it is often this very process's.
 */
function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true })
  const key = fs.realpathSync(dir)
  if (held.has(key)) throw new Error(`the embedded database in ${dir} is in use by this process (pid ${process.pid})`)
  const lock = path.join(dir, '.partner-assistant.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, start: startOf(process.pid) }), { flag: 'wx' })
      held.add(key)
      return () => {
        held.delete(key)
        fs.rmSync(lock, { force: true })
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const holder = readLock(lock)
      if (holder && holder.pid !== process.pid && stillRunning(holder.pid, holder.start)) {
        throw new Error(`the embedded database in ${dir} is in use by another process (pid ${holder.pid})`)
      }
      fs.rmSync(lock, { force: true })
    }
  }
  throw new Error(`could not lock ${dir}`)
}

/** The lock's holder: `{"pid":…,"start":…}`, or a bare pid (written by earlier versions). */
function readLock(lock: string): { pid: number; start?: string } | undefined {
  let text: string
  try {
    text = fs.readFileSync(lock, 'utf8').trim()
  } catch {
    return undefined // removed meanwhile
  }
  try {
    const parsed = JSON.parse(text) as unknown
    if (typeof parsed === 'number') return Number.isInteger(parsed) && parsed > 0 ? { pid: parsed } : undefined
    const { pid, start } = parsed as { pid?: unknown; start?: unknown }
    if (!Number.isInteger(pid) || (pid as number) <= 0) return undefined
    return { pid: pid as number, ...(typeof start === 'string' ? { start } : {}) }
  } catch {
    return undefined // torn or foreign content: no process to protect
  }
}

export interface EmbeddedPostgres {
  /** A postgresql:// URL for the pg driver, on a random loopback port, with this process's own password. */
  url: string
  stop(): Promise<void>
}

/**
 * Embedded PostgreSQL: PGlite served over the wire protocol on 127.0.0.1, so the application talks to it
 * through the same @prisma/adapter-pg as to a real server (same errors, same transactions).
 * Without a data directory it lives in memory.
 *
 * PGlite itself lets any user in without a password, and a loopback port is open to every process and user on
 * the machine. So PGlite listens on a Unix socket in a directory only this user can enter, and the loopback port
 * in front of it asks for a password drawn at start-up that only the returned URL carries (SCRAM-SHA-256, as
 * PostgreSQL does; the password never crosses the socket). A connection is handed to PGlite only once it proved
 * the password.
 */
export async function startEmbeddedPostgres(
  opts: {
    dataDir?: string
    maxConnections?: number
    /** What a new cluster starts from: the empty cluster (default), or the migrated one when there is one. */
    template?: TemplateKind
  } = {},
) {
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {}
  let db: PGlite | undefined
  let socketDir: string | undefined
  let inner: PGLiteSocketServer | undefined
  let front: ScramFront | undefined
  try {
    // a new cluster is unpacked from a template made at install time rather than made by initdb (8 s of CPU)
    const fresh = !opts.dataDir || !fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'))
    const template = fresh ? readTemplate(opts.template) : undefined
    db = await PGlite.create({
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(template ? { loadDataDir: template } : {}),
    })
    await sweepSocketDirs()
    // mkdtemp creates the directory 0700: other users cannot reach the socket inside it
    socketDir = fs.mkdtempSync(path.join(os.tmpdir(), SOCKET_DIR_PREFIX))
    const socketPath = path.join(socketDir, '.s.PGSQL.5432')
    const maxConnections = opts.maxConnections ?? 32
    inner = new PGLiteSocketServer({ db, path: socketPath, maxConnections })
    await inner.start()
    const password = randomBytes(24).toString('base64url')
    front = await startScramFront({ user: 'postgres', password, upstream: socketPath, maxConnections })
    const [running, server, proxy, dir] = [db, inner, front, socketDir]
    return {
      url: `postgresql://postgres:${password}@127.0.0.1:${front.port}/postgres?sslmode=disable`,
      async stop() {
        await proxy.stop()
        await server.stop()
        await running.close()
        fs.rmSync(dir, { recursive: true, force: true })
        unlock()
      },
    } satisfies EmbeddedPostgres
  } catch (e) {
    await front?.stop().catch(() => {})
    await inner?.stop().catch(() => {})
    await db?.close().catch(() => {})
    if (socketDir) fs.rmSync(socketDir, { recursive: true, force: true })
    unlock()
    throw e
  }
}

const SOCKET_DIR_PREFIX = 'pa-pglite-'

/**
 * A process that was killed could not remove its socket directory. Directories of ours whose socket no longer
 * answers are removed; one that answers belongs to a running process (perhaps in another PID namespace) and stays.
 */
async function sweepSocketDirs() {
  const tmp = os.tmpdir()
  const uid = process.getuid?.()
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith(SOCKET_DIR_PREFIX)) continue
    const dir = path.join(tmp, name)
    try {
      const stat = fs.lstatSync(dir)
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue
      const socket = path.join(dir, '.s.PGSQL.5432')
      if (fs.existsSync(socket) && (await answers(socket))) continue
      // a directory without a socket: a start that is still under way has just created it, or one that died
      if (!fs.existsSync(socket) && Date.now() - stat.mtimeMs < 60_000) continue
      fs.rmSync(dir, { recursive: true, force: true })
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath)
    const done = (alive: boolean) => {
      probe.destroy()
      resolve(alive)
    }
    probe.once('connect', () => done(true))
    probe.once('error', () => done(false))
    probe.setTimeout(1000, () => done(true)) // a busy server is still a server
  })
}
