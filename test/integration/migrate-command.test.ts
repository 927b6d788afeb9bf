import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { appPath } from '../../core/infra/app-root.ts'
import { listMigrations } from '../../core/infra/db/migrations.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'

/** `npm run migrate` as a deployment runs it (compose's migrate service, a Kubernetes Job), from the source. */
const migrate = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bots/migrate.ts'], {
    cwd: appPath(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })

describe('the one-shot migration command (issue 19 item 5)', () => {
  it('applies every migration once, then finds nothing to do', async (ctx) => {
    const db = freshDatabaseUrl()
    if (db.url.startsWith('pglite:')) ctx.skip('needs a PostgreSQL server (TEST_DATABASE_URL)')
    try {
      const first = migrate({ DATABASE_URL: db.url })
      expect(first.status, first.stderr).toBe(0)
      expect(first.stdout).toContain(`${listMigrations().length} migration(s) applied`)
      const second = migrate({ DATABASE_URL: db.url })
      expect(second.status, second.stderr).toBe(0)
      expect(second.stdout.trim()).toBe('the database is up to date')
    } finally {
      await db.drop()
    }
  })

  it('without a server to migrate, says what is wrong in one line and exits 1', () => {
    for (const [env, message] of [
      [{}, /DATABASE_URL is not set/],
      [{ DATABASE_URL: 'pglite:.data/db' }, /embedded database/],
      [{ DATABASE_URL: 'mysql://x@h/db' }, /DATABASE_URL uses mysql/],
      [{ DATABASE_URL: 'postgresql://u:secret-pw@127.0.0.1:1/db' }, /postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/db: /],
    ] as const) {
      const r = migrate(env)
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toContain('secret-pw')
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  })
})
