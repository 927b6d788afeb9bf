// The deployment files (issue 19 item 5) cannot be built here (no image registry is reachable), so what can be
// checked without Docker is checked: compose.yaml parses, runs the migration once before two replicas, and its
// environment is a configuration the service accepts; the Dockerfile's runtime stage is unprivileged, checks
// /healthz, runs the compiled entry point and copies every file the service reads at run time.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadConfig } from '../../bots/config.ts'
import { appPath } from '../../core/infra/app-root.ts'

type Service = {
  image?: string
  build?: string
  command?: string[]
  environment?: Record<string, string>
  depends_on?: Record<string, { condition: string }>
  deploy?: { replicas?: number }
  ports?: string[]
  healthcheck?: { test: string[] }
  stop_grace_period?: string
}
const compose = parse(fs.readFileSync(appPath('compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>
}
const dockerfile = fs.readFileSync(appPath('Dockerfile'), 'utf8')
const pkg = JSON.parse(fs.readFileSync(appPath('package.json'), 'utf8')) as { scripts: Record<string, string> }

/** Compose's interpolation: ${X:-default} takes the default, ${X:?message} a value a person would set. */
function interpolate(env: Record<string, string>, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, rest?: string) => {
        if (given[name] !== undefined) return given[name]
        if (op === '?') throw new Error(`${name} must be set: ${rest}`)
        return rest ?? ''
      }),
    ]),
  )
}

describe('compose.yaml', () => {
  const s = compose.services
  it('has PostgreSQL, Redis, a one-shot migration and two replicas that start after it', () => {
    expect(Object.keys(s).sort()).toEqual(['app', 'migrate', 'postgres', 'redis'])
    expect(s.postgres!.healthcheck!.test).toContain('pg_isready')
    expect(s.redis!.healthcheck!.test).toContain('ping')
    expect(s.migrate!.command).toEqual(['node', 'dist/bots/migrate.js'])
    expect(s.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } })
    expect(s.app!.deploy?.replicas).toBe(2)
    expect(s.app!.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      redis: { condition: 'service_healthy' },
    })
    expect(s.app!.environment?.DATABASE_MIGRATE).toBe('false')
    // two replicas cannot share one host port
    expect(s.app!.ports).toEqual(['3000-3001:3000'])
    expect(s.app!.image).toBe(s.migrate!.image)
    // both run what the Dockerfile builds
    expect(fs.existsSync(appPath('bots', 'migrate.ts'))).toBe(true)
  })

  it("the replicas' environment is a production configuration the service accepts, and names only its variables", () => {
    const example = fs.readFileSync(appPath('.env.example'), 'utf8')
    const env = s.app!.environment!
    for (const name of Object.keys(env)) expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'))
    const keys = `k1:${Buffer.alloc(32, 7).toString('base64')}`
    expect(() => interpolate(env, {})).toThrow(/PAYMENT_DETAILS_KEYS must be set/)
    expect(() => interpolate(env, { PAYMENT_DETAILS_KEYS: keys })).toThrow(/IP_HASH_KEY must be set/)
    const secrets = { PAYMENT_DETAILS_KEYS: keys, IP_HASH_KEY: Buffer.alloc(32, 8).toString('base64') }
    const config = loadConfig(interpolate(env, { ...secrets, ADMIN_API_TOKEN: 'a'.repeat(24) }))
    expect(config.env).toBe('production')
    expect(config.database).toMatchObject({ embedded: false, migrate: false })
    expect(config.redis.url).toBe('redis://redis:6379')
    expect(config.logFormat).toBe('json')
    expect(config.telegram.mode).toBe('off')
    // compose's SIGKILL comes after the service's own shutdown budget
    expect(Number.parseInt(s.app!.stop_grace_period!, 10) * 1000).toBeGreaterThan(config.shutdownTimeoutMs)
  })
})

describe('Dockerfile', () => {
  const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1])
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))

  it('builds in stages and runs as an unprivileged user with a health check on /healthz', () => {
    expect(stages).toEqual(['deps', 'build', 'prod-deps', 'runtime'])
    expect(dockerfile).toMatch(/npm ci --omit=dev/)
    const user = /^USER (\S+)$/m.exec(runtime)?.[1]
    expect(user).toBeDefined()
    expect(['root', '0']).not.toContain(user)
    expect(runtime).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD .*\/healthz/m)
  })

  it('runs the compiled entry point that npm start runs, with every file the service reads at run time', () => {
    expect(runtime).toMatch(/^CMD \["node", "dist\/bots\/main\.js"\]$/m)
    expect(pkg.scripts.start).toBe('exec node dist/bots/main.js')
    const copied = [...runtime.matchAll(/^COPY (?!--from)(?:--\S+ )*(\S+) \S+$/gm)].map((m) => m[1]!)
    for (const src of copied) expect(fs.existsSync(appPath(src)), src).toBe(true)
    // read through appPath() at run time: locales, program definitions, migrations (and package.json finds the root)
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'locales', 'prisma/programs', 'prisma/migrations']))
  })
})
