import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The IP hashes' key of the services a test starts on one database with data directories of their own: as every
 * instance of a deployment shares IP_HASH_KEY (each directory's own key file would be another key, refused).
 */
export const TEST_IP_HASH_KEY = Buffer.alloc(32, 0x5a).toString('base64')

export interface RunningService {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  /** JSON log lines printed so far. */
  logs: () => Record<string, unknown>[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>
  /** Resolves with the service's base URL once it logs that it is up; rejects if it exits first. */
  up: (timeoutMs?: number) => Promise<string>
  /** Signals the whole process group (started with `group: true`), as a terminal's Ctrl-C does. */
  signalGroup: (signal: NodeJS.Signals) => void
}

/**
 * Runs the service with only the given environment: as `npm start` runs it (node --import tsx bots/main.ts),
 * or through npm itself.
 */
export function runService(
  env: Record<string, string>,
  via: 'node' | 'npm' = 'node',
  /** In a process group of its own, as a terminal runs a command: `signalGroup` then plays the terminal's Ctrl-C. */
  opts: { group?: boolean } = {},
): RunningService {
  const [cmd, args] =
    via === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'bots/main.ts']]
  const child = spawn(cmd as string, args as string[], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      IP_HASH_KEY: TEST_IP_HASH_KEY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.group === true,
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => {
    out += d
  })
  child.stderr!.on('data', (d) => {
    err += d
  })
  let signalledAt = 0
  const kill = child.kill.bind(child)
  child.kill = (signal?: NodeJS.Signals | number) => {
    signalledAt = performance.now()
    return kill(signal)
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, afterMs: performance.now() - signalledAt })),
  )
  const logs = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  const up = (timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`service not up after ${timeoutMs} ms:\n${out}\n${err}`)),
        timeoutMs,
      )
      const check = () => {
        const line = logs().find((l) => l.msg === 'partner assistant is up')
        if (line) {
          clearTimeout(timer)
          resolve(String(line.url))
        }
      }
      child.stdout!.on('data', check)
      void exited.then(({ code }) => {
        clearTimeout(timer)
        reject(new Error(`service exited with ${code} before it was up:\n${err}`))
      })
      check()
    })
  const signalGroup = (signal: NodeJS.Signals) => {
    signalledAt = performance.now()
    process.kill(-child.pid!, signal)
  }
  return { child, stdout: () => out, stderr: () => err, logs, exited, up, signalGroup }
}
