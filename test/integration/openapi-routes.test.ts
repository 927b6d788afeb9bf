import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * Contract section 3: "The OpenAPI document is served at GET /v1/openapi.json". An integrator generates its client
 * from it; a route the service answers must be in it, with the statuses it answers.
 */
describe('the OpenAPI document against what the routes answer', () => {
  let api: Api
  let doc: any
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    doc = await (await api.get('/v1/openapi.json')).json()
    partner = (await api.enrolled('jqsee', { name: 'Doc', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })

  it('sanctions: POST /v1/partners/{partner}/sanctions and POST /v1/sanctions/{sanction}/lift answer, and are documented', async () => {
    const applied = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'jqsee',
      kind: 'warning',
      reason: 'ad_rules',
    })
    expect(applied.status).toBe(201)
    const lifted = await api.operator('POST', `/v1/sanctions/${applied.body.sanction.id}/lift`, { reason: 'resolved' })
    expect(lifted.status).toBe(200)
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/partners/{partner}/sanctions', '/v1/sanctions/{sanction}/lift']),
    )
  })

  it('postbacks: every 422 code the route answers is named in the document', async () => {
    const described = doc.paths['/v1/programs/{program}/events'].post.responses['422'].description as string
    // README "Contract notes": both are 422 refusals of POST /v1/programs/{program}/events
    for (const code of ['postback.before_order', 'postback.order_of_other_partner']) expect(described).toContain(code)
  })

  it('payment details: the key rotation POST /v1/payment-details/rewrap answers, and is documented (found by an outside review)', async () => {
    const r = await api.operator('POST', '/v1/payment-details/rewrap')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ rewrapped: 0 })
    const op = doc.paths['/v1/payment-details/rewrap']?.post
    expect(op, 'the route is not in the document').toBeDefined()
    expect(op.security).toEqual([{ bearer: [] }])
  })

  it('payouts: an unknown partner is a 404 the document does not list', async () => {
    const r = await api.requestPayout(
      '00000000-0000-4000-8000-000000000000',
      { program: 'jqsee', method: 'paypal' },
      'doc-k1',
    )
    expect(r.status).toBe(404)
    expect(Object.keys(doc.paths['/v1/partners/{partner}/payouts'].post.responses)).toContain('404')
  })
})
