import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) Payment details with a field the method does not have (`{"iban": ..., "email":
 * ...}` for a bank transfer, an e-mail where an IBAN belongs) were refused with an issue whose path was empty and
 * whose message was zod's own ("Unrecognized key: \"email\""), so the caller could not tell which field to drop.
 * Each unknown field is now an issue naming it, "unknown field", as everywhere else in the API; nothing is saved.
 */
describe('payment details with a field the method does not have', () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('quantower', { name: 'Details', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })

  it('names each unknown field; nothing is saved', async () => {
    const r = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'paypal',
      details: { email: 'a@example.com', iban: 'DE89370400440532013000', note: 'x' },
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('payout.details_invalid')
    expect(r.body.error.issues).toEqual([
      { path: 'iban', message: 'unknown field' },
      { path: 'note', message: 'unknown field' },
    ])
    expect(await api.service.db.prisma.paymentDetails.count()).toBe(0)
  })
})
