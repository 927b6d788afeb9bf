// Offline replacement for the Prisma CLI's migrate commands, on the wasm schema engine (no native binary):
//
//   npm run db:migrate:create -- <name>  new prisma/migrations/<ts>_<name>/migration.sql (= migrate dev --create-only)
//   npm run db:migrate:dev -- <name>     apply pending migrations, then create and apply a new one
//   npm run db:migrate:deploy            apply pending migrations (= migrate deploy)
//   npm run db:migrate:status            migration history of the database (exit 1 if not in sync)
//   npm run db:migrate:check             drift between prisma/schema.prisma and the migrations (exit 2); no DB needed
//   npm run db:migrate:sql               the SQL from an empty database to the schema
//
// DATABASE_URL picks the database (postgresql://... or pglite:<dir>); `check` and `sql` default to a throw-away
// in-memory PGlite, so they run anywhere. SHADOW_DATABASE_URL names a scratch database for `create`/`dev` on
// PostgreSQL servers where the user may not CREATE DATABASE.
import path from 'node:path'

/** A developer tool: it talks to the terminal, not to the service's log. */
const say = (line: string) => process.stdout.write(`${line}\n`)
const warn = (line: string) => process.stderr.write(`${line}\n`)

import { appPath } from '../app-root.ts'
import { migrationFactoryFor } from './migration-engine.ts'
import { MIGRATIONS_DIR } from './migrations.ts'
import {
  NO_FILTER,
  openSchemaEngine,
  readMigrationsList,
  readSchemas,
  takeEnginePanic,
  writeMigration,
} from './schema-engine.ts'

const SCHEMA = appPath('prisma', 'schema.prisma')
const USAGE = 'usage: migrate-cli <create|dev|deploy|status|check|sql> [name]'

async function main(): Promise<number> {
  const [cmd, arg] = process.argv.slice(2)
  if (!cmd || !['create', 'dev', 'deploy', 'status', 'check', 'sql'].includes(cmd)) throw new Error(USAGE)
  const needsDb = ['create', 'dev', 'deploy', 'status'].includes(cmd)
  const url = process.env.DATABASE_URL || (needsDb ? 'pglite:./.data/db' : 'pglite:memory')
  const schema = readSchemas(SCHEMA)
  const { factory, close } = await migrationFactoryFor(url)
  const engine = await openSchemaEngine(factory, schema)
  try {
    const migrationsList = readMigrationsList(MIGRATIONS_DIR)
    switch (cmd) {
      case 'sql': {
        const r = await engine.diff({
          from: { tag: 'empty' },
          to: { tag: 'schemaDatamodel', files: schema.files },
          script: true,
          exitCode: null,
          filters: NO_FILTER,
        })
        process.stdout.write(r.stdout ?? '')
        return 0
      }
      case 'create':
      case 'dev': {
        if (!arg || !/^[a-z0-9_]+$/.test(arg)) throw new Error(`usage: ${cmd} <name> (lower-case letters, digits, _)`)
        // createMigration reads the history schema from a cache that devDiagnostic fills: call it first.
        const diag = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER })
        if (diag.action.tag === 'reset') throw new Error(`the database needs a reset: ${diag.action.reason}`)
        if (cmd === 'dev') {
          const applied = await engine.applyMigrations({ migrationsList, filters: NO_FILTER })
          for (const n of applied.appliedMigrationNames) say(`applied ${n}`)
        }
        const out = await engine.createMigration({
          draft: false,
          migrationName: arg,
          migrationsList,
          schema,
          filters: NO_FILTER,
        })
        if (out.migrationScript === null) {
          say('Already in sync: no schema change found.')
          return 0
        }
        writeMigration(MIGRATIONS_DIR, out.generatedMigrationName, out.migrationScript, out.connectorType)
        say(`created ${path.relative(process.cwd(), path.join(MIGRATIONS_DIR, out.generatedMigrationName))}`)
        if (cmd === 'dev') {
          const applied = await engine.applyMigrations({
            migrationsList: readMigrationsList(MIGRATIONS_DIR),
            filters: NO_FILTER,
          })
          for (const n of applied.appliedMigrationNames) say(`applied ${n}`)
        }
        return 0
      }
      case 'deploy': {
        const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER })
        say(
          out.appliedMigrationNames.length
            ? `applied ${out.appliedMigrationNames.join(', ')}`
            : 'No pending migrations to apply.',
        )
        return 0
      }
      case 'status': {
        const out = await engine.diagnoseMigrationHistory({
          migrationsList,
          optInToShadowDatabase: false,
          filters: NO_FILTER,
        })
        say(JSON.stringify(out, null, 2))
        return out.history || out.failedMigrationNames.length || out.editedMigrationNames.length ? 1 : 0
      }
      default: {
        // check
        const r = await engine.diff({
          from: { tag: 'migrations', ...migrationsList },
          to: { tag: 'schemaDatamodel', files: schema.files },
          script: true,
          exitCode: true,
          filters: NO_FILTER,
        })
        if (r.exitCode === 2) {
          warn(`prisma/schema.prisma and prisma/migrations differ. Missing migration SQL:\n${r.stdout ?? ''}`)
          warn('Run: npm run db:migrate:create -- <name>')
          return 2
        }
        say('Migrations are in sync with the schema.')
        return 0
      }
    }
  } finally {
    engine.free()
    await close()
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    const panic = takeEnginePanic()
    warn(`migrate-cli: ${e instanceof Error ? e.message : String(e)}${panic ? ` (engine: ${panic})` : ''}`)
    process.exit(1)
  },
)
