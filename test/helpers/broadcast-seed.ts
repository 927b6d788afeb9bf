// Bulk seeding for the broadcast crash test and benchmark: N jqsee partners reachable in Telegram (chat ids
// from `firstChat`), in the five languages in turn, written with INSERT ... SELECT generate_series. No vitest
// imports: the benchmark uses it too.
import { loadConfig } from '../../bots/config.ts'
import { openDatabase } from '../../core/infra/db/open-database.ts'
import { syncPrograms } from '../../core/infra/db/sync-programs.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { TEST_TOKEN } from './bots.ts'
import { TEST_IP_HASH_KEY } from './service-process.ts'

export const BROADCAST_AT = '2026-03-02T09:00:00Z'
export const FIRST_CHAT = 900_000
export const TEXTS = {
  en: 'From 10 March the commission is 12% of each payment.',
  ru: 'С 10 марта комиссия составит 12% от каждого платежа.',
  kk: '10 наурыздан бастап комиссия әр төлемнің 12% болады.',
  ka: '10 მარტიდან საკომისიო იქნება თითოეული გადახდის 12%.',
  lv: 'No 10. marta komisija būs 12% no katra maksājuma.',
}

/** Opens (migrating) the database, syncs the programs, seeds the partners, closes it. */
export async function seedBroadcastPartners(url: string, partners: number): Promise<number> {
  const db = await openDatabase({ url, migrate: true })
  try {
    await syncPrograms(db.prisma, loadProgramDefinitions(), new Date('2026-01-01T00:00:00Z'))
    const { rows } = await db.pool.query(
      `WITH p AS (
         INSERT INTO partners (id, name, telegram_id, language, legal_type, created_at, updated_at)
         SELECT gen_random_uuid(), 'bc:' || g, $2::bigint + g, (ARRAY['en','ru','kk','ka','lv'])[1 + g % 5],
                'individual', $3::timestamptz, $3::timestamptz
         FROM generate_series(0, $1::int - 1) g
         RETURNING id
       ), e AS (
         INSERT INTO enrolments (id, partner_id, program_key, status, registered_at, created_at, updated_at)
         SELECT gen_random_uuid(), p.id, 'jqsee', 'active', $3::timestamptz, $3::timestamptz, $3::timestamptz FROM p
         RETURNING id
       )
       SELECT count(*)::int AS n FROM e`,
      [partners, FIRST_CHAT, '2026-01-10T12:00:00Z'],
    )
    await db.pool.query('ANALYZE')
    return rows[0].n as number
  } finally {
    await db.close()
  }
}

/** The service the crash child and the benchmark run: the partner bot on a (fake) Bot API, no Slack. */
export function broadcastServiceConfig(env: {
  DATABASE_URL: string
  REDIS_URL?: string
  REDIS_PREFIX?: string
  DATA_DIR?: string
  TELEGRAM_API_ROOT: string
  BROADCAST_RATE: string
}) {
  return loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.BROADCAST_LOG_LEVEL ?? 'error',
    TELEGRAM_SANDBOX: 'false',
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    IP_HASH_KEY: TEST_IP_HASH_KEY,
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
  } as Record<string, string>)
}
