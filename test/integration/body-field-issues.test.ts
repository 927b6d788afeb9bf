import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) A field the API does not know, inside an object of the body, was refused with an
 * issue naming the object and not the field: `{"texts": {"en": ..., "de": ...}}` for a terms draft answered
 * `texts: unknown field`, `{"commission": {"rate": 15}}` for a code `commission: unknown field`, and two unknown
 * fields at the top came as one issue `a, b`. Each unknown field is now an issue of its own, by its full path
 * (`texts.de`), as the payment details already named theirs; nothing is created.
 *
 * (Same review.) A field left out read "Invalid input: expected string, received undefined", and a fraction where a
 * whole number belongs "Invalid input: expected int, received number" (a broadcast's ratePerSecond of 1.5): type
 * errors in zod's terms for what is a missing field or a fraction. They now read "is required" (with the values it takes, for a list) and "must be a
 * whole number"; words a field has of its own are kept.
 */
describe('the issues of a body name each field', () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('jqsee', { name: 'Fields', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })

  it('an unknown field inside an object is named by its path; each unknown field is an issue', async () => {
    const terms = await api.operator('POST', '/v1/programs/jqsee/terms', {
      effectiveAt: '2026-05-01T00:00:00Z',
      texts: { en: 'New terms', de: 'Neue Bedingungen' },
    })
    expect(terms.status).toBe(400)
    expect(terms.body.error.issues).toEqual([{ path: 'texts.de', message: 'unknown field' }])

    const code = await api.operator('POST', `/v1/programs/jqsee/partners/${partner}/codes`, {
      commission: { rateBps: 1500, rate: 15 },
    })
    expect(code.status).toBe(400)
    expect(code.body.error.issues).toEqual([{ path: 'commission.rate', message: 'unknown field' }])

    const enrol = await api.enrol('jqsee', { name: 'X', language: 'en', legalType: 'individual', nick: 'x', age: 3 })
    expect(enrol.status).toBe(400)
    expect(enrol.body.error.issues).toEqual([
      { path: 'nick', message: 'unknown field' },
      { path: 'age', message: 'unknown field' },
    ])

    const event = await api.postback('jqsee', {
      ...{ id: 'f-1', type: 'signup', occurredAt: '2026-03-01T10:00:00Z', customer: 'c-1' },
      ...{ bonus: true, extra: 1 },
    })
    expect(event.status).toBe(400)
    expect(event.body.error.issues).toEqual([
      { path: 'bonus', message: 'unknown field' },
      { path: 'extra', message: 'unknown field' },
    ])
    // nothing was created
    const db = api.service.db.prisma
    expect(await db.partner.count()).toBe(1)
    expect((await api.operator('GET', `/v1/programs/jqsee/partners/${partner}/codes`)).body.codes).toHaveLength(1)
    expect(await db.termsVersion.count()).toBe(0)
    expect(await db.event.count()).toBe(0)
  })

  it('a field left out is "is required"; a fraction where a whole number belongs is "must be a whole number"', async () => {
    const enrol = await api.enrol('jqsee', { name: 'X' })
    expect(enrol.status).toBe(400)
    expect(enrol.body.error.issues).toEqual([
      { path: 'language', message: 'is required' },
      { path: 'legalType', message: 'is required: one of individual, company' },
    ])
    const deal = await api.operator('PUT', `/v1/programs/jqsee/partners/${partner}/deal`, {
      commission: {},
      from: '2026-04-01',
    })
    expect(deal.status).toBe(400)
    expect(deal.body.error.issues).toEqual([{ path: 'note', message: 'is required' }])
    const publish = await api.operator('POST', '/v1/terms/00000000-0000-4000-8000-000000000000/publish', {
      ratePerSecond: 1.5,
    })
    expect(publish.status).toBe(400)
    expect(publish.body.error.issues).toEqual([{ path: 'ratePerSecond', message: 'must be a whole number' }])
    const event = await api.postback('jqsee', { id: 'r-1', type: 'signup', occurredAt: '2026-03-01T10:00:00Z' })
    expect(event.status).toBe(400)
    expect(event.body.error.issues).toEqual([{ path: 'customer', message: 'is required' }])
    // a field's own words are kept: a missing type still lists the types
    const typeless = await api.postback('jqsee', { id: 'r-2', occurredAt: '2026-03-01T10:00:00Z', customer: 'c' })
    expect(typeless.body.error.issues[0].path).toBe('type')
    expect(typeless.body.error.issues[0].message).toMatch(/^must be one of signup/)
    // nothing was created
    const db = api.service.db.prisma
    expect(await db.partner.count()).toBe(1)
    expect(await db.event.count()).toBe(0)
  })
})
