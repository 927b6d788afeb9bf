import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

/**
 * "Carried over from earlier periods" is what the last pay day left unpaid (seed 003, 8.1: below the minimum the money
 * "tiek automātiski pārnesti uz nākamo periodu"). On a pay day before its batch has run (melbet's runs at 06:00), that
 * is still the previous pay day's leftover: the week just ended is about to be paid, not carried over.
 */
describe('carried over on a pay day before its batch runs', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-01T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('worked example 13: on Tuesday 24 March before the batch, $20 is carried over (not the $40 about to be paid)', async () => {
    const m = await melbetPartner(api, { name: 'Carry', registeredAt: '2026-02-01T12:00:00Z' }) // 20%, 5 players
    const payoutsOf = async () =>
      (await api.operator('GET', `/v1/partners/${m.partner}/payouts?program=melbet`)).body.payouts as any[]
    const balance = async () => balanceOf((await api.statement(m.partner, { program: 'melbet' })).body, 'melbet', 'USD')
    const week = async (revenueAt: string, amount: string, tuesday: string) => {
      api.clock.set(new Date(new Date(revenueAt).getTime() + 3_600_000).toISOString())
      await m.revenue(revenueAt, amount)
      api.clock.set(tuesday)
      return api.service.core.batches.runPayDay('melbet')
    }
    await week('2026-03-04T12:00:00Z', '-200.00', '2026-03-10T06:00:00Z')
    await week('2026-03-11T12:00:00Z', '300.00', '2026-03-17T06:00:00Z')
    expect(await balance()).toMatchObject({ available: '20.00', carriedOver: '20.00' })
    api.clock.set('2026-03-18T13:00:00Z')
    await m.revenue('2026-03-18T12:00:00Z', '100.00')
    api.clock.set('2026-03-24T03:00:00Z') // Tuesday, the batch runs at 06:00
    expect(await balance()).toMatchObject({
      available: '40.00',
      carriedOver: '20.00',
      nextPayoutAt: '2026-03-24T00:00:00.000Z',
    })
    api.clock.set('2026-03-24T06:00:00Z')
    await api.service.core.batches.runPayDay('melbet')
    expect(await payoutsOf()).toEqual([expect.objectContaining({ gross: '40.00', status: 'approved' })])
    api.clock.set('2026-03-24T09:00:00Z')
    expect(await balance()).toMatchObject({ available: '0.00', carriedOver: '0.00', inPayout: '40.00' })
  })
})
