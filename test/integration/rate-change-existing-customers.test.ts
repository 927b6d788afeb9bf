import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, paymentOf100, startApi } from '../helpers/api.ts'

/**
 * A program with a single rate pays it "of each payment" (jqsee: "a share of each successful payment", seed 000 6.1,
 * rules amended at any time, 1.3; quantower: "20% of every purchase amount"), and the terms partners accept read
 * "Commission: 12% of each payment by the customers you bring": a published change is the rate of every payment from
 * its effective date. Before, a customer's first payment froze its rate for life, as worksection-partner's levels do
 * ("15% for life", only that program says so): after jqsee's 10% became 12%, a partner's existing customers earned
 * 10% for ever while /terms said 12% (and after a cut they would have kept the old, higher rate). Levels keep their
 * rate for life.
 */
describe('a published change of a single rate reaches the payments of customers acquired before it', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const publish = async (program: string, body: Record<string, unknown>) => {
    const draft = await api.operator('POST', `/v1/programs/${program}/terms`, body)
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
  }
  const payment = (program: string, id: string, customer: string, at: string, ref?: string) =>
    paymentOf100(api, program, { id, customer, at, ref })

  it('jqsee: 10% becomes 12% from 3 March: a customer who first paid on 2 March earns 12% of its next payment', async () => {
    api.clock.set('2026-03-02T09:00:00Z')
    const p = await api.enrolled('jqsee', { name: 'Olena', language: 'ru', legalType: 'individual' })
    const ref = p.codes[0]!.code
    const first = await payment('jqsee', 'jq-1', 'jq-old', '2026-03-02T08:00:00Z', ref)
    expect(first.commissions[0].amount).toBe('10.00')
    await publish('jqsee', {
      effectiveAt: '2026-03-03T00:00:00Z',
      texts: {
        en: 'From 3 March the commission is 12% of each payment.',
        ru: 'С 3 марта комиссия 12% от каждой оплаты.',
      },
      commission: {
        type: 'payment_share',
        levels: [{ name: 'standard', after: 0, rateBps: 1200 }],
        holdDays: 0,
        allowRateOverride: true,
      },
    })
    api.clock.set('2026-03-04T09:00:00Z')
    const again = await payment('jqsee', 'jq-2', 'jq-old', '2026-03-04T08:00:00Z')
    const fresh = await payment('jqsee', 'jq-3', 'jq-new', '2026-03-04T08:00:00Z', ref)
    expect(fresh.commissions[0].amount).toBe('12.00')
    expect(again.commissions[0].amount).toBe('12.00')
    const st = await api.statement(p.partner, { program: 'jqsee' })
    expect(balanceOf(st.body, 'jqsee')).toMatchObject({ available: '34.00' })
  })

  it('quantower: 20% becomes 25%: a referral that bought before earns 25% of its next purchase', async () => {
    api.clock.set('2026-03-02T09:00:00Z')
    const p = await api.enrolled('quantower', { name: 'Trader', language: 'ru', legalType: 'individual' })
    const ref = p.codes[0]!.code
    await api.recorded('quantower', {
      id: 'qt-s',
      type: 'signup',
      occurredAt: '2026-03-02T07:00:00Z',
      customer: 'qt-old',
      ref,
    })
    expect((await payment('quantower', 'qt-1', 'qt-old', '2026-03-02T08:00:00Z')).commissions[0].amount).toBe('20.00')
    await publish('quantower', {
      effectiveAt: '2026-03-03T00:00:00Z',
      texts: { en: 'From 3 March you earn 25% of each purchase.', ru: 'С 3 марта вы получаете 25% с каждой покупки.' },
      commission: {
        type: 'payment_share',
        levels: [{ name: 'standard', after: 0, rateBps: 2500 }],
        holdDays: 0,
        allowRateOverride: true,
      },
    })
    api.clock.set('2026-03-04T09:00:00Z')
    expect((await payment('quantower', 'qt-2', 'qt-old', '2026-03-04T08:00:00Z')).commissions[0].amount).toBe('25.00')
  })

  it('worksection-partner: a client keeps the rate of the level it was acquired at, for life, through a rate change', async () => {
    api.clock.set('2026-03-02T09:00:00Z')
    const p = await api.enrolled('worksection-partner', { name: 'Integrator', language: 'en', legalType: 'company' })
    const ref = p.codes[0]!.code
    expect(
      (await payment('worksection-partner', 'wp-1', 'wp-old', '2026-03-02T08:00:00Z', ref)).commissions[0].amount,
    ).toBe('15.00')
    await publish('worksection-partner', {
      effectiveAt: '2026-03-02T09:00:00Z',
      ratesOnly: true,
      texts: { en: 'Silver is 18% for the clients you bring from today.' },
      commission: {
        type: 'payment_share',
        levels: [
          { name: 'silver', after: 0, rateBps: 1800 },
          { name: 'gold', after: 15, rateBps: 2500 },
          { name: 'platinum', after: 35, rateBps: 3500 },
        ],
        holdDays: 31,
      },
    })
    api.clock.set('2026-04-02T09:00:00Z')
    expect((await payment('worksection-partner', 'wp-2', 'wp-old', '2026-04-02T08:00:00Z')).commissions[0].amount).toBe(
      '15.00',
    )
    expect(
      (await payment('worksection-partner', 'wp-3', 'wp-new', '2026-04-02T08:00:00Z', ref)).commissions[0].amount,
    ).toBe('18.00')
  })
})
