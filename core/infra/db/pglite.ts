import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { isAlive } from '../process.ts'

/**
 * PGlite does not lock its data directory, and two processes opening one directory corrupt it.
 * Hold a pid file while this process owns it; a lock left by a dead process is taken over.
 */
function lockDataDir(dir: string): () => void {
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
export async function startEmbeddedPostgres(opts: { dataDir?: string; maxConnections?: number } = {}) {
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {}
  let db: PGlite | undefined
  let socketDir: string | undefined
  let inner: PGLiteSocketServer | undefined
  let front: ScramFront | undefined
  try {
    db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {})
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

interface ScramFront {
  port: number
  stop(): Promise<void>
}

const PROTOCOL_3 = 196608
const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104
const SCRAM_ITERATIONS = 4096
/** A client that has not proved the password by then is dropped. */
const AUTH_TIMEOUT_MS = 10_000
/** No message of the handshake is anywhere near this; a bigger one is not a PostgreSQL client. */
const MAX_HANDSHAKE_MESSAGE = 8192

/**
 * The loopback side of the embedded database: a PostgreSQL handshake (startup message, SCRAM-SHA-256 exchange)
 * that proves the password, then a byte pipe to PGlite's Unix socket, where the client's startup message is
 * replayed so PGlite answers it (AuthenticationOk, parameters, ReadyForQuery) as it always did.
 */
async function startScramFront(opts: {
  user: string
  password: string
  upstream: string
  maxConnections: number
}): Promise<ScramFront> {
  const salt = randomBytes(16)
  const salted = pbkdf2Sync(opts.password, salt, SCRAM_ITERATIONS, 32, 'sha256')
  const storedKey = sha256(hmac(salted, 'Client Key'))
  const serverKey = hmac(salted, 'Server Key')
  const sockets = new Set<net.Socket>()
  const track = (s: net.Socket) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  }

  const server = net.createServer((client) => {
    track(client)
    client.on('error', () => client.destroy())
    const timer = setTimeout(() => client.destroy(), AUTH_TIMEOUT_MS)
    let buffer = Buffer.alloc(0)
    let startup: Buffer | undefined
    let user = ''
    let step: 'startup' | 'first' | 'final' = 'startup'
    let clientFirstBare = ''
    let serverFirst = ''
    let nonce = ''
    let gs2 = ''

    const refuse = (code: string, message: string) => {
      clearTimeout(timer)
      client.off('data', onData)
      client.end(errorResponse(code, message), () => client.destroy())
    }
    const denied = () => refuse('28P01', `password authentication failed for user "${user}"`)

    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      for (;;) {
        if (step === 'startup') {
          if (buffer.length < 8) return
          const length = buffer.readInt32BE(0)
          if (length < 8 || length > MAX_HANDSHAKE_MESSAGE) return refuse('08P01', 'invalid startup packet')
          if (buffer.length < length) return
          const code = buffer.readInt32BE(4)
          const message = buffer.subarray(0, length)
          buffer = buffer.subarray(length)
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            client.write('N') // no TLS on loopback; the client goes on in clear
            continue
          }
          if (code !== PROTOCOL_3) return refuse('08P01', 'unsupported frontend protocol')
          startup = Buffer.from(message)
          user = startupParameters(message.subarray(8)).get('user') ?? ''
          client.write(authentication(10, Buffer.from('SCRAM-SHA-256\0\0')))
          step = 'first'
          continue
        }
        if (buffer.length < 5) return
        const length = buffer.readInt32BE(1)
        if (length < 4 || length > MAX_HANDSHAKE_MESSAGE) return refuse('08P01', 'invalid message length')
        if (buffer.length < length + 1) return
        const type = buffer[0]
        const body = buffer.subarray(5, length + 1)
        buffer = buffer.subarray(length + 1)
        // anything but the password exchange (a query sent straight after the startup message) is refused
        if (type !== 0x70 /* 'p' */) return denied()
        if (step === 'first') {
          const end = body.indexOf(0)
          if (end < 0 || body.toString('utf8', 0, end) !== 'SCRAM-SHA-256' || body.length < end + 5) return denied()
          const first = body.subarray(end + 5).toString('utf8')
          // gs2 header "n,," (no channel binding) or "y,,"; then n=<ignored user>,r=<client nonce>
          const m = /^([ny]),,(n=[^,]*,r=([\x21-\x2b\x2d-\x7e]+))$/.exec(first)
          if (!m) return denied()
          gs2 = `${m[1]},,`
          clientFirstBare = m[2]!
          nonce = m[3]! + randomBytes(18).toString('base64')
          serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${SCRAM_ITERATIONS}`
          client.write(authentication(11, Buffer.from(serverFirst)))
          step = 'final'
          continue
        }
        const final = body.toString('utf8')
        const m = /^(c=([^,]*),r=([^,]*)),p=([A-Za-z0-9+/=]+)$/.exec(final)
        if (!m || m[2] !== Buffer.from(gs2).toString('base64') || m[3] !== nonce) return denied()
        const authMessage = `${clientFirstBare},${serverFirst},${m[1]}`
        const proof = Buffer.from(m[4]!, 'base64')
        const signature = hmac(storedKey, authMessage)
        if (proof.length !== signature.length) return denied()
        const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]!))
        if (user !== opts.user || !timingSafeEqual(sha256(clientKey), storedKey)) return denied()
        clearTimeout(timer)
        client.off('data', onData)
        client.pause()
        client.write(authentication(12, Buffer.from(`v=${hmac(serverKey, authMessage).toString('base64')}`)))
        return handOver(client, startup!, buffer)
      }
    }
    client.on('data', onData)
  })

  /** Proven: PGlite gets the startup message (and anything the client already sent after it), then the pipe. */
  const handOver = (client: net.Socket, startup: Buffer, rest: Buffer) => {
    const upstream = net.connect(opts.upstream)
    track(upstream)
    const close = () => {
      client.destroy()
      upstream.destroy()
    }
    upstream.on('error', close)
    upstream.on('close', close)
    client.on('close', close)
    upstream.once('connect', () => {
      upstream.write(rest.length ? Buffer.concat([startup, rest]) : startup)
      client.pipe(upstream)
      upstream.pipe(client)
      client.resume()
    })
  }

  server.maxConnections = opts.maxConnections * 2
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return {
    port: (server.address() as net.AddressInfo).port,
    async stop() {
      const closed = new Promise<void>((r) => server.close(() => r()))
      for (const s of sockets) s.destroy()
      await closed
    },
  }
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest()
const hmac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest()

/** The name/value pairs of a startup message body (after length and protocol version). */
function startupParameters(body: Buffer): Map<string, string> {
  const parts = body.toString('utf8').split('\0')
  const params = new Map<string, string>()
  for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) params.set(parts[i]!, parts[i + 1]!)
  return params
}

/** An Authentication message ('R'): 10 SASL, 11 SASLContinue, 12 SASLFinal. */
function authentication(kind: number, data: Buffer): Buffer {
  const head = Buffer.alloc(9)
  head.write('R', 0)
  head.writeInt32BE(8 + data.length, 1)
  head.writeInt32BE(kind, 5)
  return Buffer.concat([head, data])
}

/** A FATAL ErrorResponse ('E') with its SQLSTATE, as PostgreSQL sends before closing. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`)
  const head = Buffer.alloc(5)
  head.write('E', 0)
  head.writeInt32BE(4 + fields.length, 1)
  return Buffer.concat([head, fields])
}
