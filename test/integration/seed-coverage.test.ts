import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * Rules of programs.md (and their seeds) that the README's rule table found implemented but without a test of their
 * own, each through postbacks and the operator API on a real database (PostgreSQL, and PGlite in seed-rules-pglite).
 */
describe('seed rules without a test of their own until now', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const enrol = (program: string, extra: Record<string, unknown> = {}) =>
    api.enrolled(program, { name: `Partner ${++seq}`, language: 'en', legalType: 'individual', ...extra })
  const post = (program: string, event: Record<string, unknown>) => api.recorded(program, event)
  const balance = async (partner: string, program: string, currency = 'USD') => {
    const st = await api.statement(partner, { program })
    expect(st.status, JSON.stringify(st.body)).toBe(200)
    return balanceOf(st.body, program, currency)
  }
  const request = (partner: string, body: Record<string, unknown>) =>
    api.requestPayout(
      partner,
      { details: body.method === 'paypal' ? { email: 'p@example.com' } : { iban: 'LV80BANK0000435195001' }, ...body },
      `k${++seq}`,
    )
  /** A customer signed up through the partner's link, then paying `amount` (a first month for worksection). */
  const referredPayment = async (program: string, ref: string, amount: string, at: string, extra = {}) => {
    const customer = `${program}-c${++seq}`
    await post(program, {
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: at,
      customer,
      ref,
      ip: `10.9.${seq % 250}.1`,
    })
    return post(program, {
      id: `${customer}-p`,
      type: 'payment',
      occurredAt: at,
      customer,
      order: `${customer}-o`,
      amount,
      currency: 'USD',
      monthsPaid: 1,
      ...extra,
    })
  }

  it('worksection-referral: "an existing paying client" earns no reward (existing_customer)', async () => {
    api.clock.set('2026-03-02T12:00:00Z')
    const { partner, codes } = await enrol('worksection-referral')
    // the client was the company's before the partner's link named it
    await post('worksection-referral', {
      id: 'wx-old',
      type: 'signup',
      occurredAt: '2026-02-25T09:00:00Z',
      customer: 'wx-c',
    })
    const r = await post('worksection-referral', {
      id: 'wx-pay',
      type: 'payment',
      occurredAt: '2026-03-02T09:00:00Z',
      customer: 'wx-c',
      ref: codes[0]!.code,
      order: 'wx-o',
      amount: '9.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(r.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'existing_customer' })])
    expect(await balance(partner, 'worksection-referral')).toBeUndefined()
  })

  it('worksection-referral Appendix 1: a deal is a client who paid at least one full month; a shorter payment earns nothing', async () => {
    api.clock.set('2026-03-02T12:00:00Z')
    const { codes } = await enrol('worksection-referral')
    const short = await referredPayment('worksection-referral', codes[0]!.code, '3.00', '2026-03-02T09:00:00Z', {
      monthsPaid: 0,
    })
    expect(short).toMatchObject({ commissions: [], notes: ['payment_too_short'] })
    const full = await referredPayment('worksection-referral', codes[0]!.code, '9.00', '2026-03-02T10:00:00Z')
    expect(full.commissions).toEqual([expect.objectContaining({ amount: '25.00', status: 'pending' })])
  })

  it('minimum payout $50 in worksection-referral, worksection-partner and quantower: $49.99 (or $25) is refused, $50.00 is paid', async () => {
    api.clock.set('2026-01-02T12:00:00Z')
    const wr = await enrol('worksection-referral')
    await referredPayment('worksection-referral', wr.codes[0]!.code, '9.00', '2026-01-02T09:00:00Z')
    const wp = await enrol('worksection-partner')
    await referredPayment('worksection-partner', wp.codes[0]!.code, '333.26', '2026-01-02T09:00:00Z') // 15% = 49.989 -> 49.99
    const q = await enrol('quantower')
    await referredPayment('quantower', q.codes[0]!.code, '249.95', '2026-01-02T09:00:00Z') // 20% = 49.99
    api.clock.set('2026-02-03T12:00:00Z') // past the 31 days of both worksection programs
    for (const [who, program] of [
      [wr.partner, 'worksection-referral'],
      [wp.partner, 'worksection-partner'],
      [q.partner, 'quantower'],
    ] as const) {
      const refused = await request(who, { program, method: 'paypal' })
      expect(refused.status, `${program} ${JSON.stringify(refused.body)}`).toBe(422)
      expect(refused.body.error.code).toBe('payout.below_minimum')
    }
    await referredPayment('worksection-referral', wr.codes[0]!.code, '9.00', '2026-02-03T10:00:00Z')
    await referredPayment('worksection-partner', wp.codes[0]!.code, '0.07', '2026-02-03T10:00:00Z') // +0.01
    await referredPayment('quantower', q.codes[0]!.code, '0.05', '2026-02-03T10:00:00Z') // +0.01
    api.clock.set('2026-03-07T12:00:00Z')
    for (const [who, program, gross] of [
      [wr.partner, 'worksection-referral', '50.00'],
      [wp.partner, 'worksection-partner', '50.00'],
      [q.partner, 'quantower', '50.00'],
    ] as const) {
      const paid = await request(who, { program, method: 'paypal' })
      expect(paid.status, `${program} ${JSON.stringify(paid.body)}`).toBe(201)
      expect(paid.body.payout).toMatchObject({ gross })
    }
  })

  it('chetup pays "to a bank account" only; PayPal is refused (payout.method_not_offered) and nothing is reserved', async () => {
    api.clock.set('2026-03-02T12:00:00Z')
    const { partner } = await enrol('chetup', { country: 'GE' })
    const r = await request(partner, { program: 'chetup', currency: 'GEL', method: 'paypal', amount: '100.00' })
    expect(r.status, JSON.stringify(r.body)).toBe(422)
    expect(r.body.error.code).toBe('payout.method_not_offered')
  })

  it('chetup campaign kinds new customer, download, click and visit pay their fixed GEL amounts', async () => {
    api.clock.set('2026-05-02T12:00:00Z')
    const { codes } = await enrol('chetup', { country: 'GE' })
    const at = '2026-05-02T10:00:00+04:00'
    const cases = [
      ['bank-new-customer', 'new_customer', '5.00'],
      ['app-download', 'download', '0.50'],
      ['shop-click', 'click', '0.05'],
      ['shop-visit', 'visit', '0.02'],
    ] as const
    for (const [campaign, type, amount] of cases) {
      const ref = codes.find((c: any) => c.campaign === campaign)!.code
      const r = await post('chetup', {
        id: `ck-${campaign}`,
        type,
        occurredAt: at,
        customer: `ck-${campaign}`,
        ref,
        campaign,
        ip: `192.0.2.${cases.findIndex((c) => c[0] === campaign) + 40}`,
        country: 'GE',
      })
      expect(r.commissions, campaign).toEqual([expect.objectContaining({ amount, currency: 'GEL', status: 'pending' })])
    }
  })

  it('chetup: the repeat-IP rule is per campaign: the same IP in another campaign still counts', async () => {
    api.clock.set('2026-05-03T12:00:00Z')
    const { codes } = await enrol('chetup', { country: 'GE' })
    const send = (campaign: string, type: string, n: number) =>
      post('chetup', {
        id: `cr-${campaign}-${n}`,
        type,
        occurredAt: '2026-05-03T10:00:00+04:00',
        customer: `cr-${campaign}-${n}`,
        ref: codes.find((c: any) => c.campaign === campaign)!.code,
        campaign,
        ip: '198.51.100.77',
        country: 'GE',
      })
    expect((await send('app-lead', 'lead', 1)).commissions[0]).toMatchObject({ status: 'pending' })
    expect((await send('app-download', 'download', 1)).commissions[0]).toMatchObject({ status: 'pending' })
    expect((await send('app-lead', 'lead', 2)).commissions[0]).toMatchObject({
      status: 'rejected',
      reason: 'repeat_ip',
    })
  })

  it('chetup: a cancellation dated before the order it undoes cannot be true: 422 on occurredAt, the commission stays', async () => {
    api.clock.set('2026-05-03T14:00:00Z')
    const { partner, codes } = await enrol('chetup', { country: 'GE' })
    const cafe = codes.find((c: any) => c.campaign === 'cafe-sale')!.code
    await post('chetup', {
      id: 'cb-sale',
      type: 'payment',
      occurredAt: '2026-05-03T12:00:00+04:00',
      customer: 'cb-c',
      ref: cafe,
      campaign: 'cafe-sale',
      order: 'cb-o',
      amount: '250.00',
      currency: 'GEL',
      country: 'GE',
    })
    const undo = (id: string, occurredAt: string) =>
      api.postback('chetup', { id, type: 'cancellation', occurredAt, customer: 'cb-c', order: 'cb-o' })
    const early = await undo('cb-x1', '2026-05-03T11:00:00+04:00')
    expect(early.status).toBe(422)
    expect(early.body.error).toMatchObject({
      code: 'postback.before_order',
      issues: [{ path: 'occurredAt' }],
      message: 'The event undoes order cb-o, which is dated later (2026-05-03T08:00:00.000Z).',
    })
    expect(await balance(partner, 'chetup', 'GEL')).toMatchObject({ pending: '25.00', reversed: '0.00' })
    // the same cancellation at a true time undoes it
    const later = await undo('cb-x2', '2026-05-03T13:00:00+04:00')
    expect(later.status).toBe(201)
    expect(await balance(partner, 'chetup', 'GEL')).toMatchObject({ pending: '0.00', reversed: '25.00' })
  })

  it('chetup: one address is one IP however it is written (IPv6 spellings, IPv4-mapped IPv6)', async () => {
    api.clock.set('2026-05-03T13:00:00Z')
    const { codes } = await enrol('chetup', { country: 'GE' })
    const lead = codes.find((c: any) => c.campaign === 'app-lead')!.code
    const send = (n: number, ip: string) =>
      post('chetup', {
        id: `cw-${n}`,
        type: 'lead',
        occurredAt: '2026-05-03T10:00:00+04:00',
        customer: `cw-${n}`,
        ref: lead,
        campaign: 'app-lead',
        ip,
        country: 'GE',
      })
    expect((await send(1, '2001:db8::1')).commissions[0]).toMatchObject({ status: 'pending' })
    for (const [n, ip] of [
      [2, '2001:0db8:0000:0000:0000:0000:0000:0001'],
      [3, '2001:DB8:0:0::1'],
    ] as const) {
      expect((await send(n, ip)).commissions[0], ip).toMatchObject({ status: 'rejected', reason: 'repeat_ip' })
    }
    expect((await send(4, '203.0.113.66')).commissions[0]).toMatchObject({ status: 'pending' })
    expect((await send(5, '::ffff:203.0.113.66')).commissions[0]).toMatchObject({
      status: 'rejected',
      reason: 'repeat_ip',
    })
  })

  it('chetup: "the network may void any commission that does not look fair": voided with its reason, once', async () => {
    api.clock.set('2026-05-04T12:00:00Z')
    const { partner, codes } = await enrol('chetup', { country: 'GE' })
    const r = await post('chetup', {
      id: 'cv-1',
      type: 'lead',
      occurredAt: '2026-05-04T10:00:00+04:00',
      customer: 'cv-1',
      ref: codes.find((c: any) => c.campaign === 'app-lead')!.code,
      campaign: 'app-lead',
      ip: '198.51.100.90',
      country: 'GE',
    })
    const path = `/v1/commissions/${r.commissions[0].id}/review`
    const voided = await api.operator('POST', path, { action: 'void', reason: 'suspicious_activity' })
    expect(voided.status, JSON.stringify(voided.body)).toBe(200)
    expect(voided.body.commission).toMatchObject({ status: 'reversed', reason: 'suspicious_activity' })
    expect((await api.operator('POST', path, { action: 'void', reason: 'suspicious_activity' })).status).toBe(409)
    expect(await balance(partner, 'chetup', 'GEL')).toMatchObject({ pending: '0.00', available: '0.00' })
  })

  it('chetup: "vendors never see a partner\'s personal data": the postback answer and the landing redirect carry no name, Telegram id or language', async () => {
    api.clock.set('2026-05-05T12:00:00Z')
    const name = 'Nino Beridze'
    const { codes } = await enrol('chetup', { name, country: 'GE', telegramId: 770_000_123, language: 'ka' })
    const code = codes.find((c: any) => c.campaign === 'app-lead')!.code
    const landing = await api.get(`/r/${code}`)
    expect(landing.status).toBe(302)
    const url = new URL(landing.headers.get('location')!)
    expect([...url.searchParams.keys()].sort()).toEqual(['click', 'ref'])
    const r = await api.postback('chetup', {
      id: 'cp-1',
      type: 'lead',
      occurredAt: '2026-05-05T10:00:00+04:00',
      customer: 'cp-1',
      ref: code,
      campaign: 'app-lead',
      ip: '198.51.100.120',
      country: 'GE',
    })
    expect(r.status).toBe(201)
    const seen = JSON.stringify(r.body)
    // the answer names the partner by an opaque id only (the event's own fields are the vendor's)
    for (const secret of ['Nino', 'Beridze', '770000123', '"ka"', 'individual']) expect(seen).not.toContain(secret)
  })

  it('chetup: the 100 GEL minimum is "summed across all campaigns": 60 GEL of sales and 40 GEL of new customers are paid', async () => {
    api.clock.set('2026-04-01T12:00:00Z')
    const { partner, codes } = await enrol('chetup', { country: 'GE', legalType: 'company' })
    const ref = (campaign: string) => codes.find((c: any) => c.campaign === campaign)!.code
    const base = { occurredAt: '2026-04-01T10:00:00+04:00', country: 'GE' }
    await post('chetup', {
      ...base,
      id: 'cs-sale',
      type: 'payment',
      customer: 'cs-sale',
      ref: ref('cafe-sale'),
      campaign: 'cafe-sale',
      order: 'cs-o',
      amount: '600.00',
      currency: 'GEL',
      ip: '198.51.100.1',
    })
    for (let i = 1; i <= 8; i++) {
      await post('chetup', {
        ...base,
        id: `cs-nc${i}`,
        type: 'new_customer',
        customer: `cs-nc${i}`,
        ref: ref('bank-new-customer'),
        campaign: 'bank-new-customer',
        ip: `198.51.100.${i + 1}`,
      })
    }
    api.clock.set('2026-04-12T12:00:00Z') // verified after 10 days
    expect(await balance(partner, 'chetup', 'GEL')).toMatchObject({ available: '100.00' })
    const r = await request(partner, { program: 'chetup', currency: 'GEL', method: 'bank' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.payout).toMatchObject({ gross: '100.00', net: '100.00' })
  })

  it('melbet: earnings are kept "in the currency the company earned them in": EUR revenue earns EUR, beside USD', async () => {
    api.clock.set('2026-03-09T01:00:00Z')
    const { partner, codes } = await enrol('melbet', { registeredAt: '2026-01-10T12:00:00Z' })
    const at = '2026-01-10T12:00:00Z'
    for (const [customer, currency] of [
      ['me-eur', 'EUR'],
      ['me-usd', 'USD'],
    ] as const) {
      await post('melbet', { id: `${customer}-s`, type: 'signup', occurredAt: at, customer, ref: codes[0]!.code })
      await post('melbet', {
        id: `${customer}-d`,
        type: 'first_deposit',
        occurredAt: at,
        customer,
        amount: '10.00',
        currency,
      })
    }
    const eur = await post('melbet', {
      id: 'me-r1',
      type: 'revenue',
      occurredAt: '2026-03-05T12:00:00Z',
      customer: 'me-eur',
      order: 'me-o1',
      amount: '100.00',
      currency: 'EUR',
    })
    expect(eur.commissions).toEqual([expect.objectContaining({ amount: '20.00', currency: 'EUR' })])
    await post('melbet', {
      id: 'me-r2',
      type: 'revenue',
      occurredAt: '2026-03-05T12:00:00Z',
      customer: 'me-usd',
      order: 'me-o2',
      amount: '50.00',
      currency: 'USD',
    })
    const st = (await api.statement(partner, { program: 'melbet' })).body
    const total = (b: any) => Number(b.pending) + Number(b.available)
    expect(total(balanceOf(st, 'melbet', 'EUR'))).toBe(20)
    expect(total(balanceOf(st, 'melbet', 'USD'))).toBe(10)
  })

  it('melbet: a new user is a player who "had no account": a player known before the link earns nothing', async () => {
    api.clock.set('2026-03-09T01:00:00Z')
    const { partner, codes } = await enrol('melbet', { registeredAt: '2026-01-10T12:00:00Z' })
    await post('melbet', { id: 'mx-old', type: 'signup', occurredAt: '2026-03-01T12:00:00Z', customer: 'mx-p' })
    const ref = codes[0]!.code
    await post('melbet', { id: 'mx-s', type: 'signup', occurredAt: '2026-03-02T12:00:00Z', customer: 'mx-p', ref })
    await post('melbet', {
      id: 'mx-d',
      type: 'first_deposit',
      occurredAt: '2026-03-02T12:00:00Z',
      customer: 'mx-p',
      amount: '10.00',
      currency: 'USD',
    })
    const r = await post('melbet', {
      id: 'mx-r',
      type: 'revenue',
      occurredAt: '2026-03-05T12:00:00Z',
      customer: 'mx-p',
      order: 'mx-o',
      amount: '100.00',
      currency: 'USD',
    })
    expect(JSON.stringify(r)).toContain('existing_customer')
    expect(r.commissions.filter((c: any) => c.status !== 'rejected')).toEqual([])
    expect(await balance(partner, 'melbet')).toBeUndefined()
  })

  it('quantower: "unlimited referrals": the 40th referred customer earns 20% like the first', async () => {
    api.clock.set('2026-03-03T12:00:00Z')
    const { partner, codes } = await enrol('quantower')
    for (let i = 1; i <= 40; i++) {
      const r = await referredPayment('quantower', codes[0]!.code, '10.00', '2026-03-03T09:00:00Z')
      expect(r.commissions, `customer ${i}`).toEqual([expect.objectContaining({ amount: '2.00', status: 'available' })])
    }
    expect(await balance(partner, 'quantower')).toMatchObject({ available: '80.00' })
  })

  it('jqsee: a substandard action held for review and then rejected is never credited (no penalty: it was never paid out)', async () => {
    api.clock.set('2026-03-04T12:00:00Z')
    const { partner, codes } = await enrol('jqsee')
    const r = await post('jqsee', {
      id: 'jh-1',
      type: 'payment',
      occurredAt: '2026-03-04T09:00:00Z',
      customer: 'jh-1',
      ref: codes[0]!.code,
      order: 'jh-o',
      amount: '50.00',
      currency: 'USD',
    })
    const path = `/v1/commissions/${r.commissions[0].id}/review`
    const held = await api.operator('POST', path, { action: 'hold', reason: 'bot_traffic' })
    expect(held.status, JSON.stringify(held.body)).toBe(200)
    expect(await balance(partner, 'jqsee')).toMatchObject({ held: '5.00', available: '0.00' })
    const rejected = await api.operator('POST', path, { action: 'reject', reason: 'bot_traffic' })
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200)
    expect(rejected.body.commission).toMatchObject({ status: 'rejected', reason: 'bot_traffic' })
    expect(await balance(partner, 'jqsee')).toMatchObject({ held: '0.00', available: '0.00', pending: '0.00' })
  })

  // found by an outside review of the seeds: suspended codes, existing buyers, repeated IPs, exclusivity
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
