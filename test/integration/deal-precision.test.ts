import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * A reward amount with more decimals than the program's currency (USD: 2) is refused where it is typed, in a deal or
 * a change of terms: accepted, every qualifying postback would be refused with a 400 blaming the sender's event.
 */
describe('reward amounts finer than the currency are refused where they are typed', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(() => api?.close())

  it('a worksection-referral deal of "30.005" USD is refused (400 deal.invalid) and the partner\'s postbacks keep being recorded', async () => {
    const w = await api.enrolled('worksection-referral', {
      name: 'Wanda',
      language: 'en',
      legalType: 'individual',
      telegramId: 701,
    })
    const deal = await api.operator('PUT', `/v1/programs/worksection-referral/partners/${w.partner}/deal`, {
      commission: { levels: [{ name: 'Iron', after: 0, amount: '30.005' }] },
      from: '2026-03-02',
      note: 'VIP rate',
    })
    await api.postback('worksection-referral', {
      id: 'dp-s1',
      type: 'signup',
      occurredAt: '2026-03-02T09:00:00Z',
      customer: 'dp-c1',
      ref: w.codes[0]!.code,
    })
    const payment = await api.postback('worksection-referral', {
      id: 'dp-p1',
      type: 'payment',
      occurredAt: '2026-03-02T09:00:00Z',
      customer: 'dp-c1',
      order: 'dp-o1',
      amount: '100.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    // the sender's event is well-formed: it must be recorded, whatever the operator typed into the deal
    expect(payment.status, JSON.stringify(payment.body)).toBe(201)
    expect(deal.status, JSON.stringify(deal.body)).toBe(400)
    expect(deal.body.error.code).toBe('deal.invalid')
  })

  it('a change of terms paying "25.001" USD per client is refused when drafted', async () => {
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-03-10T00:00:00Z',
      texts: { en: 'New rewards', ru: 'x', kk: 'x', ka: 'x', lv: 'x' },
      commission: {
        type: 'one_time_reward',
        levels: [{ name: 'Iron', after: 0, amount: '25.001' }],
        minMonthsPaid: 1,
        holdDays: 31,
      },
    })
    expect(draft.status, JSON.stringify(draft.body).slice(0, 300)).toBe(400)
    expect(draft.body.error.code).toBe('terms.bad_commission')
  })
})
