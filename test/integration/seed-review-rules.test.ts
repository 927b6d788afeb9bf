import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/** Program rules against the written terms (seeds and programs.md), from an outside review of the seeds. */
describe('seed rules: suspended codes, existing buyers, repeated IPs, exclusivity', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })
  let seq = 0
  const enrol = (program: string, extra: Record<string, unknown> = {}) =>
    api.enrolled(program, { name: `Reviewer ${++seq}`, language: 'en', legalType: 'individual', ...extra })
  const post = (program: string, event: Record<string, unknown>) => api.recorded(program, event)
  const balance = async (partner: string, program: string, currency = 'USD') => {
    const st = await api.statement(partner, { program })
    expect(st.status, JSON.stringify(st.body)).toBe(200)
    return balanceOf(st.body, program, currency)
  }

  it('quantower: while the partner’s links are suspended (sanction suspend_codes) a referral’s purchase earns nothing', async () => {
    api.clock.set('2026-03-02T10:00:00Z')
    const { partner, codes } = await enrol('quantower')
    const ref = codes[0]!.code
    await post('quantower', {
      id: 'rs-q-s',
      type: 'signup',
      occurredAt: '2026-03-02T09:30:00Z',
      customer: 'rs-qc1',
      ref,
    })
    const first = await post('quantower', {
      id: 'rs-q-p1',
      type: 'payment',
      occurredAt: '2026-03-02T09:40:00Z',
      customer: 'rs-qc1',
      order: 'rs-qo1',
      amount: '100.00',
      currency: 'USD',
    })
    expect(first.commissions).toEqual([expect.objectContaining({ amount: '20.00', status: 'available' })])
    const s = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'quantower',
      kind: 'suspend_codes',
      reason: 'ad_rules',
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    api.clock.set('2026-03-03T10:00:00Z')
    // the referral buys again while the partner's link is suspended: "until reinstated, it earns nothing"
    const second = await post('quantower', {
      id: 'rs-q-p2',
      type: 'payment',
      occurredAt: '2026-03-03T09:00:00Z',
      customer: 'rs-qc1',
      order: 'rs-qo2',
      amount: '100.00',
      currency: 'USD',
    })
    expect(second.commissions.filter((c: any) => c.status !== 'rejected')).toEqual([])
    expect(await balance(partner, 'quantower')).toMatchObject({ available: '20.00' })
  })

  it('jqsee: while the partner’s promo codes are suspended, a referral’s payment earns nothing', async () => {
    api.clock.set('2026-03-02T10:00:00Z')
    const { partner, codes } = await enrol('jqsee')
    const ref = codes[0]!.code
    await post('jqsee', {
      id: 'rs-j-p1',
      type: 'payment',
      occurredAt: '2026-03-02T09:40:00Z',
      customer: 'rs-jc1',
      ref,
      order: 'rs-jo1',
      amount: '100.00',
      currency: 'USD',
    })
    const s = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'jqsee',
      kind: 'suspend_codes',
      reason: 'ad_rules',
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    api.clock.set('2026-03-03T10:00:00Z')
    const second = await post('jqsee', {
      id: 'rs-j-p2',
      type: 'payment',
      occurredAt: '2026-03-03T09:00:00Z',
      customer: 'rs-jc1',
      order: 'rs-jo2',
      amount: '100.00',
      currency: 'USD',
    })
    expect(second.commissions.filter((c: any) => c.status !== 'rejected')).toEqual([])
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '10.00' })
  })

  it('chetup: a sign-up postback before the sale, from the same IP in the same campaign, does not make the sale a repeat action', async () => {
    api.clock.set('2026-07-01T12:00:00Z')
    const { codes } = await enrol('chetup', { country: 'GE' })
    const ref = codes.find((c: any) => c.campaign === 'cafe-sale')!.code
    const s = await api.postback('chetup', {
      id: 'rs-c-s',
      type: 'signup',
      occurredAt: '2026-07-01T09:00:00+04:00',
      customer: 'rs-cc1',
      ref,
      campaign: 'cafe-sale',
      ip: '192.0.2.50',
      country: 'GE',
    })
    expect(s.status, JSON.stringify(s.body)).toBeLessThan(300)
    const sale = await post('chetup', {
      id: 'rs-c-p',
      type: 'payment',
      occurredAt: '2026-07-01T10:00:00+04:00',
      customer: 'rs-cc1',
      ref,
      campaign: 'cafe-sale',
      order: 'rs-co1',
      amount: '250.00',
      currency: 'GEL',
      ip: '192.0.2.50',
      country: 'GE',
    })
    expect(sale.commissions).toEqual([expect.objectContaining({ amount: '25.00', status: 'pending' })])
  })
  it('worksection 3.3.2: a partner blocked (not ended) in worksection-referral cannot join worksection-partner at the same time', async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const a = await api.enrol('worksection-referral', {
      name: 'W',
      language: 'kk',
      legalType: 'company',
      telegramId: 778001,
    })
    expect(a.status).toBe(201)
    const b = await api.operator('POST', `/v1/partners/${a.body.partner.id}/sanctions`, {
      program: 'worksection-referral',
      kind: 'block',
      reason: 'fraud',
    })
    expect(b.status, JSON.stringify(b.body)).toBe(201)
    const r = await api.enrol('worksection-partner', {
      name: 'W',
      language: 'kk',
      legalType: 'company',
      telegramId: 778001,
    })
    expect(r).toMatchObject({ status: 409, body: { error: { code: 'enrolment.exclusive' } } })
  })
  it('jqsee 6.1: a payment made with the partner’s promo code earns its 10% even when the buyer paid before without a code', async () => {
    api.clock.set('2026-03-04T12:00:00Z')
    const { partner, codes } = await enrol('jqsee')
    // the buyer's earlier purchase, without any promo code: nobody's referral
    const before = await post('jqsee', {
      id: 'rs-je-p0',
      type: 'payment',
      occurredAt: '2026-03-03T09:00:00Z',
      customer: 'rs-jec1',
      order: 'rs-jeo0',
      amount: '50.00',
      currency: 'USD',
    })
    expect(before.commissions).toEqual([])
    // now the buyer enters the partner's code at checkout ("Act"): a successful payment with the code
    const withCode = await post('jqsee', {
      id: 'rs-je-p1',
      type: 'payment',
      occurredAt: '2026-03-04T09:00:00Z',
      customer: 'rs-jec1',
      ref: codes[0]!.code,
      order: 'rs-jeo1',
      amount: '120.00',
      currency: 'USD',
    })
    expect(withCode.commissions).toEqual([expect.objectContaining({ amount: '12.00', status: 'available' })])
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '12.00' })
  })
})
