import { defineConfig } from 'prisma/config'

// Prisma 7 keeps the URL out of schema.prisma. Only `prisma generate`, `validate` and `format` run through
// the CLI here; migrations go through core/infra/db/migrate-cli.ts (the wasm schema engine), because the
// CLI's native engine cannot be downloaded. process.env, not env(): env() throws when the variable is unset.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
})
