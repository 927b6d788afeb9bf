import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * Contract section 7: "a per-partner commission ... (a raised quantower rate); events are judged by the deal in force
 * at their date. DELETE ends it (from now)." quantower pays 20% of every purchase (programs.md 6): a payment made
 * after the deal ended, or dated before it began, is judged by the program's 20%, whoever the customer is.
 */
describe('a quantower deal judges only the events of its own period', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const deal = { commission: { levels: [{ name: 'raised', after: 0, rateBps: 2500 }] }, note: 'raised to 25%' }

  it('after DELETE, a customer first paid under the deal earns 20% again', async () => {
    api.clock.set('2026-03-02T09:00:00Z')
    const { partner, codes } = await api.enrolled('quantower', {
      name: 'Deal 1',
      language: 'en',
      legalType: 'individual',
    })
    const put = await api.operator('PUT', `/v1/programs/quantower/partners/${partner}/deal`, {
      ...deal,
      from: '2026-03-02T09:00:00Z',
    })
    expect(put.status, JSON.stringify(put.body)).toBe(201)
    api.clock.set('2026-03-02T09:20:00Z')
    await api.recorded('quantower', {
      id: 'd1-s',
      type: 'signup',
      occurredAt: '2026-03-02T09:10:00Z',
      customer: 'd1',
      ref: codes[0]!.code,
    })
    api.clock.set('2026-03-02T10:00:00Z')
    const during = await api.recorded('quantower', {
      id: 'd1-p1',
      type: 'payment',
      occurredAt: '2026-03-02T09:30:00Z',
      customer: 'd1',
      order: 'd1-o1',
      amount: '100.00',
      currency: 'USD',
    })
    expect(during.commissions[0].amount).toBe('25.00')
    const ended = await api.operator('DELETE', `/v1/programs/quantower/partners/${partner}/deal`)
    expect(ended.status, JSON.stringify(ended.body)).toBe(200)

    api.clock.set('2026-03-03T10:00:00Z')
    const after = await api.recorded('quantower', {
      id: 'd1-p2',
      type: 'payment',
      occurredAt: '2026-03-03T09:00:00Z',
      customer: 'd1',
      order: 'd1-o2',
      amount: '100.00',
      currency: 'USD',
    })
    // the deal is over: the program's 20%
    expect(after.commissions[0].amount).toBe('20.00')
  })

  it('a payment dated before the deal began, delivered after one under it, earns 20%', async () => {
    api.clock.set('2026-03-05T09:00:00Z')
    const { partner, codes } = await api.enrolled('quantower', {
      name: 'Deal 2',
      language: 'en',
      legalType: 'individual',
    })
    await api.recorded('quantower', {
      id: 'd2-s',
      type: 'signup',
      occurredAt: '2026-03-05T08:00:00Z',
      customer: 'd2',
      ref: codes[0]!.code,
    })
    const put = await api.operator('PUT', `/v1/programs/quantower/partners/${partner}/deal`, {
      ...deal,
      from: '2026-03-05T09:00:00Z',
    })
    expect(put.status, JSON.stringify(put.body)).toBe(201)
    api.clock.set('2026-03-05T10:00:00Z')
    const under = await api.recorded('quantower', {
      id: 'd2-p1',
      type: 'payment',
      occurredAt: '2026-03-05T09:30:00Z',
      customer: 'd2',
      order: 'd2-o1',
      amount: '100.00',
      currency: 'USD',
    })
    expect(under.commissions[0].amount).toBe('25.00')
    const before = await api.recorded('quantower', {
      id: 'd2-p0',
      type: 'payment',
      occurredAt: '2026-03-05T08:30:00Z',
      customer: 'd2',
      order: 'd2-o0',
      amount: '100.00',
      currency: 'USD',
    })
    expect(before.commissions[0].amount).toBe('20.00')
  })
})
