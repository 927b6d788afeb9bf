import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { PrismaClient } from '../../../generated/prisma/client.ts'
import { hmacSha256 } from '../crypto/hmac.ts'

/** A value generated once per installation and kept (the first process to ask creates it). */
async function installationSecret(prisma: PrismaClient, key: string): Promise<string> {
  await prisma.setting.createMany({
    data: [{ key, value: randomBytes(32).toString('base64url') }],
    skipDuplicates: true,
  })
  return (await prisma.setting.findUniqueOrThrow({ where: { key } })).value
}

/**
 * The columns that hold keyed hashes made by ipHasher (64 hex digits): addresses of clicks, customers and events, and
 * the fingerprints of payout requests (payout_requests.request_hash; a scheduled request's is the word `schedule`).
 * The visitor of a click without a cookie is a digest of a keyed hash and cannot be re-keyed (see rekeyIpHashes).
 */
const HASH_COLUMNS = [
  { table: 'clicks', column: 'ip_hash' },
  { table: 'customers', column: 'ip_hash' },
  { table: 'events', column: 'ip_hash' },
  { table: 'payout_requests', column: 'request_hash' },
] as const

const CHECK_SETTING = 'ip_hash_key_check'
const REKEY_BATCH = 5000

/** The IP_HASH_KEY configured is not the one the stored hashes were made under. */
export class IpHashKeyMismatchError extends Error {
  constructor() {
    super(
      'not the key this database’s IP hashes were made with (settings.ip_hash_key_check): the one-IP ' +
        'rules could no longer compare addresses. Start with the key used before (or, in development, the ' +
        'ip-hash.key file of the DATA_DIR that created the database).',
    )
    this.name = 'IpHashKeyMismatchError'
  }
}

/**
 * Keyed hashes of IP addresses (and of payout requests' fingerprints): comparable within this installation,
 * meaningless outside it. A hash is HMAC(key, HMAC(salt, value)): the installation's salt, kept in the database
 * (settings.ip_hash_salt), under a key kept outside it (IP_HASH_KEY, or a key file of the data directory). With a
 * copy of the database alone, the 2^32 IPv4 addresses cannot be tried against the hashes.
 *
 * Hashes stored before the key existed were HMAC(salt, value): they are re-keyed once (rekeyIpHashes) before the
 * service uses the hasher, so old and new hashes of one address still match.
 */
export async function ipHasher(
  db: { prisma: PrismaClient; pool: pg.Pool },
  key: Buffer,
  log?: (fields: Record<string, unknown>, msg: string) => void,
): Promise<(value: string) => string> {
  const salt = await installationSecret(db.prisma, 'ip_hash_salt')
  const inner = hmacSha256(salt)
  const outer = hmacSha256(key)
  const rekey = (hash: string) => outer(hash).toString('hex')
  await rekeyIpHashes(db.pool, { check: rekey(CHECK_SETTING), rekey }, log)
  return (value) => rekey(inner(value.trim().toLowerCase()).toString('hex'))
}

/**
 * Once per database, under an advisory lock (instances starting together wait for the first): if no key has been
 * recorded, every stored hash h becomes rekey(h), in one transaction with the key's check value (a hash of a
 * constant, not the key); a recorded check value that differs stops the start (IpHashKeyMismatchError). A visitor
 * without a cookie, seen both before and after the re-keying on one day, counts as a unique visitor twice that day.
 */
export async function rekeyIpHashes(
  pool: pg.Pool,
  key: { check: string; rekey: (hash: string) => string },
  log?: (fields: Record<string, unknown>, msg: string) => void,
) {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('ip_hash_rekey', 0))`)
    const { rows } = await client.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [CHECK_SETTING])
    if (rows[0]) {
      await client.query('COMMIT')
      if (rows[0].value !== key.check) throw new IpHashKeyMismatchError()
      return
    }
    const rekeyed: Record<string, number> = {}
    for (const { table, column } of HASH_COLUMNS) rekeyed[table] = await rekeyColumn(client, table, column, key.rekey)
    await client.query('INSERT INTO settings (key, value) VALUES ($1, $2)', [CHECK_SETTING, key.check])
    await client.query('COMMIT')
    if (Object.values(rekeyed).some((n) => n > 0)) log?.({ rekeyed }, 'IP hashes re-keyed under IP_HASH_KEY')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {})
    throw e
  } finally {
    client.release()
  }
}

/** Re-keys one column's hashes, a batch at a time in id order; how many were changed. */
async function rekeyColumn(client: pg.PoolClient, table: string, column: string, rekey: (hash: string) => string) {
  let after = '00000000-0000-0000-0000-000000000000'
  let changed = 0
  for (;;) {
    const { rows } = await client.query<{ id: string; hash: string }>(
      `SELECT id::text AS id, ${column} AS hash FROM ${table}
       WHERE id > $1::uuid AND ${column} ~ '^[0-9a-f]{64}$' ORDER BY id LIMIT ${REKEY_BATCH}`,
      [after],
    )
    if (!rows.length) return changed
    await client.query(
      `UPDATE ${table} t SET ${column} = u.hash FROM unnest($1::uuid[], $2::text[]) AS u(id, hash) WHERE t.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => rekey(r.hash))],
    )
    changed += rows.length
    after = rows.at(-1)!.id
  }
}
