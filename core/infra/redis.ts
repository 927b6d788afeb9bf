import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Redis, type RedisOptions } from 'ioredis'
import { isAlive, runsIn } from './process.ts'
import { type SupervisorEvent, supervise } from './redis-supervisor.ts'

export interface RedisHandle {
  url: string
  /** A new connection for one purpose (BullMQ wants separate ones for queues and workers). */
  connect(opts?: RedisOptions): Redis
  /** Drops every connection at once (Redis is gone: nothing would answer a QUIT); their pending calls fail. */
  disconnectAll(): void
  /** Closes every connection this handle opened; a private server is then shut down (its data kept on disk). */
  stop(): Promise<void>
}

/**
 * What openRedis logs about a private server: started anew, or one a killed process left running, adopted; and
 * while the service runs, a server that died, was started again, or was given up (see supervise).
 */
export type PrivateRedisEvent = ({ event: 'started' | 'adopted' | 'replaced'; pid: number } | SupervisorEvent) & {
  dir: string
}

/**
 * Checks that Redis answers within `timeoutMs`; rejects with the reason (refused, auth, timeout...).
 * Used at start-up so that an unreachable Redis stops the service with one clear message.
 */
export async function pingRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  })
  let cause: Error | undefined
  client.on('error', (e: Error) => {
    cause ??= e // the socket's reason (ECONNREFUSED, ENOTFOUND, NOAUTH...); connect() only says "closed"
  })
  try {
    await client.connect()
    await client.ping()
  } catch (e) {
    throw cause ?? e
  } finally {
    client.disconnect()
  }
}

/**
 * REDIS_URL, or the service's private redis-server (see startPrivateRedis) with its data in `dataDir`.
 */
export async function openRedis(
  url: string | undefined,
  opts: {
    dataDir?: string
    log?: (e: PrivateRedisEvent) => void
    /** Every connection's 'error' events (without a listener, an 'error' event would end the process). */
    onError?: (e: Error) => void
  } = {},
): Promise<RedisHandle> {
  const server = url ? undefined : await startPrivateRedis(opts.dataDir, opts.log)
  const target = url ?? server!.url
  try {
    await pingRedis(target)
  } catch (e) {
    await server?.stop()
    throw e
  }
  const opened = new Set<Redis>()
  return {
    url: target,
    connect(o) {
      const client = new Redis(target, o ?? {})
      client.on('error', (e: Error) => opts.onError?.(e))
      opened.add(client)
      client.once('end', () => opened.delete(client))
      return client
    },
    disconnectAll() {
      for (const c of opened) c.disconnect()
    },
    async stop() {
      // a connection to a Redis that is already gone must not wait for it: drop it instead of QUIT
      await Promise.allSettled(
        [...opened].map((c) =>
          c.status === 'ready' ? withTimeout(c.quit(), 1000).catch(() => c.disconnect()) : c.disconnect(),
        ),
      )
      opened.clear()
      await server?.stop()
    },
  }
}

interface PrivateRedis {
  url: string
  stop(): Promise<void>
}

/** The file that tells the next start which server is ours: its pid and port (the password is in redis.conf). */
interface ServerState {
  pid: number
  port: number
}

/**
 * The private Redis of the embedded mode: `redis-server` with its data in `<dataDir>/redis` (append-only file,
 * fsync every second), a random password in a config file only this user can read, on a loopback port.
 *
 * It runs in a process group of its own, so a Ctrl-C in the terminal (which signals the whole foreground group)
 * reaches the service only; the service shuts it down after its own connections are closed. If the service dies
 * without closing (SIGKILL), the server goes on running with the queued jobs, and the next start adopts it; a
 * server that no longer answers is replaced, and the new one reloads the data from the append-only file. One that
 * dies while the service runs is started again on the same port (see supervise).
 * Without a data directory (tests) it keeps nothing on disk and lives only as long as the process.
 */
async function startPrivateRedis(
  dataDir: string | undefined,
  log: (e: PrivateRedisEvent) => void = () => {},
): Promise<PrivateRedis> {
  const binary = findOnPath('redis-server')
  if (!binary) {
    throw new Error('REDIS_URL is not set and no redis-server is installed: set REDIS_URL or install redis-server')
  }
  const persistent = dataDir !== undefined
  const dir = persistent ? path.resolve(dataDir, 'redis') : fs.mkdtempSync(path.join(osTmp(), 'pa-redis-'))
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.chmodSync(dir, 0o700)
  const confFile = path.join(dir, 'redis.conf')
  const stateFile = path.join(dir, 'server.json')
  const password = readPassword(confFile) ?? randomBytes(24).toString('hex')
  const urlOf = (port: number) => `redis://:${password}@127.0.0.1:${port}`

  const previous = readState(stateFile)
  let replaced = false
  if (previous && isAlive(previous.pid)) {
    const ours = await pingRedis(urlOf(previous.port), 1000).then(
      () => true,
      () => false,
    )
    if (ours) {
      log({ event: 'adopted', dir, pid: previous.pid })
      const server = { binary, confFile, dir, stateFile, persistent, port: previous.port, url: urlOf(previous.port) }
      return ownServer(server, previous.pid, undefined, log)
    }
    // Alive but not answering us. Only a redis-server working in this directory is ours (a hung one: stop it
    // before a new one opens the same files); after a reboot the pid may be anybody's, and is left alone.
    if (runsIn(previous.pid, dir)) {
      await stopPid(previous.pid, 5000)
      replaced = true
    }
  }

  const port = await freePort()
  fs.writeFileSync(
    confFile,
    [
      'bind 127.0.0.1',
      `port ${port}`,
      `requirepass ${password}`,
      `dir ${dir}`,
      persistent ? 'appendonly yes' : 'appendonly no',
      'appendfsync everysec',
      'save ""',
      `logfile ${path.join(dir, 'redis.log')}`,
      'loglevel warning',
      'daemonize no',
      '',
    ].join('\n'),
    { mode: 0o600 },
  )
  fs.chmodSync(confFile, 0o600)
  const server = { binary, confFile, dir, stateFile, persistent, port, url: urlOf(port) }
  const child = await launch(server)
  log({ event: replaced ? 'replaced' : 'started', dir, pid: child.pid! })
  return ownServer(server, child.pid!, child, log)
}

/** Where a private server lives and how it is started (its config file holds the port and the password). */
interface ServerFiles {
  binary: string
  confFile: string
  dir: string
  stateFile: string
  persistent: boolean
  port: number
  url: string
}

/** Starts redis-server on its config file and waits until it answers; the state file then names it. */
async function launch(server: ServerFiles, spawned?: (child: ChildProcess) => void): Promise<ChildProcess> {
  // detached: a process group of its own, so the terminal's Ctrl-C does not reach it; stdio ignored, so it never
  // holds the service's terminal or pipes open; unref: the service's event loop does not wait for it
  const child = spawn(server.binary, [server.confFile], { detached: true, stdio: 'ignore' })
  child.unref()
  // Until ownServer's hook takes over, a process that exits while the server starts (a second Ctrl-C, the
  // shutdown's time limit during a slow first start) takes it along instead of leaving it running.
  const killWhileStarting = () => child.kill('SIGKILL')
  process.once('exit', killWhileStarting)
  spawned?.(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject))
  try {
    await Promise.race([waitUntilAnswers(server.url, 10_000, exited, path.join(server.dir, 'redis.log')), spawnError])
  } catch (e) {
    child.kill('SIGKILL')
    throw e
  } finally {
    process.off('exit', killWhileStarting)
  }
  const state: ServerState = { pid: child.pid!, port: server.port }
  fs.writeFileSync(server.stateFile, JSON.stringify(state), { mode: 0o600 })
  return child
}

/**
 * The server this process owns from now on: started again if it dies meanwhile, stopped by stop(), and killed if
 * the process exits without it.
 */
function ownServer(
  server: ServerFiles,
  pid: number,
  child: ChildProcess | undefined,
  log: (e: PrivateRedisEvent) => void,
): PrivateRedis {
  const { dir, persistent } = server
  const watched = supervise({
    pid,
    child,
    relaunch: (spawned) => launch(server, spawned),
    report: (e) => log({ ...e, dir }),
  })
  // A process that ends without a clean stop (an uncaught error, a second Ctrl-C) takes its server with it, so only
  // a SIGKILL leaves one behind (for the next start to adopt). Its data is already on disk.
  const killOnExit = () => {
    try {
      const pid = watched.pid()
      if (pid !== undefined) process.kill(pid, persistent ? 'SIGTERM' : 'SIGKILL')
    } catch {
      // already gone
    }
  }
  process.once('exit', killOnExit)
  let stopping: Promise<void> | undefined
  return {
    url: server.url,
    stop: () =>
      (stopping ??= (async () => {
        // no more restarts (a server still starting is the one stopped here). SIGTERM makes Redis flush its
        // append-only file; a server that is already gone is fine. The exit hook stays until it is gone: a process
        // that exits meanwhile still takes it along.
        watched.stop()
        const pid = watched.pid()
        if (pid !== undefined) await stopPid(pid, 5000)
        process.off('exit', killOnExit)
        fs.rmSync(server.stateFile, { force: true })
        if (!persistent) fs.rmSync(dir, { recursive: true, force: true })
      })()),
  }
}

async function waitUntilAnswers(url: string, timeoutMs: number, exited: Promise<void>, logFile: string) {
  let gone = false
  void exited.then(() => {
    gone = true
  })
  const until = performance.now() + timeoutMs
  for (;;) {
    try {
      await pingRedis(url, 500)
      return
    } catch (e) {
      if (gone) {
        const tail = safeRead(logFile).trim().split('\n').slice(-3).join(' ')
        throw new Error(`redis-server exited at start${tail ? `: ${tail}` : ''}`)
      }
      if (performance.now() > until) throw new Error(`redis-server did not answer within ${timeoutMs} ms: ${e}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}

/** SIGTERM (Redis then saves and exits), SIGKILL if it is still there after `timeoutMs`. */
async function stopPid(pid: number, timeoutMs: number) {
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return
  }
  const until = performance.now() + timeoutMs
  while (isAlive(pid)) {
    if (performance.now() > until) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // gone meanwhile
      }
      return
    }
    await new Promise((r) => setTimeout(r, 25))
  }
}

function readState(file: string): ServerState | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ServerState>
    return Number.isInteger(s.pid) && Number.isInteger(s.port) ? (s as ServerState) : undefined
  } catch {
    return undefined
  }
}

function readPassword(confFile: string): string | undefined {
  return /^requirepass ([0-9a-f]{48})$/m.exec(safeRead(confFile))?.[1]
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

const osTmp = () => os.tmpdir()

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

function findOnPath(bin: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/local/bin', '/usr/sbin'])
  for (const dir of dirs) {
    const candidate = path.join(dir, bin)
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}
