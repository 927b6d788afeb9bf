import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { freePort } from '../helpers/ports.ts'
import { type RunningService, runService } from '../helpers/service-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The service as a newcomer runs it: a process, configured by its environment. */
describe('the service process', { timeout: 120_000 }, () => {
  const running: RunningService[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const s of running.splice(0)) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
      await s.exited
    }
    for (const d of dirs.splice(0)) {
      // a private Redis that a killed service left running (by design: the next start adopts it)
      try {
        const { pid } = JSON.parse(fs.readFileSync(path.join(d, 'redis', 'server.json'), 'utf8')) as { pid: number }
        process.kill(pid, 'SIGKILL')
      } catch {
        // none left
      }
      fs.rmSync(d, { recursive: true, force: true })
    }
  })
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-svc-'))
    dirs.push(d)
    return d
  }
  const start = (env: Record<string, string>, via: 'node' | 'npm' = 'node') => {
    const s = runService({ PORT: '0', HOST: '127.0.0.1', ...env }, via)
    running.push(s)
    return s
  }
  const errorLines = (s: RunningService) => s.logs().filter((l) => l.level === 'error' || l.level === 'fatal')

  async function readyThenTerm(s: RunningService) {
    const url = await s.up()
    const ready = await fetch(`${url}/readyz`)
    const body = await ready.json()
    expect(ready.status, JSON.stringify(body)).toBe(200)
    expect(body.checks.map((c: { name: string }) => c.name)).toEqual(['database', 'migrations', 'redis', 'schedules'])
    s.child.kill('SIGTERM')
    const { code, afterMs } = await s.exited
    expect(code).toBe(0)
    expect(afterMs).toBeLessThan(10_000)
    expect(errorLines(s)).toEqual([])
    expect(s.stderr()).toBe('')
  }

  it('runs with embedded defaults (PGlite, private Redis, the Telegram sandbox) and stops cleanly on SIGTERM', async () => {
    const dataDir = tmp()
    const s = start({ DATA_DIR: dataDir })
    await readyThenTerm(s)
    expect(s.logs().map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'sandbox: open this page to try the partner bot without Telegram',
        'slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN; see README)',
      ]),
    )
    expect(fs.existsSync(path.join(dataDir, 'db', '.partner-assistant.lock'))).toBe(false) // released
  })

  it('`npm start` passes SIGTERM to the service, which exits 0 (npm too)', async () => {
    const s = start({ DATA_DIR: tmp() }, 'npm')
    const url = await s.up()
    // the compiled service serves the Mini App's bundle that the build left in dist/ (no esbuild at run time)
    const built = path.join(ROOT, 'dist/bots/miniapp/web-bundle')
    const hash = createHash('sha256')
      .update(fs.readFileSync(path.join(built, 'app.js')))
      .update('\0')
      .update(fs.readFileSync(path.join(built, 'app.css')))
      .digest('hex')
      .slice(0, 12)
    expect(await (await fetch(`${url}/app`)).text()).toContain(`<script src="/app/assets/app-${hash}.js" defer>`)
    const script = await fetch(`${url}/app/assets/app-${hash}.js`)
    expect(script.status).toBe(200)
    expect(await script.text()).toBe(fs.readFileSync(path.join(built, 'app.js'), 'utf8'))
    const pid = Number(s.logs()[0]?.pid)
    s.child.kill('SIGTERM') // npm's pid
    const { code, afterMs } = await s.exited
    expect(code).toBe(0)
    expect(afterMs).toBeLessThan(10_000)
    expect(s.logs().map((l) => l.msg)).toContain('stopped')
    expect(() => process.kill(pid, 0)).toThrow() // the service process is gone, not orphaned
  })

  it('a defect nothing catches stops the process through its graceful shutdown, with exit 1 and the error', async () => {
    const defect = fileURLToPath(new URL('../helpers/defect-on-sigusr2.mjs', import.meta.url))
    const s = start({ DATA_DIR: tmp(), NODE_OPTIONS: `--import ${defect}` })
    const url = await s.up()
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    s.child.kill('SIGUSR2')
    const { code, afterMs } = await s.exited
    expect(code).toBe(1)
    expect(afterMs).toBeLessThan(10_000)
    expect(s.stderr()).toContain('partner-assistant: uncaught error, stopping: Error: a defect nothing caught')
    // the same steps as SIGTERM's: intake stopped, buffers and workers flushed, the database released
    expect(s.logs().map((l) => l.msg)).toContain('stopped')
  })

  it('runs on DATABASE_URL and REDIS_URL', async () => {
    const { url, drop } = freshDatabaseUrl()
    try {
      await readyThenTerm(
        start({
          DATABASE_URL: url,
          REDIS_URL: inject('redisUrl'),
          REDIS_PREFIX: `proc${Math.random().toString(36).slice(2, 8)}`,
        }),
      )
    } finally {
      await drop()
    }
  })

  it('refuses a second process on the same embedded database', async () => {
    const dataDir = tmp()
    const first = start({ DATA_DIR: dataDir })
    await first.up()
    const second = start({ DATA_DIR: dataDir })
    const { code } = await second.exited
    expect(code).toBe(1)
    expect(second.stderr()).toMatch(
      /^partner-assistant: cannot start: DATABASE_URL: cannot open the embedded database .* in use by another process \(pid \d+\)\n$/,
    )
  })

  it('starts again after a crash whose lock names a pid that now belongs to another program (a reboot)', async () => {
    const dataDir = tmp()
    const first = start({ DATA_DIR: dataDir, LOG_FORMAT: 'json' })
    await first.up()
    first.child.kill('SIGKILL') // a power cut or the OOM killer: no clean stop, the lock file stays
    await first.exited
    const lock = path.join(dataDir, 'db', '.partner-assistant.lock')
    const written = JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number; start?: string }
    // after the reboot, the pid written in the lock is some other program's (here: a `sleep`)
    const other = spawn('sleep', ['120'], { stdio: 'ignore' })
    try {
      expect(() => process.kill(other.pid!, 0)).not.toThrow()
      fs.writeFileSync(lock, JSON.stringify({ ...written, pid: other.pid }))
      const second = start({ DATA_DIR: dataDir, LOG_FORMAT: 'json' })
      expect(
        await second.up().then(
          () => 'up',
          (e: Error) => e.message.split('\n').find((l) => l.includes('cannot start')),
        ),
      ).toBe('up')
      second.child.kill('SIGKILL')
      await second.exited
      // the same with the lock of an earlier version (the pid alone): another program is no holder either
      fs.writeFileSync(lock, String(other.pid))
      const third = start({ DATA_DIR: dataDir, LOG_FORMAT: 'json' })
      expect(
        await third.up().then(
          () => 'up',
          (e: Error) => e.message.split('\n').find((l) => l.includes('cannot start')),
        ),
      ).toBe('up')
    } finally {
      other.kill('SIGKILL')
    }
  })

  const oneLine = async (env: Record<string, string>) => {
    const s = start({ DATA_DIR: tmp(), ...env })
    const { code } = await s.exited
    expect(code).toBe(1)
    const lines = s.stderr().trimEnd().split('\n')
    expect(lines, s.stderr()).toHaveLength(1)
    expect(s.stderr()).not.toMatch(/\bat .*\.ts:\d+/) // no stack trace
    return lines[0]
  }

  it('a malformed PORT stops start-up with one clear message', async () => {
    expect(await oneLine({ PORT: '80a' })).toBe(
      'partner-assistant: cannot start: Invalid configuration: PORT must be a whole number from 0 to 65535 (got "80a")',
    )
  })

  it('a wrong DATABASE_URL stops start-up with one clear message', async () => {
    expect(await oneLine({ DATABASE_URL: 'mysql://root@127.0.0.1/app' })).toBe(
      'partner-assistant: cannot start: Invalid configuration: DATABASE_URL uses mysql: expected postgresql://... or pglite:<directory>',
    )
    const port = await freePort()
    expect(await oneLine({ DATABASE_URL: `postgresql://postgres:pw@127.0.0.1:${port}/app` })).toBe(
      `partner-assistant: cannot start: DATABASE_URL: cannot use postgresql://postgres:***@127.0.0.1:${port}/app: connect ECONNREFUSED 127.0.0.1:${port}`,
    )
  })

  it('an unreachable REDIS_URL stops start-up with one clear message', async () => {
    const port = await freePort()
    expect(await oneLine({ REDIS_URL: `redis://127.0.0.1:${port}` })).toBe(
      `partner-assistant: cannot start: REDIS_URL: cannot reach redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    )
  })

  /** Starts on a PostgreSQL database and Redis of the tests, so that start-up reaches its last steps quickly. */
  const onServers = async (env: Record<string, string>) => {
    const { url, drop } = freshDatabaseUrl()
    try {
      const s = start({
        LOG_LEVEL: 'silent',
        DATABASE_URL: url,
        REDIS_URL: inject('redisUrl')!,
        REDIS_PREFIX: `proc${Math.random().toString(36).slice(2, 8)}`,
        TELEGRAM_SANDBOX: 'false',
        ...env,
      })
      const { code } = await s.exited
      return { code, stderr: s.stderr() }
    } finally {
      await drop()
    }
  }

  it('HOST set to an address this machine does not have: start-up stops naming HOST, not PORT', async () => {
    const { code, stderr } = await onServers({ HOST: '10.255.255.1' })
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /^partner-assistant: cannot start: HOST: cannot listen on 10\.255\.255\.1:0: .*EADDRNOTAVAIL/,
    )
  })

  it('TELEGRAM_WEBHOOK_URL: an http URL is refused by the configuration, one Telegram refuses stops start-up naming it', async () => {
    expect(
      await oneLine({
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_WEBHOOK_URL: 'http://partners.example.com/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123',
      }),
    ).toBe(
      'partner-assistant: cannot start: Invalid configuration: TELEGRAM_WEBHOOK_URL must be an https URL: Telegram sends webhooks over https only (http only to a loopback host) (got "http://partners.example.com/telegram/webhook")',
    )
    const telegram = await new FakeTelegram().start()
    const refused = 'Bad Request: bad webhook: Failed to resolve host: Name or service not known'
    telegram.failNext('setWebhook', { error_code: 400, description: refused })
    try {
      const { code, stderr } = await onServers({
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_WEBHOOK_URL: 'https://partners.invalid/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123',
      })
      expect(code).toBe(1)
      expect(stderr).toBe(
        `partner-assistant: cannot start: TELEGRAM_WEBHOOK_URL: Telegram refused the webhook https://partners.invalid/telegram/webhook: ${refused}\n`,
      )
    } finally {
      await telegram.stop()
    }
  })

  it('a second instance long-polling the same bot (409 Conflict): one log line, polling again later, no crash', async () => {
    const telegram = await new FakeTelegram().start()
    const { url, drop } = freshDatabaseUrl()
    try {
      const s = start({
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        DATABASE_URL: url,
        REDIS_URL: inject('redisUrl')!,
        REDIS_PREFIX: `proc${Math.random().toString(36).slice(2, 8)}`,
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: telegram.url,
      })
      await s.up()
      const conflict =
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'
      telegram.failNext('getUpdates', { error_code: 409, description: conflict }, 2)
      await telegram.sendText(70_001, '/start') // ends the long poll in hand; the next two meet the other instance
      await telegram.nthText(70_001, 1, 20_000) // a fresh process's first answer: slow on a loaded machine
      const conflicts = () => s.logs().filter((l) => String(l.msg).includes('another instance polls this bot'))
      await waitUntil(() => conflicts().length === 2 || undefined, 20_000)
      expect(conflicts().map((l) => [l.level, l.retryInMs])).toEqual([
        ['warn', 5000],
        ['warn', 10_000],
      ])
      // alone again: polling resumes where it stopped (the /start is not taken twice) and the partner is served
      const before = telegram.textsTo(70_001).length
      await telegram.sendText(70_001, '/help')
      await telegram.nthText(70_001, before + 1, 20_000)
      expect(telegram.textsTo(70_001).filter((t) => t === telegram.textsTo(70_001)[0])).toHaveLength(1)
      expect({ exitCode: s.child.exitCode, stderr: s.stderr() }).toEqual({ exitCode: null, stderr: '' })
    } finally {
      await telegram.stop()
      for (const s of running.splice(0)) {
        s.child.kill('SIGKILL')
        await s.exited
      }
      await drop()
    }
  })
})
