import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) POST /v1/payouts/{payout}/bogus answered 404 "No route for POST
 * /payouts/{payout}/bogus": the path it named, without /v1, is not one the caller sent. It now names the path sent
 * and the actions there are.
 */
describe('an unknown payout action', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('is a 404 naming the path as sent and the actions offered', async () => {
    const id = '00000000-0000-4000-8000-000000000000'
    const r = await api.operator('POST', `/v1/payouts/${id}/bogus`, {})
    expect(r.status).toBe(404)
    expect(r.body.error).toEqual({
      code: 'not_found',
      message: `No route for POST /v1/payouts/${id}/bogus: a payout's actions are approve, reject, hold, cancel, paid`,
    })
  })
})
