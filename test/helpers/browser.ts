import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import { type Browser, chromium } from 'playwright-core'

/** Where Debian (`chromium`), Ubuntu (`chromium-browser`, the snap) and a Chrome install put the browser. */
const KNOWN = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
]
const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']

/** The one line `npm test` prints when no browser is found: what to install, and how to point at another. */
export const BROWSER_MISSING =
  'The sandbox browser test needs Chromium: install it with `sudo apt-get update && sudo apt-get install -y chromium` ' +
  '(Ubuntu: `chromium-browser`), or set CHROMIUM_PATH to a Chromium or Chrome binary.'

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The Chromium the browser test drives: `CHROMIUM_PATH` when set (it must exist), else the first of the usual
 * install places and the PATH. Undefined when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => NAMES.map((n) => path.join(dir, n)))
  return [...KNOWN, ...onPath].find(executable)
}

/** Headless Chromium with the flags that keep it off the network (this machine has none but loopback). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium()
  if (!executablePath) throw new Error(BROWSER_MISSING)
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
