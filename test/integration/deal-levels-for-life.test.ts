import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * programs.md 3 (worksection-partner): "A new rate applies only to clients acquired after the level was reached:
 * each client keeps the rate it was acquired at, for life." Contract section 7: a deal is "a per-partner commission
 * in the definition's own shape". A deal that raises each of worksection-partner's levels (Silver 15 -> 20,
 * Gold 25 -> 30, Platinum 35 -> 40) keeps that shape: client 3, acquired at Silver, earns the deal's Silver rate,
 * not the Gold rate of the partner's current count. The deal's own preview (shown to finance before saving)
 * computes it that way too ("each commission at the deal's rate for the band it was paid at").
 */
describe('a worksection-partner deal keeps each client at the band it was acquired at', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-05-01T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it("after 16 paying clients, a Silver-band client pays at the deal's Silver rate (20%), as the preview showed", async () => {
    const { partner, codes } = await api.enrolled('worksection-partner', {
      name: 'Integrator',
      language: 'en',
      legalType: 'company',
    })
    const ref = codes[0]!.code
    const pay = (client: number, n: number, occurredAt: string) =>
      api.recorded('worksection-partner', {
        id: `rvl-${client}-${n}`,
        type: 'payment',
        occurredAt,
        customer: `rvl-c${client}`,
        order: `rvl-o${client}-${n}`,
        amount: '100.00',
        currency: 'USD',
        ...(n === 1 ? { ref } : {}),
      })
    for (let c = 1; c <= 15; c++)
      expect((await pay(c, 1, `2026-04-${String(c + 2).padStart(2, '0')}T09:00:00Z`)).commissions[0].amount).toBe(
        '15.00',
      )
    expect((await pay(16, 1, '2026-04-25T09:00:00Z')).commissions[0].amount).toBe('25.00')

    const commission = {
      levels: [
        { name: 'Silver', after: 0, rateBps: 2000 },
        { name: 'Gold', after: 15, rateBps: 3000 },
        { name: 'Platinum', after: 35, rateBps: 4000 },
      ],
    }
    const path = `/v1/programs/worksection-partner/partners/${partner}/deal`
    const preview = await api.operator('POST', `${path}/preview`, { commission })
    expect(preview.status, JSON.stringify(preview.body)).toBe(200)
    // the preview: the 15 Silver-band payments at 20%, the Gold-band one at 30%
    expect(preview.body.totals[0]).toMatchObject({ commissions: 16, earned: '250.00', underDeal: '330.00' })

    const put = await api.operator('PUT', path, { commission, from: '2026-05-01', note: 'all levels +5 points' })
    expect(put.status, JSON.stringify(put.body)).toBe(201)

    api.clock.set('2026-05-03T12:00:00Z')
    // client 16, acquired at Gold: the deal's Gold rate
    expect((await pay(16, 2, '2026-05-02T09:00:00Z')).commissions[0].amount).toBe('30.00')
    // client 3, acquired at Silver, keeps its band for life: the deal's Silver rate, as the preview computed
    expect((await pay(3, 2, '2026-05-02T10:00:00Z')).commissions[0].amount).toBe('20.00')
  })
})
