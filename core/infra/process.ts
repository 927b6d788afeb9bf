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
