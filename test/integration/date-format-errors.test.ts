import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) A date in the wrong format got an answer that did not say what to send: a deal's
 * `from: "05/03/2026"` was refused with "Invalid input", and a time that is no time at all (`at=yesterday`) got two
 * issues for the one field, the second ("must be between 1970 and 9999") wrong about what was sent. Each now gets
 * one issue saying the format expected.
 */
describe('a date in the wrong format: one issue, saying what to send', () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('jqsee', { name: 'Dates', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })

  it("a deal's from and until", async () => {
    const commission = { type: 'payment_share', levels: [{ name: 'standard', after: 0, rateBps: 1500 }] }
    for (const [field, body] of [
      ['from', { commission, from: '05/03/2026', note: 'x' }],
      ['until', { commission, from: '2026-03-05', until: 'next month', note: 'x' }],
    ] as const) {
      const r = await api.operator('PUT', `/v1/programs/jqsee/partners/${partner}/deal`, body)
      expect(r.status).toBe(400)
      expect(r.body.error.issues).toEqual([
        { path: field, message: 'must be an ISO-8601 date such as 2026-03-05, or a time with offset' },
      ])
    }
    expect(await api.service.db.prisma.partnerDeal.count()).toBe(0)
  })

  it('a time that is not one: the format, once', async () => {
    for (const path of ['/v1/programs/jqsee/ledger?at=yesterday', `/v1/partners/${partner}/statement?from=soon`]) {
      const r = await api.operator('GET', path)
      expect(r.status, path).toBe(400)
      expect(r.body.error.issues, path).toHaveLength(1)
      expect(r.body.error.issues[0].message).toBe('must be an ISO-8601 time with offset')
    }
    // a real time outside the range still says so
    const early = await api.operator('GET', '/v1/programs/jqsee/ledger?at=1969-12-31T00:00:00Z')
    expect(early.body.error.issues).toEqual([{ path: 'at', message: 'must be between 1970 and 9999' }])
  })
})
