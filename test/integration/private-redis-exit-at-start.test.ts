import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isAlive } from '../../core/infra/process.ts'
import { waitFor } from '../helpers/ports.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/**
 * The service exits while its private Redis is still starting: a second Ctrl-C, or the shutdown's time limit
 * running out during a slow first start. The server it spawned must go with it, not keep running detached in its
 * own process group. A stand-in `redis-server` on PATH that never answers holds the start in that window.
 */
describe('the process exits while its private Redis starts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-redis-exit-'))
  let straggler: number | undefined
  afterAll(() => {
    if (straggler !== undefined && isAlive(straggler)) process.kill(straggler, 'SIGKILL')
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('takes the server it spawned along', async () => {
    const bin = path.join(dir, 'bin')
    fs.mkdirSync(bin)
    const pidFile = path.join(dir, 'server.pid')
    // a server that starts and never answers: the start waits for it
    fs.writeFileSync(path.join(bin, 'redis-server'), `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 60\n`, {
      mode: 0o755,
    })
    const script = [
      `import fs from 'node:fs'`,
      `import { openRedis } from ${JSON.stringify(path.join(ROOT, 'core/infra/redis.ts'))}`,
      `void openRedis(undefined, { dataDir: ${JSON.stringify(path.join(dir, 'data'))} })`,
      // what main.ts does on a second Ctrl-C or when the shutdown's time runs out
      `setInterval(() => { try { fs.statSync(${JSON.stringify(pidFile)}); process.exit(1) } catch {} }, 20)`,
    ].join('\n')
    const file = path.join(dir, 'start.mts')
    fs.writeFileSync(file, script)
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      stdio: 'ignore',
    })
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(1)
    straggler = Number(fs.readFileSync(pidFile, 'utf8'))
    await waitFor(() => !isAlive(straggler!), 3000)
    expect(isAlive(straggler)).toBe(false)
  })
})
