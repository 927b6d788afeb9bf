import type { ChildProcess } from 'node:child_process'
import { isAlive } from './process.ts'

/** What the supervisor of the private Redis reports: it died, it was started again, or it was given up. */
export type SupervisorEvent =
  | { event: 'exited'; pid: number; code: number | null; signal: string | null; restartInMs: number }
  | { event: 'restarted'; pid: number }
  | { event: 'restart failed'; error: string; restartInMs: number }
  | { event: 'abandoned'; failures: number }

/**
 * When to start it again: after the n-th death in a row, `delaysMs[n]`; a server that stayed up `stableMs` starts
 * the count again. When `delaysMs.length` restarts in a row have each died (or failed to start) within `stableMs`
 * (a redis-server that cannot run: a broken config, a port taken, a full disk), it is given up rather than started
 * in a loop.
 */
export const RESTART_POLICY = { delaysMs: [250, 1000, 2000, 4000, 8000], stableMs: 30_000 }

/**
 * Watches the private redis-server while the service runs and, when it dies (the OOM killer, a mistaken kill) but
 * the service did not stop it, starts it again through `relaunch` (same directory, password and port: its
 * append-only file reloads, and the clients' own reconnects find it). A server this process spawned is watched
 * through its exit; one adopted from a killed run, which is not our child, by polling its pid every second.
 */
export function supervise(opts: {
  pid: number
  child: ChildProcess | undefined
  /** Starts it again; `spawned` is called as soon as its process exists, before it answers. */
  relaunch: (spawned: (child: ChildProcess) => void) => Promise<ChildProcess>
  report: (e: SupervisorEvent) => void
  policy?: typeof RESTART_POLICY
}) {
  const policy = opts.policy ?? RESTART_POLICY
  /** The server's process; undefined once it is known gone (its number may soon be another process's). */
  let pid: number | undefined = opts.pid
  let startedAt = performance.now()
  let failures = 0
  let stopping = false
  let poll: NodeJS.Timeout | undefined
  let timer: NodeJS.Timeout | undefined

  const schedule = (): number | undefined => {
    if (failures >= policy.delaysMs.length) {
      opts.report({ event: 'abandoned', failures })
      return undefined
    }
    const delay = policy.delaysMs[failures++]!
    timer = setTimeout(() => {
      timer = undefined
      void restart()
    }, delay)
    timer.unref()
    return delay
  }
  const died = (code: number | null, signal: string | null) => {
    clearInterval(poll)
    const gone = pid!
    pid = undefined
    if (stopping) return
    if (performance.now() - startedAt >= policy.stableMs) failures = 0
    const delay = schedule()
    if (delay !== undefined) opts.report({ event: 'exited', pid: gone, code, signal, restartInMs: delay })
  }
  const watch = (child: ChildProcess | undefined) => {
    if (child) {
      child.once('exit', (code, signal) => died(code, signal))
      return
    }
    poll = setInterval(() => {
      if (pid !== undefined && !isAlive(pid)) died(null, null)
    }, 1000)
    poll.unref()
  }
  const restart = async () => {
    if (stopping) return
    startedAt = performance.now()
    try {
      // the new process is the one to stop from now on, even while it is still starting
      const child = await opts.relaunch((c) => {
        if (c.pid !== undefined) pid = c.pid
      })
      if (stopping) return // stopped meanwhile: the caller stops the new server through pid()
      opts.report({ event: 'restarted', pid: child.pid! })
      watch(child)
    } catch (e) {
      pid = undefined // its start failed: it was killed
      if (stopping) return
      const delay = schedule()
      if (delay !== undefined) opts.report({ event: 'restart failed', error: String(e), restartInMs: delay })
    }
  }
  watch(opts.child)

  return {
    /** The server's pid now (a restart changes it as soon as the new process exists); undefined while none runs. */
    pid: () => pid,
    /** No more restarts. The caller then stops pid(): a server still starting fails its start and is left. */
    stop() {
      stopping = true
      clearTimeout(timer)
      clearInterval(poll)
    },
  }
}
