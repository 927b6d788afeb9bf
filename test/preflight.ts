// `npm test` runs this first: what the suite needs from the machine, checked before vitest starts, so a missing
// piece is one line that says what to install instead of a failing test's stack trace.
import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import { BROWSER_MISSING, findChromium } from './helpers/browser.ts'

const onPath = (bin: string) =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .concat(['/usr/bin', '/usr/local/bin', '/usr/sbin'])
    .some((dir) => {
      try {
        accessSync(path.join(dir, bin), constants.X_OK)
        return true
      } catch {
        return false
      }
    })

const missing: string[] = []
if (!findChromium()) {
  missing.push(
    process.env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file. ${BROWSER_MISSING}`
      : BROWSER_MISSING,
  )
}
if (!process.env.REDIS_URL && !onPath('redis-server')) {
  missing.push(
    'Without REDIS_URL the tests start a private Redis: install it with `sudo apt-get install -y redis-server`, or set REDIS_URL.',
  )
}
if (missing.length) {
  for (const line of missing) process.stderr.write(`npm test: ${line}\n`)
  process.exit(1)
}
