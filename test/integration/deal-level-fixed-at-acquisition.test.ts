import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * programs.md 3 (worksection-partner): "A new rate applies only to clients acquired after the level was reached:
 * each client keeps the rate it was acquired at, for life." d23c7db says a deal keeps that shape ("a deal's levels
 * for life": the client earns the deal's rate for the band it was acquired at; the preview finance sees computes
 * each commission at the deal's rate for the band it was paid at). But under a deal the client's band is not the one
 * it was acquired at: it is counted again at every payment (COUNT_PAYING as of the client's first payment date), so
 *  - a client acquired at Gold drops to the deal's Silver once an earlier client is refunded in full, while without
 *    the deal it keeps its Gold 25% for life;
 *  - of clients that first paid at the same moment, the first recorded (acquired at Silver) is counted with every
 *    other one of that moment and earns the deal's Gold rate.
 */
describe('under a worksection-partner deal, a client keeps the band it was acquired at', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-05-01T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const commission = {
    levels: [
      { name: 'Silver', after: 0, rateBps: 2000 },
      { name: 'Gold', after: 15, rateBps: 3000 },
      { name: 'Platinum', after: 35, rateBps: 4000 },
    ],
  }
  const setup = async (tag: string) => {
    const { partner, codes } = await api.enrolled('worksection-partner', {
      name: `Integrator ${tag}`,
      language: 'en',
      legalType: 'company',
    })
    const ref = codes[0]!.code
    const pay = async (client: number, n: number, occurredAt: string) =>
      (
        await api.recorded('worksection-partner', {
          id: `${tag}-${client}-${n}`,
          type: 'payment',
          occurredAt,
          customer: `${tag}-c${client}`,
          order: `${tag}-o${client}-${n}`,
          amount: '100.00',
          currency: 'USD',
          ...(n === 1 ? { ref } : {}),
        })
      ).commissions[0].amount as string
    const deal = async () => {
      const put = await api.operator('PUT', `/v1/programs/worksection-partner/partners/${partner}/deal`, {
        commission,
        from: '2026-05-01',
        note: 'all levels +5 points',
      })
      expect(put.status, JSON.stringify(put.body)).toBe(201)
    }
    return { pay, deal }
  }

  it('a client acquired at Gold keeps the deal Gold rate after an earlier client is refunded in full', async () => {
    api.clock.set('2026-05-01T12:00:00Z')
    const { pay, deal } = await setup('dlf-r')
    for (let c = 1; c <= 15; c++)
      expect(await pay(c, 1, `2026-04-${String(c + 2).padStart(2, '0')}T09:00:00Z`)).toBe('15.00')
    expect(await pay(16, 1, '2026-04-25T09:00:00Z')).toBe('25.00') // acquired at Gold
    // client 1's first payment comes back in full
    const refund = await api.recorded('worksection-partner', {
      id: 'dlf-r-refund-1',
      type: 'refund',
      occurredAt: '2026-04-26T09:00:00Z',
      customer: 'dlf-r-c1',
      order: 'dlf-r-o1-1',
    })
    expect(refund.reversals).toHaveLength(1)
    // without a deal, client 16 keeps Gold for life
    expect(await pay(16, 2, '2026-04-28T09:00:00Z')).toBe('25.00')
    await deal()
    api.clock.set('2026-05-03T12:00:00Z')
    // under the deal: the deal's Gold rate (30%), the band client 16 was acquired at
    expect(await pay(16, 3, '2026-05-02T09:00:00Z'), 'client 16 was acquired at Gold').toBe('30.00')
  })

  it('of 16 clients that first paid at the same moment, the first one (acquired at Silver) earns the deal Silver rate', async () => {
    api.clock.set('2026-05-01T12:00:00Z')
    const { pay, deal } = await setup('dlf-t')
    const rates: string[] = []
    for (let c = 1; c <= 16; c++) rates.push(await pay(c, 1, '2026-04-10T09:00:00Z'))
    expect(rates[0]).toBe('15.00') // client 1: Silver
    expect(rates[15]).toBe('25.00') // client 16: Gold
    await deal()
    api.clock.set('2026-05-03T12:00:00Z')
    expect(await pay(1, 2, '2026-05-02T09:00:00Z'), 'client 1 was acquired at Silver').toBe('20.00')
  })
})
