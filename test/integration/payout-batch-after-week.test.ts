import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

/**
 * melbet's Tuesday batch pays the week that ended on Monday 00:00: what was available then, less what has left the
 * balance since (a request, a hold, a penalty made on Monday), never money that became available after the week.
 * Before, the batch read the balance as of Monday 00:00 alone and paid a Monday request's money a second time.
 */
describe('a weekly batch pays what is still there of the week', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)
  const balance = async (partner: string) =>
    balanceOf((await api.statement(partner, { program: 'melbet' })).body, 'melbet', 'USD')
  const live = <P extends { status: string }>(payouts: P[]) =>
    payouts.filter((p) => !['rejected', 'cancelled'].includes(p.status))
  const payoutsOf = async (partner: string) =>
    (await op('GET', `/v1/partners/${partner}/payouts?program=melbet`)).body.payouts as {
      gross: string
      status: string
    }[]
  const ledgerTotal = async () => (await op('GET', '/v1/programs/melbet/ledger?currency=USD')).body.total

  /** A melbet partner registered on 10 January (20% to April, 15% after), with 5 players and bank details agreed. */
  const melbet = () => melbetPartner(api, { name: `Week ${++seq}`, registeredAt: '2026-01-10T12:00:00Z' })

  it('a request made on Monday is paid once: the batch takes it in and pays no second payout of the same week', async () => {
    const m = await melbet()
    api.clock.set('2026-03-05T13:00:00Z')
    await m.revenue('2026-03-05T12:00:00Z', '400.00') // 80.00 at 20%, available from Monday 9 March
    api.clock.set('2026-03-09T12:00:00Z')
    const r = await api.requestPayout(m.partner, { program: 'melbet', method: 'bank' }, `week-${m.partner}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.payout).toMatchObject({ gross: '80.00' })
    api.clock.set('2026-03-10T04:00:00Z')
    expect(await api.service.core.batches.runPayDay('melbet')).toMatchObject({ outcome: 'built' })
    expect(live(await payoutsOf(m.partner)).map((p) => p.gross)).toEqual(['80.00'])
    expect(await balance(m.partner)).toMatchObject({ available: '0.00', inPayout: '80.00' })
    expect(await ledgerTotal()).toBe('0.00')
  })

  it('a penalty made on Monday comes off the week: the batch pays what is left', async () => {
    const m = await melbet()
    api.clock.set('2026-04-08T13:00:00Z')
    await m.revenue('2026-04-08T12:00:00Z', '400.00') // 80.00, available from Monday 13 April
    api.clock.set('2026-04-13T12:00:00Z')
    const penalty = await api.adjust(
      m.partner,
      { program: 'melbet', currency: 'USD', amount: '-20.00', reason: 'fraud_penalty' },
      `pen-${m.partner}`,
    )
    expect(penalty.status, JSON.stringify(penalty.body)).toBe(201)
    expect(await balance(m.partner)).toMatchObject({ available: '60.00' })
    api.clock.set('2026-04-14T04:00:00Z')
    await api.service.core.batches.runPayDay('melbet')
    expect(live(await payoutsOf(m.partner)).map((p) => p.gross)).toEqual(['60.00'])
    expect(await balance(m.partner)).toMatchObject({ available: '0.00', inPayout: '60.00' })
  })

  it('revenue held for review on Monday is not paid: the held money waits for the decision', async () => {
    const m = await melbet()
    api.clock.set('2026-06-17T13:00:00Z')
    const r = await m.revenue('2026-06-17T12:00:00Z', '400.00')
    api.clock.set('2026-06-22T12:00:00Z')
    const held = await op('POST', `/v1/commissions/${r.commissions[0].id}/review`, {
      action: 'hold',
      reason: 'traffic_check',
    })
    expect(held.status, JSON.stringify(held.body)).toBe(200)
    api.clock.set('2026-06-23T04:00:00Z')
    await api.service.core.batches.runPayDay('melbet')
    expect(live(await payoutsOf(m.partner))).toEqual([])
    expect(await balance(m.partner)).toMatchObject({ available: '0.00', held: '60.00' })
  })

  it('money that became available after the week is left for its own batch', async () => {
    const m = await melbet()
    api.clock.set('2026-07-01T13:00:00Z')
    await m.revenue('2026-07-01T12:00:00Z', '400.00') // 60.00 of the week to Sunday 5 July
    api.clock.set('2026-07-08T13:00:00Z')
    await m.revenue('2026-07-06T12:00:00Z', '200.00') // 30.00 of the next week, available from Monday 13 July
    // a bonus on Monday 13 July, after the week of 6-12 July ended: the batch of 14 July pays the week, not the bonus
    api.clock.set('2026-07-13T12:00:00Z')
    const bonus = await api.adjust(
      m.partner,
      { program: 'melbet', currency: 'USD', amount: '15.00', reason: 'goodwill_bonus' },
      `bonus-${m.partner}`,
    )
    expect(bonus.status, JSON.stringify(bonus.body)).toBe(201)
    api.clock.set('2026-07-14T04:00:00Z')
    await api.service.core.batches.runPayDay('melbet')
    // no batch ran on 7 July: both weeks are paid now (60.00 + 30.00), and the bonus waits for its own week
    expect(live(await payoutsOf(m.partner)).map((p) => p.gross)).toEqual(['90.00'])
    expect(await balance(m.partner)).toMatchObject({ available: '15.00', inPayout: '90.00' })
    expect(await ledgerTotal()).toBe('0.00')
  })

  it('the statement promises no pay date below the minimum, even counting what is on hold', async () => {
    const m = await melbet()
    api.clock.set('2026-08-05T13:00:00Z')
    await m.revenue('2026-08-05T12:00:00Z', '100.00') // 15.00, below the 30.00 minimum
    expect(await balance(m.partner)).toMatchObject({ pending: '15.00', nextPayoutAt: null })
    await m.revenue('2026-08-05T12:30:00Z', '200.00') // 45.00 in all, payable from Monday 10 August
    expect(await balance(m.partner)).toMatchObject({ pending: '45.00', nextPayoutAt: '2026-08-11T00:00:00.000Z' })
  })

  it('what the Tuesday batch paid is not reported as carried over the next day', async () => {
    const m = await melbet()
    api.clock.set('2026-09-02T13:00:00Z')
    await m.revenue('2026-09-02T12:00:00Z', '400.00') // 60.00, payable from Monday 7 September
    api.clock.set('2026-09-08T04:00:00Z')
    await api.service.core.batches.runPayDay('melbet')
    api.clock.set('2026-09-09T10:00:00Z')
    expect(await balance(m.partner)).toMatchObject({ available: '0.00', inPayout: '60.00', carriedOver: '0.00' })
  })
})
