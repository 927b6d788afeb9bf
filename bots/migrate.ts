// `npm run migrate` (in a built image: `node dist/bots/migrate.js`): applies the pending migrations to the PostgreSQL
// server in DATABASE_URL, then exits 0; exit 1 with one line naming what is wrong. The one-shot step of a deployment
// of several instances (compose's `migrate` service, a Kubernetes Job or initContainer), with the instances started
// with DATABASE_MIGRATE=false. The same code as the service's own start-up migration, under the same advisory lock,
// so a second run, or one beside a starting instance, waits and then applies nothing.
import { parseDatabaseUrl, redactDatabaseUrl } from '../core/infra/db/database-url.ts'
import { deployMigrations, withClient } from '../core/infra/db/migrations.ts'

function fail(message: string): never {
  process.stderr.write(`partner-assistant migrate: ${message}\n`)
  process.exit(1)
}

async function main() {
  const raw = process.env.DATABASE_URL
  if (!raw) fail('DATABASE_URL is not set (postgresql://user:pw@host:5432/db); the embedded database migrates itself')
  let target: ReturnType<typeof parseDatabaseUrl>
  try {
    target = parseDatabaseUrl(raw)
  } catch (e) {
    fail(`DATABASE_URL ${(e as Error).message}`)
  }
  if (target.kind !== 'postgres') fail('DATABASE_URL is an embedded database: `npm start` migrates it itself')
  const say = (msg: string) => process.stdout.write(`${msg}\n`)
  try {
    const applied = await withClient(target.connectionString, (client) =>
      deployMigrations(client, { schema: target.schema, log: say }),
    )
    say(applied.length ? `${applied.length} migration(s) applied` : 'the database is up to date')
  } catch (e) {
    fail(`${redactDatabaseUrl(raw)}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

void main()
