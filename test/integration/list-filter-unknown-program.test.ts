import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) A list filtered by a mistyped program answered 200 with an empty list, as if the
 * program had nothing: /v1/broadcasts?program=jqsse, /v1/payout-batches?program=..., a partner's payouts, while
 * the review flags and a program's terms answer 404 program.not_found. A mistyped program is not a program without
 * entries: every list now answers 404 for it, and a filter given twice is a 400 instead of being ignored.
 */
describe('a list filtered by an unknown program is a 404, not an empty list', () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('jqsee', { name: 'Lists', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })

  const lists = () => ['/v1/broadcasts', '/v1/payout-batches', `/v1/partners/${partner}/payouts`, '/v1/review-flags']

  it('an unknown program: 404 program.not_found naming it', async () => {
    for (const list of lists()) {
      const r = await api.operator('GET', `${list}?program=jqsse`)
      expect(r.status, `${list}: ${JSON.stringify(r.body)}`).toBe(404)
      expect(r.body.error.code).toBe('program.not_found')
      expect(r.body.error.message).toContain('jqsse')
    }
  })

  it('the program given twice: 400 naming program; a known program: 200', async () => {
    for (const list of lists()) {
      const twice = await api.operator('GET', `${list}?program=jqsee&program=chetup`)
      expect(twice.status, `${list}: ${JSON.stringify(twice.body)}`).toBe(400)
      expect(twice.body.error.issues[0].path).toBe('program')
      expect((await api.operator('GET', `${list}?program=jqsee`)).status, list).toBe(200)
    }
  })

  it('the OpenAPI document lists the 404 of each', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    for (const path of ['/v1/broadcasts', '/v1/payout-batches', '/v1/partners/{partner}/payouts'])
      expect(Object.keys(doc.paths[path].get.responses), path).toContain('404')
  })
})
