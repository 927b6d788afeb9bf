import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * Contract section 7: adjustments take an `Idempotency-Key` with "the same replay/409 rules as payouts"; the service
 * accepts a key of 1-128 characters (its own 400 says so). A 128-character key - a SHA-512 hex digest, a common
 * choice - is valid and must record the bonus (201) and replay it (200), not fail with a 500.
 */
describe('an adjustment under a 128-character Idempotency-Key', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-06T10:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const body = { program: 'quantower', currency: 'USD', amount: '25.00', reason: 'goodwill_bonus' }
  const stored = async (partner: string) =>
    (
      await api.service.db.prisma.manualAdjustment.findMany({
        where: { enrolment: { partnerId: partner } },
        orderBy: { createdAt: 'asc' },
      })
    ).map((a) => a.idempotencyKey)

  it('is recorded once and replayed, like any other valid key', async () => {
    const { partner } = await api.enrolled('quantower', { name: 'Long key', language: 'en', legalType: 'individual' })
    const key = 'a'.repeat(128)
    const first = await api.adjust(partner, body, key)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const again = await api.adjust(partner, body, key)
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(again.body).toEqual(first.body)
  })

  it('another body under the long key is 409, and nothing more is recorded', async () => {
    const { partner } = await api.enrolled('quantower', { name: 'Long key 2', language: 'en', legalType: 'individual' })
    const key = `${'b'.repeat(127)}1`
    expect((await api.adjust(partner, body, key)).status).toBe(201)
    const other = await api.adjust(partner, { ...body, amount: '30.00' }, key)
    expect(other.status, JSON.stringify(other.body)).toBe(409)
    expect(other.body.error).toMatchObject({ code: 'adjustment.key_conflict' })
    // a key differing in its last character only is another request
    expect((await api.adjust(partner, body, `${'b'.repeat(127)}2`)).status).toBe(201)
    expect(await stored(partner)).toHaveLength(2)
  })

  it('a key that fits as given is stored as before the fix, so a key stored then still replays', async () => {
    const { partner } = await api.enrolled('quantower', { name: 'Old key', language: 'en', legalType: 'individual' })
    const key = 'c'.repeat(124) // `api:` and the key: exactly the column's 128
    const first = await api.adjust(partner, body, key)
    expect(first.status).toBe(201)
    expect(await stored(partner)).toEqual([`api:${key}`])
    const again = await api.adjust(partner, body, key)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
  })

  it('a payout request under a 128-character key is made once and replayed', async () => {
    const { partner } = await api.enrolled('quantower', { name: 'Long payee', language: 'en', legalType: 'individual' })
    expect((await api.adjust(partner, { ...body, amount: '200.00' }, 'bonus')).status).toBe(201)
    const key = 'd'.repeat(128)
    const payout = { program: 'quantower', method: 'paypal', details: { email: 'long@example.com' } }
    const first = await api.requestPayout(partner, payout, key)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const again = await api.requestPayout(partner, payout, key)
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(again.body).toEqual(first.body)
    const other = await api.requestPayout(partner, { ...payout, amount: '50.00' }, key)
    expect(other.status, JSON.stringify(other.body)).toBe(409)
    const listed = await api.operator('GET', `/v1/partners/${partner}/payouts?program=quantower`)
    expect(listed.body.payouts).toHaveLength(1)
  })
})
