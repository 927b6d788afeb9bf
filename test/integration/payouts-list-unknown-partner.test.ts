import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * GET /v1/partners/{partner}/payouts for an id no partner has (or an erased partner) answered 200 `{"payouts": []}`,
 * as if the partner were there with no payouts, while the same partner's statement answers 404 partner.not_found.
 * The list now answers as the statement does: partner.not_found for an unknown or erased partner, and
 * enrolment.not_found for a program filter the partner never joined.
 */
describe("a partner's payouts: unknown, erased, or not in the program", () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const payouts = (partner: string, program?: string) =>
    api.operator('GET', `/v1/partners/${partner}/payouts${program ? `?program=${program}` : ''}`)

  it('an id no partner has: 404 partner.not_found, as the statement answers', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const statement = await api.statement(id)
      expect([statement.status, statement.body.error.code]).toEqual([404, 'partner.not_found'])
      const r = await payouts(id)
      expect(r.status, JSON.stringify(r.body)).toBe(404)
      expect(r.body.error.code).toBe('partner.not_found')
      expect(typeof r.body.error.message).toBe('string')
    }
  })

  it('an erased partner: 404 partner.not_found, as the statement answers', async () => {
    const { partner } = await api.enrolled('jqsee', { name: 'Gone', language: 'en', legalType: 'individual' })
    expect((await payouts(partner)).body).toEqual({ payouts: [] })
    await api.service.core.partners.erase(partner)
    const statement = await api.statement(partner)
    expect([statement.status, statement.body.error.code]).toEqual([404, 'partner.not_found'])
    const r = await payouts(partner)
    expect([r.status, r.body.error.code]).toEqual([404, 'partner.not_found'])
  })

  it('a program the partner never joined: enrolment.not_found; their own program and no filter list theirs', async () => {
    const { partner } = await api.enrolled('jqsee', { name: 'Here', language: 'en', legalType: 'individual' })
    const other = await payouts(partner, 'melbet')
    expect([other.status, other.body.error.code]).toEqual([404, 'enrolment.not_found'])
    expect((await payouts(partner, 'jqsee')).body).toEqual({ payouts: [] })
    expect((await payouts(partner)).body).toEqual({ payouts: [] })
    const unknown = await payouts(partner, 'no-such-program')
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'program.not_found'])
  })

  it('the OpenAPI document lists the 404 with its codes', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    const description = doc.paths['/v1/partners/{partner}/payouts'].get.responses['404'].description
    for (const code of ['partner.not_found', 'enrolment.not_found', 'program.not_found']) {
      expect(description).toContain(code)
    }
  })
})
