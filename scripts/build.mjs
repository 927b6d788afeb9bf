// `npm run build`: compiles the service (bots/, core/, the generated Prisma client) to dist/ with tsc, so that
// `npm start` runs plain JavaScript and no TypeScript is compiled at run time, and bundles the Mini App's client
// (bots/miniapp/web, with esbuild) next to its compiled page module. Files read at run time (locales/,
// prisma/programs, prisma/migrations) stay where they are and are found from the project's directory.
//
// `node scripts/build.mjs --if-stale` (run by `npm start` first) builds only when dist/ is missing or older than a
// source file, a tsconfig or the lock file: a fresh clone, a `git pull` or an edit are picked up, and an
// up-to-date dist/ costs a directory walk of a few milliseconds.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const DIST = path.join(ROOT, 'dist')
/** Written last: a build that failed half way leaves no stamp, so the next start builds again. */
const STAMP = path.join(DIST, '.built')
const SOURCES = ['bots', 'core', 'generated']
const FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json']

/** The newest modification time of the compiled inputs, in ms. */
function newestSource() {
  let newest = 0
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/\.(ts|json|css)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs)
    }
  }
  for (const dir of SOURCES) if (fs.existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir))
  for (const file of FILES)
    if (fs.existsSync(path.join(ROOT, file))) newest = Math.max(newest, fs.statSync(path.join(ROOT, file)).mtimeMs)
  return newest
}

function stale() {
  if (!fs.existsSync(STAMP)) return true
  return fs.statSync(STAMP).mtimeMs < newestSource()
}

function tscBin() {
  try {
    const pkg = createRequire(import.meta.url).resolve('typescript/package.json')
    return path.join(path.dirname(pkg), 'bin', 'tsc')
  } catch {
    return undefined
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e.code === 'EPERM'
  }
}

/**
 * One build at a time (two `npm start`s at once, or test files starting the service side by side): a lock file
 * holding the builder's pid; a lock left by a process that died is taken over. Returns the release.
 */
function lock() {
  const file = path.join(ROOT, 'dist.lock')
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' })
      return () => fs.rmSync(file, { force: true })
    } catch (e) {
      if (e.code !== 'EEXIST') throw e
      const pid = Number(fs.readFileSync(file, 'utf8'))
      if (!pid || !alive(pid)) fs.rmSync(file, { force: true })
      else if (Date.now() > deadline) throw new Error(`another build (pid ${pid}) holds ${file}`)
      else sleep(100)
    }
  }
}

/**
 * tsc into a directory of its own, then swapped in with two renames: a service already running from dist/ (it
 * loads PGlite's module when it opens the embedded database) never sees a half-written tree.
 */
function build() {
  const tsc = tscBin()
  if (!tsc) {
    process.stderr.write(
      'partner-assistant: dist/ is missing or out of date and TypeScript is not installed to build it: run `npm ci` (with dev dependencies) and `npm run build`, or use a built image\n',
    )
    process.exit(1)
  }
  const started = performance.now()
  const out = path.join(ROOT, `dist.build-${process.pid}`)
  fs.rmSync(out, { recursive: true, force: true })
  const run = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  if (run.status !== 0) {
    fs.rmSync(out, { recursive: true, force: true })
    process.stderr.write('partner-assistant: the build failed (tsc output above)\n')
    process.exit(run.status ?? 1)
  }
  // the Mini App's script and style sheet, by the compiled bundler (the same code the service uses from source)
  const bundled = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(pathToFileURL(path.join(out, 'bots/miniapp/bundle.js')).href)});` +
        `await m.writeBundle(${JSON.stringify(path.join(out, 'bots/miniapp/web-bundle'))}, await m.bundleMiniApp())`,
    ],
    { cwd: ROOT, stdio: 'inherit' },
  )
  if (bundled.status !== 0) {
    fs.rmSync(out, { recursive: true, force: true })
    process.stderr.write('partner-assistant: bundling the Mini App failed (esbuild output above)\n')
    process.exit(bundled.status ?? 1)
  }
  // JSON that the sources import only for its types (the English locale) is copied by tsc; the service reads
  // locales/ itself, so a copy here would only mislead
  fs.rmSync(path.join(out, 'locales'), { recursive: true, force: true })
  fs.writeFileSync(path.join(out, '.built'), `${new Date().toISOString()}\n`)
  const old = path.join(ROOT, `dist.old-${process.pid}`)
  if (fs.existsSync(DIST)) fs.renameSync(DIST, old)
  fs.renameSync(out, DIST)
  fs.rmSync(old, { recursive: true, force: true })
  process.stdout.write(`partner-assistant: built dist/ in ${Math.round(performance.now() - started)} ms\n`)
}

if (!process.argv.includes('--if-stale')) {
  const release = lock()
  try {
    build()
  } finally {
    release()
  }
} else if (stale()) {
  const release = lock()
  try {
    // whoever held the lock may have built it meanwhile
    if (stale()) build()
  } finally {
    release()
  }
}
