import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { type RunningService, runService } from '../helpers/service-process.ts'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}
const redisPid = (dataDir: string) =>
  (JSON.parse(fs.readFileSync(path.join(dataDir, 'redis', 'server.json'), 'utf8')) as { pid: number }).pid
/** A connection to the private Redis, as its files describe it (a password only this user can read). */
const privateRedis = (dataDir: string) => {
  const { port } = JSON.parse(fs.readFileSync(path.join(dataDir, 'redis', 'server.json'), 'utf8')) as { port: number }
  const password = /^requirepass (\S+)$/m.exec(fs.readFileSync(path.join(dataDir, 'redis', 'redis.conf'), 'utf8'))![1]
  return new Redis({ host: '127.0.0.1', port, password, lazyConnect: true, maxRetriesPerRequest: 0 })
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group (npm, node and anything they started). The private
 * Redis lives in a group of its own and is stopped by the service after its own connections; a Redis that is
 * already gone is not waited for. Every time: exit 0 within 10 s, nothing left running.
 */
describe('stopping the service from a terminal', () => {
  const running: RunningService[] = []
  const dirs: string[] = []
  const database = freshDatabaseUrl()
  afterEach(async () => {
    for (const s of running.splice(0)) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.signalGroup('SIGKILL')
      await s.exited
    }
    for (const d of dirs.splice(0)) {
      // a private Redis that a killed service left running (by design: the next start adopts it)
      try {
        process.kill(redisPid(d), 'SIGKILL')
      } catch {
        // none left
      }
      fs.rmSync(d, { recursive: true, force: true })
    }
  })
  afterAll(() => database.drop())
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-stop-'))
    dirs.push(d)
    return d
  }
  /** `npm start` in its own process group with the private Redis, as a newcomer runs it. */
  const start = (env: Record<string, string>) => {
    const s = runService({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, 'npm', { group: true })
    running.push(s)
    return s
  }

  async function ctrlC(s: RunningService, dataDir: string) {
    await s.up()
    const redis = redisPid(dataDir)
    expect(alive(redis)).toBe(true)
    s.signalGroup('SIGINT')
    const { code, afterMs } = await s.exited
    expect({ code, stderr: s.stderr() }).toEqual({ code: 0, stderr: '' })
    expect(afterMs).toBeLessThan(10_000)
    expect(s.logs().map((l) => l.msg)).toContain('stopped')
    expect(alive(redis)).toBe(false)
    return afterMs
  }

  it('SIGINT to the whole process group, 10 times in a row: exit 0 within 10 s each, the private Redis stopped', async () => {
    const dataDir = tmp()
    const times: number[] = []
    for (let i = 0; i < 10; i++) {
      times.push(await ctrlC(start({ DATA_DIR: dataDir, DATABASE_URL: database.url }), dataDir))
    }
    expect(times).toHaveLength(10)
  }, 240_000)

  it('with the embedded database too', async () => {
    const dataDir = tmp()
    await ctrlC(start({ DATA_DIR: dataDir }), dataDir)
  }, 120_000)

  it('a Redis that is already gone is not waited for: exit 0 within 10 s', async () => {
    const dataDir = tmp()
    const s = start({ DATA_DIR: dataDir, DATABASE_URL: database.url })
    await s.up()
    // gone for good: a private Redis that dies is started again, unless it cannot start any more (its config broken)
    fs.appendFileSync(path.join(dataDir, 'redis', 'redis.conf'), 'no-such-directive yes\n')
    process.kill(redisPid(dataDir), 'SIGKILL')
    await new Promise((r) => setTimeout(r, 300))
    s.signalGroup('SIGINT')
    const { code, afterMs } = await s.exited
    expect({ code, stderr: s.stderr() }).toEqual({ code: 0, stderr: '' })
    expect(afterMs).toBeLessThan(10_000)
    expect(s.logs().map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down without Redis: running jobs are left for the next start', 'stopped']),
    )
  }, 120_000)

  it('after a SIGKILL the next start adopts the private Redis the dead process left; its data outlives a restart', async () => {
    const dataDir = tmp()
    const first = start({ DATA_DIR: dataDir, DATABASE_URL: database.url })
    await first.up()
    const orphan = redisPid(dataDir)
    const marker = privateRedis(dataDir)
    await marker.set('pa-test:marker', 'kept')
    marker.disconnect()
    expect(fs.statSync(path.join(dataDir, 'redis', 'redis.conf')).mode & 0o077).toBe(0) // the password is private
    first.signalGroup('SIGKILL') // the service dies; its Redis, in a group of its own, does not
    await first.exited
    expect(alive(orphan)).toBe(true)
    const second = start({ DATA_DIR: dataDir, DATABASE_URL: database.url })
    await second.up()
    expect(second.logs().find((l) => String(l.msg).startsWith('private redis'))).toMatchObject({
      msg: 'private redis adopted',
      redisPid: orphan,
    })
    await ctrlC(second, dataDir)
    // the next start finds none running and starts one on the same data (its append-only file)
    const third = start({ DATA_DIR: dataDir, DATABASE_URL: database.url })
    await third.up()
    expect(third.logs().find((l) => String(l.msg).startsWith('private redis'))?.msg).toBe('private redis started')
    const check = privateRedis(dataDir)
    expect(await check.get('pa-test:marker')).toBe('kept')
    check.disconnect()
    await ctrlC(third, dataDir)
  }, 240_000)
})
