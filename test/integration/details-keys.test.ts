import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { freshDatabaseUrl } from '../helpers/database.ts'
import { type RunningService, runService } from '../helpers/service-process.ts'

/**
 * Two instances of one deployment on one database whose PAYMENT_DETAILS_KEYS differ (a replica given another
 * value under the same key id: a mis-pasted Secret; an outside review's case). The keys must be the same on every
 * instance: one that cannot open the details the database holds stops at its start, naming the variable, instead of
 * answering finance with errors and sealing details the others cannot open.
 */
describe.skipIf(!inject('databaseUrl'))('PAYMENT_DETAILS_KEYS differing between instances', () => {
  const db = freshDatabaseUrl()
  const token = 'details-keys-admin-token-0123456789'
  const keyA = `k1:${Buffer.alloc(32, 0x11).toString('base64')}`
  const keyB = `k1:${Buffer.alloc(32, 0x22).toString('base64')}`
  const started: RunningService[] = []
  const env = (key: string) => ({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `rr${Math.random().toString(36).slice(2, 8)}`,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'details-keys-')),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_FORMAT: 'json',
    TELEGRAM_SANDBOX: 'false',
    ADMIN_API_TOKEN: token,
    PAYMENT_DETAILS_KEYS: key,
  })
  const start = (key: string) => {
    const s = runService(env(key))
    started.push(s)
    return s
  }
  const call = async (
    base: string,
    method: string,
    p: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const r = await fetch(`${base}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await r.text()
    return { status: r.status, body: text ? JSON.parse(text) : undefined }
  }

  let a: string
  let payoutId: string
  beforeAll(async () => {
    a = await start(keyA).up(90_000)
    const enrol = await call(a, 'POST', '/v1/programs/jqsee/partners', {
      name: 'Keys',
      language: 'en',
      legalType: 'individual',
      country: 'LV',
    })
    expect(enrol.status, JSON.stringify(enrol.body)).toBe(201)
    const partner = enrol.body.partner.id as string
    const saved = await call(a, 'POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001', holder: 'Ann Keys' },
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)
    const bonus = await call(
      a,
      'POST',
      `/v1/partners/${partner}/adjustments`,
      { program: 'jqsee', currency: 'USD', amount: '50.00', reason: 'goodwill_bonus' },
      { 'idempotency-key': 'dk-bonus' },
    )
    expect(bonus.status, JSON.stringify(bonus.body)).toBe(201)
    const payout = await call(
      a,
      'POST',
      `/v1/partners/${partner}/payouts`,
      { program: 'jqsee', currency: 'USD', method: 'bank' },
      { 'idempotency-key': 'dk-payout' },
    )
    expect(payout.status, JSON.stringify(payout.body)).toBe(201)
    payoutId = payout.body.payout.id
    // instance A reads them back
    const read = await call(a, 'GET', `/v1/payouts/${payoutId}/payment-details`)
    expect(read.status).toBe(200)
  }, 150_000)

  afterAll(async () => {
    for (const s of started) {
      s.child.kill('SIGTERM')
      await Promise.race([s.exited, new Promise((r) => setTimeout(r, 15_000))])
    }
    await db.drop()
  }, 60_000)

  it('a second instance whose PAYMENT_DETAILS_KEYS cannot read the stored details refuses to start, naming the variable', async () => {
    const b = start(keyB)
    const outcome = await Promise.race([
      b.exited.then((e) => ({ exited: e.code })),
      b.up(90_000).then(() => ({ exited: 'up' as const })),
    ]).catch((e: Error) => ({ exited: e.message }))
    expect(
      outcome.exited,
      'instance B, given another PAYMENT_DETAILS_KEYS than the details in the database were encrypted with, started serving',
    ).toBe(1)
    expect(b.stderr()).toMatch(/PAYMENT_DETAILS_KEYS/)
  }, 120_000)

  it('with the key listed after a new one (a rotation) it starts; without that key id it stops, naming it', async () => {
    const keyNew = `k2:${Buffer.alloc(32, 0x33).toString('base64')}`
    const rotated = start(`${keyNew},${keyA}`)
    await rotated.up(90_000)
    rotated.child.kill('SIGTERM')
    await rotated.exited
    const without = start(keyNew)
    expect((await without.exited).code).toBe(1)
    expect(without.stderr()).toMatch(
      /PAYMENT_DETAILS_KEYS: payment details in the database are sealed with key "k1", which is not configured/,
    )
  }, 150_000)
})
