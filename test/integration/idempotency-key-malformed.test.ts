import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) A payout or an adjustment sent with an Idempotency-Key the API does not take (a
 * space in it, or longer than 128) was refused with idempotency_key_required, "Send an Idempotency-Key header",
 * though one had been sent; the document described the header as any string. A key of the wrong form is now
 * invalid_idempotency_key, and the document gives the form; nothing is recorded.
 */
describe('an Idempotency-Key of the wrong form', () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('jqsee', { name: 'Keys', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })

  it('is refused as malformed, not as missing, on payouts and adjustments; a missing one is still "required"', async () => {
    const bonus = { program: 'jqsee', currency: 'USD', amount: '25.00', reason: 'goodwill_bonus' }
    for (const key of ['order 42', 'k'.repeat(129), 'a/b']) {
      for (const r of [
        await api.adjust(partner, bonus, key),
        await api.requestPayout(partner, { program: 'jqsee', method: 'paypal' }, key),
      ]) {
        expect(r.status).toBe(400)
        expect(r.body.error.code, key).toBe('invalid_idempotency_key')
        expect(r.body.error.message).toContain('1-128')
      }
    }
    const missing = await api.operator('POST', `/v1/partners/${partner}/adjustments`, bonus)
    expect(missing.body.error.code).toBe('idempotency_key_required')
    expect(await api.service.db.prisma.manualAdjustment.count()).toBe(0)
  })

  it('the OpenAPI document gives the form of the header where it is required', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    for (const path of ['/v1/partners/{partner}/payouts', '/v1/partners/{partner}/adjustments']) {
      const header = doc.paths[path].post.parameters.find((p: any) => p.name === 'Idempotency-Key')
      expect(header.required, path).toBe(true)
      expect(header.schema.pattern, path).toBe('^[\\w.:-]{1,128}$')
    }
  })
})
