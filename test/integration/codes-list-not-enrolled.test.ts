import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) GET /v1/programs/{program}/partners/{partner}/codes for a partner who is not in that
 * program (or no partner at all) answered 200 `{"max": 1, "codes": []}`, as if the partner were in it with no codes
 * and could be issued one, while the same partner's deal, performance and statement in that program answer 404
 * enrolment.not_found. It now answers that 404 too.
 */
describe("a partner's codes in a program they are not in", () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('jqsee', { name: 'Codes', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })

  it('another program, or an id no partner has: 404 enrolment.not_found, as the deal answers', async () => {
    for (const [program, id] of [
      ['quantower', () => partner],
      ['jqsee', () => '00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const r = await api.operator('GET', `/v1/programs/${program}/partners/${id()}/codes`)
      expect(r.status, JSON.stringify(r.body)).toBe(404)
      expect(r.body.error.code).toBe('enrolment.not_found')
      const deal = await api.operator('GET', `/v1/programs/${program}/partners/${id()}/deal`)
      expect(deal.body.error.code).toBe('enrolment.not_found')
    }
  })

  it('in the program: its codes, as before; an unknown program is still 404 program.not_found', async () => {
    const r = await api.operator('GET', `/v1/programs/jqsee/partners/${partner}/codes`)
    expect(r.status).toBe(200)
    expect(r.body.codes).toHaveLength(1)
    const unknown = await api.operator('GET', `/v1/programs/nope/partners/${partner}/codes`)
    expect(unknown.body.error.code).toBe('program.not_found')
  })

  it('the OpenAPI document lists the 404', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    const responses = doc.paths['/v1/programs/{program}/partners/{partner}/codes'].get.responses
    expect(responses['404'].description).toContain('enrolment.not_found')
  })
})
