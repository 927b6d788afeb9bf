import fs from 'node:fs'

/** Whether a process with this pid is running: it answers signals and is not a zombie (exited, not yet reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true // no /proc here: answering signals is all there is to go by
  }
}

/*
 * A pid written to a file outlives its process: after a reboot, or in a new container (where the service is often
 * pid 1 again), the same number names another program. These checks tell whether a live pid is still the process
 * that wrote it; each says "cannot tell" (undefined) where /proc does not exist, and the caller then trusts the pid.
 */

/**
 * Which run of which process a pid is: the boot's id and the process's start time since boot, in clock ticks
 * (`/proc/<pid>/stat`, field 22). Another process with the same pid, later or after a reboot, has another one.
 */
export function startOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the fields after the command name, which is in parentheses and may contain anything
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    return after[19] ? `${boot}/${after[19]}` : undefined
  } catch {
    return undefined
  }
}

/** Whether the process works in `dir` (redis-server changes into its `dir`); false where /proc cannot tell. */
export function runsIn(pid: number, dir: string): boolean {
  try {
    return fs.realpathSync(`/proc/${pid}/cwd`) === fs.realpathSync(dir)
  } catch {
    return false
  }
}

/** Whether the process runs the same executable as this one (node); undefined where /proc cannot tell. */
export function runsThisProgram(pid: number): boolean | undefined {
  try {
    return fs.realpathSync(`/proc/${pid}/exe`) === fs.realpathSync(process.execPath)
  } catch {
    return undefined
  }
}

/**
 * Whether the pid of a file is still the live process that wrote it: alive, and (where /proc tells) started when
 * the file says, or, for a file that did not record it, running the same program as this process.
 */
export function stillRunning(pid: number, start: string | undefined): boolean {
  if (!isAlive(pid)) return false
  if (start !== undefined) {
    const now = startOf(pid)
    return now === undefined || now === start
  }
  return runsThisProgram(pid) !== false
}
