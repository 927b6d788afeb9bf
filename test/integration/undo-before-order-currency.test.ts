import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * (An outside review's case.) undos delivered before their order. In order, an undo in another currency than its order's
 * is refused (postback.order_currency, test/integration/postback-orders.test.ts); delivered first, it must not take
 * back the order's money in the order's currency either.
 */
describe('an undo delivered before its order, in another currency', () => {
  let api: Api
  let partner: string
  let ref: string
  beforeAll(async () => {
    api = await startApi('2026-03-05T13:00:00Z')
    const r = await api.enrol('melbet', {
      ...{ name: 'Two currencies early', language: 'en', legalType: 'individual' },
      registeredAt: '2026-01-10T12:00:00Z',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    partner = r.body.partner.id
    ref = r.body.codes[0].code
    await api.recorded('melbet', { id: 'su', type: 'signup', occurredAt: '2026-03-01T12:00:00Z', customer: 'pl1', ref })
    await api.recorded('melbet', {
      ...{ id: 'dep', type: 'first_deposit', occurredAt: '2026-03-01T12:00:00Z', customer: 'pl1' },
      ...{ amount: '10.00', currency: 'USD' },
    })
  })
  afterAll(async () => {
    await api?.close()
  })
  /** What the partner has earned in USD, payable now or with its week (melbet pays a week from the Monday after). */
  const usd = async () => {
    const b = balanceOf((await api.statement(partner, { program: 'melbet' })).body, 'melbet', 'USD')
    return (Number(b?.pending ?? 0) + Number(b?.available ?? 0)).toFixed(2)
  }

  it('melbet: a 10 EUR refund recorded before its USD order takes back nothing of the USD commission', async () => {
    const before = await usd()
    const refund = await api.postback('melbet', {
      ...{ id: 'eur-r', type: 'refund', occurredAt: '2026-03-05T12:40:00Z', customer: 'pl1', order: 'bet-e' },
      ...{ amount: '10.00', currency: 'EUR' },
    })
    expect(refund.status, JSON.stringify(refund.body)).toBe(201)
    const rev = await api.postback('melbet', {
      ...{ id: 'usd-rev', type: 'revenue', occurredAt: '2026-03-05T12:00:00Z', customer: 'pl1', order: 'bet-e' },
      ...{ amount: '100.00', currency: 'USD' },
    })
    expect(rev.status, JSON.stringify(rev.body)).toBe(201)
    expect(rev.body.commissions).toMatchObject([{ amount: '20.00', currency: 'USD' }])
    expect(
      rev.body.reversals,
      `a refund of 10.00 EUR (refused as postback.order_currency when it comes after its USD order) took USD back when it came first: ${JSON.stringify(rev.body)}`,
    ).toEqual([])
    expect(Number(await usd()) - Number(before)).toBeCloseTo(20, 2)
  })

  it('melbet: a whole-order EUR refund recorded before its USD order leaves the USD commission payable', async () => {
    const before = await usd()
    const refund = await api.postback('melbet', {
      ...{ id: 'eur-r2', type: 'refund', occurredAt: '2026-03-05T12:40:00Z', customer: 'pl1', order: 'bet-f' },
      currency: 'EUR',
    })
    expect(refund.status, JSON.stringify(refund.body)).toBe(201)
    const rev = await api.postback('melbet', {
      ...{ id: 'usd-rev2', type: 'revenue', occurredAt: '2026-03-05T12:00:00Z', customer: 'pl1', order: 'bet-f' },
      ...{ amount: '100.00', currency: 'USD' },
    })
    expect(rev.status, JSON.stringify(rev.body)).toBe(201)
    expect(
      rev.body.reversals,
      `a whole-order refund in EUR took back the USD order's commission: ${JSON.stringify(rev.body)}`,
    ).toEqual([])
    expect(Number(await usd()) - Number(before)).toBeCloseTo(20, 2)
  })
})
