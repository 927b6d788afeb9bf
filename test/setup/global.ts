// Vitest global setup: one PostgreSQL and one Redis for the whole run.
//   PostgreSQL: TEST_DATABASE_URL; each test database is a schema of its own on it. Without it, each test
//               database is an in-memory PGlite of its own (PGlite serves every connection from one
//               session, so schemas and advisory locks could not keep parallel files apart).
//   Redis:      REDIS_URL, else a private redis-server on a free loopback port; each test uses its own
//               key prefix.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import type { TestProject } from 'vitest/node'
import { freePort } from '../helpers/ports.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string | undefined
    redisUrl: string
    databaseKind: 'postgres' | 'pglite'
  }
}

let redis: ChildProcess | undefined

/** Projects that always run on embedded PGlite, whatever TEST_DATABASE_URL says. */
const PGLITE_PROJECTS = new Set(['seed-rules-pglite', 'seed-rules-pglite-alone'])

export async function setup(project: TestProject) {
  // the tests that run `npm start` find dist/ built (its prestart builds a stale one, which would use their time)
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' })
  const databaseUrl = PGLITE_PROJECTS.has(project.name) ? undefined : process.env.TEST_DATABASE_URL || undefined
  let redisUrl = process.env.REDIS_URL
  if (!redisUrl) {
    const port = await freePort()
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    )
    for (let i = 0; i < 100; i++) {
      try {
        if (
          execFileSync('redis-cli', ['-p', String(port), 'ping'])
            .toString()
            .trim() === 'PONG'
        )
          break
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    redisUrl = `redis://127.0.0.1:${port}`
  }
  project.provide('databaseUrl', databaseUrl)
  project.provide('redisUrl', redisUrl)
  project.provide('databaseKind', databaseUrl ? 'postgres' : 'pglite')
}

export async function teardown() {
  if (redis?.pid) {
    redis.kill('SIGTERM')
    await new Promise((r) => redis!.once('exit', r))
  }
}
