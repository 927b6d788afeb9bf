import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { hmacSha256 } from '../../core/infra/crypto/hmac.ts'
import { IpHashKeyMismatchError, ipHasher } from '../../core/infra/db/settings.ts'
import { type Api, startApi } from '../helpers/api.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'

/**
 * The IP addresses' keyed hashes used a key kept in the same database (settings.ip_hash_salt): with a copy of the
 * database, every IPv4 address could be tried against them (found by an outside security review). Now the hash is
 * under a key kept outside the database too (IP_HASH_KEY), and a database hashed before is re-keyed once.
 */
describe('the IP hashes’ key lives outside the database', () => {
  const KEY = Buffer.alloc(32, 21)
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-04-10T12:00:00Z', { IP_HASH_KEY: KEY.toString('base64') })
  })
  afterAll(async () => {
    await api?.close()
  })

  const ip = '203.0.113.9'
  const stored = async (customer: string) =>
    (
      await api.service.db.pool.query<{ hash: string }>(
        `SELECT ip_hash AS hash FROM customers WHERE program_key = 'worksection-referral' AND external_id = $1`,
        [customer],
      )
    ).rows[0]?.hash
  const signup = (id: string, customer: string, ref?: string) =>
    api.recorded('worksection-referral', {
      ...{ id, type: 'signup', occurredAt: '2026-04-02T09:00:00Z', customer, ip },
      ...(ref ? { ref } : {}),
    })

  it('no hash can be made from the database alone: the salt there gives another value than the one stored', async () => {
    await signup('k-first', 'kc-first')
    const { pool } = api.service.db
    const salt = (await pool.query(`SELECT value FROM settings WHERE key = 'ip_hash_salt'`)).rows[0].value
    const fromDatabase = hmacSha256(salt)(ip).toString('hex')
    const hash = await stored('kc-first')
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hash).not.toBe(fromDatabase)
    expect(hash).toBe(hmacSha256(KEY)(fromDatabase).toString('hex'))
  })

  it('a database hashed before the key is re-keyed once; an address seen before still matches; another key refuses', async () => {
    const { pool } = api.service.db
    const salt = (await pool.query(`SELECT value FROM settings WHERE key = 'ip_hash_salt'`)).rows[0].value
    const legacy = hmacSha256(salt)(ip).toString('hex')
    // the database as the previous version left it: hashes under the salt alone, no key recorded
    await signup('k-old', 'kc-old')
    const current = await stored('kc-old')
    for (const table of ['customers', 'events', 'clicks'])
      await pool.query(`UPDATE ${table} SET ip_hash = $1 WHERE ip_hash = $2`, [legacy, current])
    await pool.query(`DELETE FROM settings WHERE key = 'ip_hash_key_check'`)
    const logs: string[] = []
    const hash = await ipHasher(api.service.db, KEY, (fields, msg) => logs.push(`${msg} ${JSON.stringify(fields)}`))
    expect(hash(ip)).toBe(current)
    expect(await stored('kc-old')).toBe(current)
    expect(logs).toEqual([expect.stringMatching(/^IP hashes re-keyed under IP_HASH_KEY .*"customers":2/)])
    const left = await pool.query(`SELECT count(*)::int AS n FROM events WHERE ip_hash = $1`, [legacy])
    expect(left.rows[0].n).toBe(0)

    // the one-IP rule still finds the address used before the re-keying (worked example 6)
    const { codes } = await api.enrolled('worksection-referral', {
      ...{ name: 'Rekeyed', language: 'en', legalType: 'individual' },
    })
    await signup('k-new', 'kc-new', codes[0]!.code)
    const paid = await api.recorded('worksection-referral', {
      ...{ id: 'k-new-pay', type: 'payment', occurredAt: '2026-04-03T09:00:00Z', customer: 'kc-new' },
      ...{ order: 'k-new-o', amount: '100.00', currency: 'USD' },
    })
    expect(paid.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'shared_ip' })])

    // once only: a second start changes nothing; a start with another key stops, naming why
    await ipHasher(api.service.db, KEY)
    expect(await stored('kc-old')).toBe(current)
    await expect(ipHasher(api.service.db, Buffer.alloc(32, 22))).rejects.toBeInstanceOf(IpHashKeyMismatchError)
    expect(await stored('kc-old')).toBe(current)
  })

  // two services on one database need PostgreSQL (an in-memory PGlite lives in its process)
  it.skipIf(!inject('databaseUrl'))(
    'the service does not start with another key, and says which variable',
    async () => {
      const db = freshDatabaseUrl()
      try {
        const first = await startApi('2026-04-10T12:00:00Z', {
          DATABASE_URL: db.url,
          IP_HASH_KEY: KEY.toString('base64'),
        })
        await first.close()
        const other = Buffer.alloc(32, 23).toString('base64')
        await expect(startApi('2026-04-10T12:00:00Z', { DATABASE_URL: db.url, IP_HASH_KEY: other })).rejects.toThrow(
          /^IP_HASH_KEY: not the key this database’s IP hashes were made with/,
        )
        const again = await startApi('2026-04-10T12:00:00Z', {
          DATABASE_URL: db.url,
          IP_HASH_KEY: KEY.toString('base64'),
        })
        await again.close()
      } finally {
        await db.drop()
      }
    },
  )

  it('without IP_HASH_KEY, an empty or damaged key file in DATA_DIR is refused, not used as a key', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-ipkey-'))
    try {
      writeFileSync(path.join(dataDir, 'ip-hash.key'), '\n', { mode: 0o600 })
      await expect(startApi('2026-04-10T12:00:00Z', { DATA_DIR: dataDir })).rejects.toThrow(
        /^IP_HASH_KEY: .*ip-hash\.key is not 32 bytes of base64/,
      )
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
