import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * Events that act on an order (a settlement of held revenue, a refund, a cancellation) must act on it in its own
 * money: melbet keeps USD and EUR, and 150 EUR of revenue is not $150. Unsettled revenue must name its order, or
 * nothing could ever settle it (its share would stay held for good).
 */
describe('postbacks acting on an order', () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-05T13:00:00Z')
    const r = await api.enrol('melbet', {
      ...{ name: 'Two currencies', language: 'en', legalType: 'individual' },
      registeredAt: '2026-01-10T12:00:00Z',
    })
    partner = r.body.partner.id
    const ref = r.body.codes[0].code
    await api.recorded('melbet', { id: 'su', type: 'signup', occurredAt: '2026-03-01T12:00:00Z', customer: 'pl1', ref })
    await api.recorded('melbet', {
      ...{ id: 'dep', type: 'first_deposit', occurredAt: '2026-03-01T12:00:00Z', customer: 'pl1' },
      ...{ amount: '10.00', currency: 'USD' },
    })
  })
  afterAll(async () => {
    await api?.close()
  })
  const revenue = (id: string, extra: Record<string, unknown>) =>
    api.postback('melbet', {
      ...{ id, type: 'revenue', occurredAt: '2026-03-05T12:00:00Z', customer: 'pl1', amount: '100.00' },
      ...{ currency: 'USD', ...extra },
    })
  const usd = async () => balanceOf((await api.statement(partner, { program: 'melbet' })).body, 'melbet', 'USD')

  it('held USD revenue settled by a EUR event: refused naming the currency, nothing changes', async () => {
    const held = await revenue('r1', { settled: false, order: 'bet-1' })
    expect(held.body.commissions[0]).toMatchObject({ amount: '20.00', currency: 'USD', status: 'held' })
    const before = await usd()
    const settle = await revenue('r2', { amount: '150.00', currency: 'EUR', settled: true, order: 'bet-1' })
    expect(settle.status, JSON.stringify(settle.body)).toBe(422)
    expect(settle.body.error).toMatchObject({ code: 'postback.order_currency', issues: [{ path: 'currency' }] })
    expect(await usd()).toEqual(before)
    // in the order's own currency it settles
    const settled = await revenue('r2-usd', { amount: '100.00', settled: true, order: 'bet-1' })
    expect(settled.status).toBe(201)
    expect((await usd())?.held).toBe('0.00')
  })

  it('a refund of 10 EUR on a USD order is refused, not taken back as 10 USD', async () => {
    expect((await revenue('r3', { order: 'bet-2' })).status).toBe(201)
    const before = await usd()
    const refund = await api.postback('melbet', {
      ...{ id: 'r4', type: 'refund', occurredAt: '2026-03-05T12:40:00Z', customer: 'pl1', order: 'bet-2' },
      ...{ amount: '10.00', currency: 'EUR' },
    })
    expect(refund.status, JSON.stringify(refund.body)).toBe(422)
    expect(refund.body.error).toMatchObject({ code: 'postback.order_currency' })
    expect(await usd()).toEqual(before)
  })

  it('unsettled revenue without an order is a field error naming it: nothing is held for good', async () => {
    const before = await usd()
    const unsettled = await revenue('rev-no-order', { settled: false })
    expect(unsettled.status, JSON.stringify(unsettled.body)).toBe(400)
    expect(unsettled.body.error.issues).toEqual([expect.objectContaining({ path: 'order' })])
    expect(await usd()).toEqual(before)
  })

  it('a refund of 0.00 is a field error: it writes no reversal line of nothing', async () => {
    expect((await revenue('r5', { order: 'bet-3' })).status).toBe(201)
    const before = await usd()
    const refund = await api.postback('melbet', {
      ...{ id: 'r6', type: 'refund', occurredAt: '2026-03-05T12:40:00Z', customer: 'pl1', order: 'bet-3' },
      ...{ amount: '0.00', currency: 'USD' },
    })
    expect(refund.status, JSON.stringify(refund.body)).toBe(400)
    expect(refund.body.error.issues).toEqual([expect.objectContaining({ path: 'amount' })])
    expect(await usd()).toEqual(before)
    const entries = (await api.statement(partner, { program: 'melbet' })).body.entries
    expect(entries.filter((e: { amount: string }) => /^-?0\.00$/.test(e.amount))).toEqual([])
  })

  it('jqsee: $100.50 refunded in parts ($0.04, $50.21, $50.25) takes back all its $10.05, a share of the total each time', async () => {
    const { partner, codes } = await api.enrolled('jqsee', { name: 'Parts', language: 'en', legalType: 'individual' })
    const sale = { customer: 'parts-c', order: 'parts-o', currency: 'USD' }
    const paid = await api.recorded('jqsee', {
      ...{ id: 'parts-p', type: 'payment', occurredAt: '2026-03-05T08:00:00Z', ref: codes[0]!.code, amount: '100.50' },
      ...sale,
    })
    expect(paid.commissions[0]).toMatchObject({ amount: '10.05' })
    const refund = async (id: string, amount: string) =>
      (await api.recorded('jqsee', { id, type: 'refund', occurredAt: '2026-03-05T09:00:00Z', amount, ...sale }))
        .reversals
    // four cents earn less than a cent back: no line of 0.00, but they count towards the refunds' total
    expect(await refund('parts-r1', '0.04')).toEqual([])
    expect((await refund('parts-r2', '50.21')).map((r: { amount: string }) => r.amount)).toEqual(['-5.02'])
    // the rest of the order refunded: the rest of the commission, not another rounded share
    expect((await refund('parts-r3', '50.25')).map((r: { amount: string }) => r.amount)).toEqual(['-5.03'])
    const st = (await api.statement(partner, { program: 'jqsee' })).body
    expect(balanceOf(st, 'jqsee')).toMatchObject({ available: '0.00', reversed: '10.05' })
    expect(st.entries.filter((e: { amount: string }) => /^-?0\.00$/.test(e.amount))).toEqual([])
  })
})
