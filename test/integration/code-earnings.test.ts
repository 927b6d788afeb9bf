import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * jqsee pays a share of each payment made with the partner's code (programs.md 1), and a suspended code stops earning
 * until reinstated. A returning customer paying with a suspended code, or with a vanity code past its validity, earned
 * anyway (only new customers were refused): found by an outside review (F4, F4b).
 */
describe('a code that cannot earn earns nothing, for a returning customer too', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-06T10:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)
  const available = async (partner: string) =>
    balanceOf((await api.statement(partner, { program: 'jqsee' })).body, 'jqsee', 'USD').available
  const payment = (customer: string, id: string, occurredAt: string, ref: string) =>
    api.postback('jqsee', {
      id,
      type: 'payment',
      occurredAt,
      customer,
      order: `o-${id}`,
      amount: '100.00',
      currency: 'USD',
      ref,
    })

  it('suspended: the returning customer’s payment earns nothing and says why; reinstated, it earns again; a refund still undoes', async () => {
    api.clock.set('2026-03-06T10:00:00Z')
    const { partner, codes } = await api.enrolled('jqsee', {
      name: `Codes ${++seq}`,
      language: 'en',
      legalType: 'individual',
    })
    const code = codes[0]!.code
    const customer = `${partner}-c`
    expect((await payment(customer, `${customer}-1`, '2026-03-06T09:00:00Z', code)).body.commissions).toEqual([
      expect.objectContaining({ amount: '10.00' }),
    ])
    expect((await op('POST', `/v1/programs/jqsee/codes/${code}/suspend`, { reason: 'bot_traffic' })).status).toBe(200)
    api.clock.set('2026-03-06T11:00:00Z')
    const suspended = await payment(customer, `${customer}-2`, '2026-03-06T10:30:00Z', code)
    expect(suspended.status).toBe(201)
    expect(suspended.body).toMatchObject({ commissions: [], notes: ['code_suspended'] })
    // the first order refunded while the code is suspended: its commission is still taken back
    const refund = await api.postback('jqsee', {
      id: `${customer}-r`,
      type: 'refund',
      occurredAt: '2026-03-06T10:45:00Z',
      customer,
      order: `o-${customer}-1`,
      amount: '100.00',
      currency: 'USD',
      ref: code,
    })
    expect(refund.body.reversals).toEqual([expect.objectContaining({ amount: '-10.00' })])
    expect(await available(partner)).toBe('0.00')
    expect((await op('POST', `/v1/programs/jqsee/codes/${code}/reinstate`, {})).status).toBe(200)
    api.clock.set('2026-03-06T12:00:00Z')
    const again = await payment(customer, `${customer}-3`, '2026-03-06T11:30:00Z', code)
    expect(again.body.commissions).toEqual([expect.objectContaining({ amount: '10.00' })])
    expect(await available(partner)).toBe('10.00')
  })

  it('a vanity code past its validity: the returning customer’s payment with it earns nothing', async () => {
    api.clock.set('2026-05-11T10:00:00Z')
    const { partner } = await api.enrolled('jqsee', { name: `Codes ${++seq}`, language: 'en', legalType: 'individual' })
    const vanity = `Spring${seq}Sale`
    const issued = await op('POST', `/v1/programs/jqsee/partners/${partner}/codes`, {
      code: vanity,
      commission: { rateBps: 2000 },
      until: '2026-05-12T00:00:00Z',
    })
    expect(issued.status, JSON.stringify(issued.body)).toBe(201)
    const customer = `${partner}-c`
    expect((await payment(customer, `${customer}-1`, '2026-05-11T09:00:00Z', vanity)).body.commissions).toEqual([
      expect.objectContaining({ amount: '20.00' }),
    ])
    api.clock.set('2026-05-13T10:00:00Z')
    const late = await payment(customer, `${customer}-2`, '2026-05-13T09:00:00Z', vanity)
    expect(late.body.commissions).toEqual([])
    expect(late.body.notes).toEqual([expect.stringMatching(/^code_/)])
    expect(await available(partner)).toBe('20.00')
  })
})
