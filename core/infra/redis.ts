import fs from 'node:fs'
import path from 'node:path'
import { Redis, type RedisOptions } from 'ioredis'
import { RedisMemoryServer } from 'redis-memory-server'

export interface RedisHandle {
  url: string
  /** A new connection for one purpose (BullMQ wants separate ones for queues and workers). */
  connect(opts?: RedisOptions): Redis
  stop(): Promise<void>
}

/**
 * Checks that Redis answers within `timeoutMs`; rejects with the reason (refused, auth, timeout...).
 * Used at start-up so that an unreachable Redis stops the service with one clear message.
 */
export async function pingRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
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
 * REDIS_URL, or a private redis-server started for this process (the system binary, through
 * redis-memory-server) that lives and dies with the service.
 */
export async function openRedis(url: string | undefined): Promise<RedisHandle> {
  let server: RedisMemoryServer | undefined
  let detachExitHook = () => {}
  let target = url
  if (!target) {
    const systemBinary = findOnPath('redis-server')
    if (!systemBinary) {
      throw new Error('REDIS_URL is not set and no redis-server is installed: set REDIS_URL or install redis-server')
    }
    server = new RedisMemoryServer({
      binary: { systemBinary },
      instance: { ip: '127.0.0.1', args: ['--save', '', '--appendonly', 'no'] },
    })
    await server.start()
    target = `redis://127.0.0.1:${await server.getPort()}`
    // If this process ends without a clean stop (a second signal, a crash), take the server with it.
    const info = server.getInstanceInfo()
    const child = info ? info.instance.childProcess : null
    const killChild = () => child?.kill('SIGKILL')
    process.once('exit', killChild)
    detachExitHook = () => process.off('exit', killChild)
  }
  try {
    await pingRedis(target)
  } catch (e) {
    detachExitHook()
    await server?.stop()
    throw e
  }
  const opened = new Set<Redis>()
  const resolved = target
  return {
    url: resolved,
    connect(opts) {
      const client = new Redis(resolved, opts ?? {})
      opened.add(client)
      client.once('end', () => opened.delete(client))
      return client
    },
    async stop() {
      await Promise.allSettled([...opened].map((c) => c.quit()))
      detachExitHook()
      await server?.stop()
    },
  }
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
