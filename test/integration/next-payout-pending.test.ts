import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

/**
 * The next payout a partner reads (statement, /earnings, Mini App) is the pay day that will pay them: money still on
 * hold counts only for a pay day it reaches. melbet's Tuesday pays the Monday-Sunday before it (seed 003, 8.1), so
 * what is earned this week waits for next Tuesday; chetup pays on the 25th what was asked for before its batch ran
 * (seed 002), so money still in verification on the 25th, or asked for after that day's batch, is paid on the next 25th.
 */
describe('the next payout counts money on hold only for the pay day it reaches', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const nextPayout = async (partner: string, program: string, currency: string) =>
    balanceOf((await api.statement(partner, { program })).body, program, currency)

  it('melbet: $45 earned on Monday 10 August is paid on Tuesday 18 August, not on the 11th', async () => {
    api.clock.set('2026-08-03T09:00:00Z')
    const m = await melbetPartner(api, { name: `Pending ${++seq}`, registeredAt: '2026-01-10T12:00:00Z' })
    api.clock.set('2026-08-10T13:00:00Z') // Monday
    await m.revenue('2026-08-10T12:00:00Z', '300.00') // 45.00 at 15%, of the week 10-16 August
    expect(await nextPayout(m.partner, 'melbet', 'USD')).toMatchObject({
      pending: '45.00',
      available: '0.00',
      nextPayoutAt: '2026-08-18T00:00:00.000Z',
    })
    // Tuesday 11 August, before its batch: that batch pays 3-9 August, where the partner earned nothing
    api.clock.set('2026-08-11T01:00:00Z')
    expect(await nextPayout(m.partner, 'melbet', 'USD')).toMatchObject({ nextPayoutAt: '2026-08-18T00:00:00.000Z' })
    await api.service.core.batches.runPayDay('melbet')
    const payouts = await api.operator('GET', `/v1/partners/${m.partner}/payouts?program=melbet`)
    expect(payouts.body.payouts).toEqual([])
    api.clock.set('2026-08-18T01:00:00Z')
    const paid = await api.service.core.batches.runPayDay('melbet')
    expect(paid.outcome).toBe('built')
    const after = await api.operator('GET', `/v1/partners/${m.partner}/payouts?program=melbet`)
    expect(after.body.payouts).toEqual([expect.objectContaining({ gross: '45.00', status: 'approved' })])
  })

  const chetupSale = async (at: string) => {
    const p = await api.enrolled('chetup', {
      name: `Pending ${++seq}`,
      language: 'en',
      legalType: 'company',
      campaigns: ['cafe-sale'],
    })
    await api.recorded('chetup', {
      id: `np-${p.partner}`,
      type: 'payment',
      occurredAt: at,
      customer: `np-${p.partner}`,
      ref: p.codes[0]!.code,
      campaign: 'cafe-sale',
      order: `np-o-${p.partner}`,
      amount: '1500.00',
      currency: 'GEL',
      country: 'GE',
    })
    return p.partner
  }

  it('chetup: 150 GEL in verification until 30 March can be asked for after it: the next payout is 25 April', async () => {
    api.clock.set('2026-03-20T08:00:00Z')
    const partner = await chetupSale('2026-03-20T06:00:00Z') // verified on 30 March
    expect(await nextPayout(partner, 'chetup', 'GEL')).toMatchObject({
      pending: '150.00',
      nextPayoutAt: '2026-04-24T20:00:00.000Z',
    })
  })

  it('chetup: on the 25th, money not yet asked for is paid that day until its batch runs, then on the next 25th', async () => {
    api.clock.set('2026-04-01T08:00:00Z')
    const partner = await chetupSale('2026-04-01T06:00:00Z') // available from 11 April
    const preview = () =>
      api.operator('POST', `/v1/partners/${partner}/payouts/preview`, {
        program: 'chetup',
        method: 'bank',
        details: { iban: 'GE29NB0000000101904917' },
      })
    api.clock.set('2026-04-24T23:00:00Z') // 03:00 on the 25th in Tbilisi: its batch runs at 06:00
    expect(await nextPayout(partner, 'chetup', 'GEL')).toMatchObject({
      available: '150.00',
      nextPayoutAt: '2026-04-24T20:00:00.000Z',
    })
    expect((await preview()).body.preview).toMatchObject({ expectedAt: '2026-04-24T20:00:00.000Z' })
    api.clock.set('2026-04-25T02:00:00Z')
    expect((await api.service.core.batches.runPayDay('chetup')).outcome).toBe('built')
    api.clock.set('2026-04-25T08:00:00Z') // noon: the 25th's batch has run, a request made now waits a month
    expect(await nextPayout(partner, 'chetup', 'GEL')).toMatchObject({
      available: '150.00',
      nextPayoutAt: '2026-05-24T20:00:00.000Z',
    })
    expect((await preview()).body.preview).toMatchObject({ expectedAt: '2026-05-24T20:00:00.000Z' })
    // the day before, a request still makes the 25th
    api.clock.set('2026-04-24T08:00:00Z')
    expect(await nextPayout(partner, 'chetup', 'GEL')).toMatchObject({ nextPayoutAt: '2026-04-24T20:00:00.000Z' })
  })
})
