import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) Payment details saved for a method that is paid without any
 * (POST /v1/partners/{partner}/payment-details with service_credit or licences) answer 422
 * payout.details_not_needed, which the OpenAPI document did not list: it named only bank and paypal and no 422, so a
 * client generated from it did not expect the answer. The document now lists the 422 with its code.
 */
describe('payment details for a method that needs none', () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('quantower', { name: 'Credit', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })

  it('are a 422 payout.details_not_needed, nothing saved, and the document lists it', async () => {
    for (const method of ['service_credit', 'licences']) {
      const r = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
        method,
        details: { email: 'p@example.com' },
      })
      expect(r.status, `${method}: ${JSON.stringify(r.body)}`).toBe(422)
      expect(r.body.error.code).toBe('payout.details_not_needed')
    }
    expect(await api.service.db.prisma.paymentDetails.count()).toBe(0)
    const doc = await (await api.get('/v1/openapi.json')).json()
    const post = doc.paths['/v1/partners/{partner}/payment-details'].post
    expect(post.responses['422']?.description ?? '').toContain('payout.details_not_needed')
    // the methods the route takes, as it takes them
    expect(post.requestBody.content['application/json'].schema.properties.method.enum).toEqual([
      'bank',
      'paypal',
      'service_credit',
      'licences',
    ])
  })
})
