import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/** programs.md, "Worked examples": each one through the HTTP API on a real database. */
describe('worked examples', () => {
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
  const operator = (method: string, path: string, body?: unknown) => api.operator(method, path, body)
  /** A payout requested, approved and marked paid, through the operator API. */
  const payOut = async (partner: string, program: string, amount: string) => {
    const { status, body } = await api.requestPayout(
      partner,
      { program, method: 'paypal', amount, details: { email: 'partner@example.com' } },
      `pay-${partner}-${amount}`,
    )
    expect(status, JSON.stringify(body)).toBe(201)
    expect((await operator('POST', `/v1/payouts/${body.payout.id}/approve`, {})).status).toBe(200)
    expect((await operator('POST', `/v1/payouts/${body.payout.id}/paid`, { reference: 'wire-1' })).status).toBe(200)
  }
  const balance = async (partner: string, program: string, currency = 'USD', to?: string) => {
    const st = await api.statement(partner, to ? { program, to } : { program })
    expect(st.status, JSON.stringify(st.body)).toBe(200)
    return balanceOf(st.body, program, currency)
  }

  it('1. quantower: list $100, 25% discount, paid $75 -> $15.00, available at once', async () => {
    api.clock.set('2026-03-02T11:00:00Z')
    const { partner, codes } = await enrol('quantower')
    const ref = codes[0]!.code
    await post('quantower', { id: 'q1-s', type: 'signup', occurredAt: '2026-03-02T10:00:00Z', customer: 'qc1', ref })
    const paid = await post('quantower', {
      id: 'q1-p',
      type: 'payment',
      occurredAt: '2026-03-02T10:05:00Z',
      customer: 'qc1',
      order: 'qo1',
      amount: '75.00',
      listAmount: '100.00',
      currency: 'USD',
    })
    expect(paid.commissions).toEqual([
      expect.objectContaining({
        partner,
        amount: '15.00',
        status: 'available',
        availableFrom: '2026-03-02T10:05:00.000Z',
      }),
    ])
    expect(await balance(partner, 'quantower')).toMatchObject({ pending: '0.00', available: '15.00', paid: '0.00' })
  })

  it('1b. quantower: a customer who did not sign up through the link is not the partner’s referral', async () => {
    api.clock.set('2026-03-02T12:00:00Z')
    const { partner, codes } = await enrol('quantower')
    const r = await post('quantower', {
      id: 'q1b-p',
      type: 'payment',
      occurredAt: '2026-03-02T11:00:00Z',
      customer: 'qc1b',
      ref: codes[0]!.code,
      order: 'qo1b',
      amount: '75.00',
      currency: 'USD',
    })
    expect(r.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'not_signed_up_via_link' })])
    expect(await balance(partner, 'quantower')).toBeUndefined()
  })

  it('2. quantower: self-referral found with $40 held, $30 available and $50 paid -> disqualified, $70 annulled, $50 stays paid', async () => {
    api.clock.set('2026-03-03T12:00:00Z')
    const { partner, codes } = await enrol('quantower')
    const ref = codes[0]!.code
    const pay = async (n: number, amount: string) => {
      await post('quantower', {
        id: `q2-s${n}`,
        type: 'signup',
        occurredAt: '2026-03-03T09:00:00Z',
        customer: `qc2-${n}`,
        ref,
      })
      const r = await post('quantower', {
        id: `q2-p${n}`,
        type: 'payment',
        occurredAt: '2026-03-03T10:00:00Z',
        customer: `qc2-${n}`,
        order: `qo2-${n}`,
        amount,
        currency: 'USD',
      })
      return r.commissions[0].id as string
    }
    await pay(1, '250.00') // $50, paid out at once
    await payOut(partner, 'quantower', '50.00')
    const underReview = await pay(2, '200.00') // $40, held while self-referral is investigated
    await pay(3, '150.00') // $30, available
    const held = await operator('POST', `/v1/commissions/${underReview}/review`, {
      action: 'hold',
      reason: 'self_referral_suspected',
    })
    expect(held.status, JSON.stringify(held.body)).toBe(200)
    expect(await balance(partner, 'quantower')).toMatchObject({ held: '40.00', available: '30.00', paid: '50.00' })
    const d = await operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'quantower',
      kind: 'disqualify',
      reason: 'self_referral',
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    expect(d.body.annulled).toEqual([{ currency: 'USD', amount: '70.00' }])
    expect(await balance(partner, 'quantower')).toMatchObject({
      held: '0.00',
      pending: '0.00',
      available: '0.00',
      paid: '50.00',
      reversed: '70.00',
    })
    // a disqualified partner's links no longer earn
    const later = await api.postback('quantower', {
      id: 'q2-later',
      type: 'signup',
      occurredAt: '2026-03-03T12:00:00Z',
      customer: 'qc2-9',
      ref,
    })
    expect(later.body.event).toMatchObject({ partner: null, attribution: 'code_suspended' })
  })

  it('3. jqsee: a $120 payment with the partner’s promo code earns $12.00; on request it is due in 2 business days', async () => {
    api.clock.set('2026-03-06T10:00:00Z') // a Friday
    const { partner, codes } = await enrol('jqsee')
    expect(codes[0]!.code).toMatch(/^[A-Z2-9]{8}$/)
    const r = await post('jqsee', {
      id: 'j3-p',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'jc3',
      ref: codes[0]!.code,
      order: 'jo3',
      amount: '120.00',
      currency: 'USD',
    })
    expect(r.commissions).toEqual([expect.objectContaining({ amount: '12.00', status: 'available' })])
    // Friday in Kyiv -> Tuesday (2 business days), local midnight
    expect(await balance(partner, 'jqsee')).toMatchObject({
      available: '12.00',
      nextPayoutAt: '2026-03-09T22:00:00.000Z',
    })
  })

  it('3b. jqsee: an $8 balance is below the $10 minimum: no payout date', async () => {
    api.clock.set('2026-03-06T10:00:00Z')
    const { partner, codes } = await enrol('jqsee')
    await post('jqsee', {
      id: 'j3b-p',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'jc3b',
      ref: codes[0]!.code,
      order: 'jo3b',
      amount: '80.00',
      currency: 'USD',
    })
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '8.00', nextPayoutAt: null })
  })

  it('4. jqsee: a $12.00 commission found substandard -> reversed plus a $12.00 penalty: balance effect -$12.00', async () => {
    api.clock.set('2026-03-06T12:00:00Z')
    const { partner, codes } = await enrol('jqsee')
    const r = await post('jqsee', {
      id: 'j4-p',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'jc4',
      ref: codes[0]!.code,
      order: 'jo4',
      amount: '120.00',
      currency: 'USD',
    })
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '12.00' })
    const review = await operator('POST', `/v1/commissions/${r.commissions[0].id}/review`, {
      action: 'substandard',
      reason: 'bot_traffic',
    })
    expect(review.status, JSON.stringify(review.body)).toBe(200)
    expect(review.body).toMatchObject({ commission: { status: 'reversed', reason: 'bot_traffic' }, effect: '-24.00' })
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '-12.00', reversed: '24.00' })
    // deciding twice changes nothing
    const again = await operator('POST', `/v1/commissions/${r.commissions[0].id}/review`, {
      action: 'substandard',
      reason: 'bot_traffic',
    })
    expect(again.status).toBe(409)
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '-12.00' })
  })

  it('5. worksection-referral: clients 1-5 earn $25, client 6 earns $35, each payable 31 days after its payment', async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const { partner, codes } = await enrol('worksection-referral')
    const ref = codes[0]!.code
    const amounts: string[] = []
    for (let i = 1; i <= 6; i++) {
      await post('worksection-referral', {
        id: `w5-s${i}`,
        type: 'signup',
        occurredAt: '2026-03-01T09:00:00Z',
        customer: `wc5-${i}`,
        ref,
        ip: `10.5.0.${i}`,
      })
      const r = await post('worksection-referral', {
        id: `w5-p${i}`,
        type: 'payment',
        occurredAt: `2026-03-0${i + 1}T09:00:00Z`,
        customer: `wc5-${i}`,
        order: `wo5-${i}`,
        amount: '9.00',
        currency: 'USD',
        monthsPaid: 1,
      })
      expect(r.commissions[0].status).toBe('pending')
      amounts.push(r.commissions[0].amount)
    }
    expect(amounts).toEqual(['25.00', '25.00', '25.00', '25.00', '25.00', '35.00'])
    expect(await balance(partner, 'worksection-referral')).toMatchObject({ pending: '160.00', available: '0.00' })
    // client 1 paid on 2 Mar: payable from 2 Apr (31 days, Kyiv midnight); client 6 paid 7 Mar: from 7 Apr
    api.clock.set('2026-04-02T12:00:00Z')
    expect(await balance(partner, 'worksection-referral')).toMatchObject({ pending: '135.00', available: '25.00' })
    api.clock.set('2026-04-07T12:00:00Z')
    expect(await balance(partner, 'worksection-referral')).toMatchObject({ pending: '0.00', available: '160.00' })
  })

  it('5b. worksection-referral: a client refunded in full is no deal: the 6th client is the 5th deal and earns $25', async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const { codes } = await enrol('worksection-referral')
    const ref = codes[0]!.code
    const client = async (i: number) => {
      const customer = `wc5b-${i}`
      await post('worksection-referral', {
        id: `w5b-s${i}`,
        type: 'signup',
        occurredAt: '2026-03-01T09:00:00Z',
        customer,
        ref,
        ip: `10.6.0.${i}`,
      })
      const paid = {
        occurredAt: `2026-03-0${i + 1}T09:00:00Z`,
        customer,
        order: `wo5b-${i}`,
        amount: '9.00',
        currency: 'USD',
      }
      return (await post('worksection-referral', { id: `w5b-p${i}`, type: 'payment', monthsPaid: 1, ...paid }))
        .commissions[0]
    }
    for (let i = 1; i <= 5; i++) expect((await client(i)).amount).toBe('25.00')
    // client 3's payment comes back in full: its reward is reversed, and it no longer counts as a deal
    const refund = {
      id: 'w5b-r3',
      type: 'refund',
      occurredAt: '2026-03-08T09:00:00Z',
      customer: 'wc5b-3',
      order: 'wo5b-3',
    }
    await post('worksection-referral', { ...refund, amount: '9.00', currency: 'USD' })
    expect(await client(6)).toMatchObject({ amount: '25.00' }) // the 5th deal
    expect(await client(7)).toMatchObject({ amount: '35.00' }) // the 6th
  })

  it('6. worksection-referral: a client whose sign-up IP another user already used earns nothing, with that reason', async () => {
    api.clock.set('2026-04-10T12:00:00Z')
    const { partner, codes } = await enrol('worksection-referral')
    const ref = codes[0]!.code
    await post('worksection-referral', {
      id: 'w6-other',
      type: 'signup',
      occurredAt: '2026-04-01T09:00:00Z',
      customer: 'wc6-other',
      ip: '203.0.113.7',
    })
    await post('worksection-referral', {
      id: 'w6-s',
      type: 'signup',
      occurredAt: '2026-04-02T09:00:00Z',
      customer: 'wc6',
      ref,
      ip: '203.0.113.7',
    })
    const r = await post('worksection-referral', {
      id: 'w6-p',
      type: 'payment',
      occurredAt: '2026-04-03T09:00:00Z',
      customer: 'wc6',
      order: 'wo6',
      amount: '9.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(r.commissions).toEqual([
      expect.objectContaining({ amount: '25.00', status: 'rejected', reason: 'shared_ip', availableFrom: null }),
    ])
    expect(await balance(partner, 'worksection-referral')).toBeUndefined()
  })

  it('8. worksection-partner: clients 1-15 keep 15% for life; client 16 earns 25%, client 3 still 15%', async () => {
    api.clock.set('2026-05-01T12:00:00Z')
    const { codes } = await enrol('worksection-partner')
    const ref = codes[0]!.code
    const pay = (client: number, n: number, day: string) =>
      post('worksection-partner', {
        id: `wp8-${client}-${n}`,
        type: 'payment',
        occurredAt: `2026-04-${day}T09:00:00Z`,
        customer: `wpc8-${client}`,
        order: `wpo8-${client}-${n}`,
        amount: '100.00',
        currency: 'USD',
        ...(n === 1 ? { ref } : {}),
      })
    for (let c = 1; c <= 15; c++) {
      const r = await pay(c, 1, String(c).padStart(2, '0'))
      expect(r.commissions[0].amount).toBe('15.00')
    }
    expect((await pay(16, 1, '20')).commissions[0].amount).toBe('25.00')
    expect((await pay(3, 2, '21')).commissions[0].amount).toBe('15.00')
    expect((await pay(16, 2, '22')).commissions[0].amount).toBe('25.00')
  })

  it('9. chetup: a 250 GEL cafe-sale order on the 1st -> 25.00 GEL pending, confirmed on the 11th; cancelled on the 5th -> removed', async () => {
    api.clock.set('2026-06-01T12:00:00Z')
    const { partner, codes } = await enrol('chetup', { country: 'GE' })
    const cafe = codes.find((c) => c.campaign === 'cafe-sale')!.code
    const sale = (id: string, order: string) =>
      post('chetup', {
        id,
        type: 'payment',
        occurredAt: '2026-06-01T10:00:00+04:00',
        customer: `cc9-${order}`,
        ref: cafe,
        campaign: 'cafe-sale',
        order,
        amount: '250.00',
        currency: 'GEL',
        country: 'GE',
      })
    const kept = await sale('c9-a', 'co9-a')
    expect(kept.commissions).toEqual([
      expect.objectContaining({
        amount: '25.00',
        currency: 'GEL',
        status: 'pending',
        availableFrom: '2026-06-10T20:00:00.000Z',
      }),
    ])
    await sale('c9-b', 'co9-b')
    api.clock.set('2026-06-05T12:00:00Z')
    const cancelled = await post('chetup', {
      id: 'c9-b-x',
      type: 'cancellation',
      occurredAt: '2026-06-05T10:00:00+04:00',
      customer: 'cc9-co9-b',
      order: 'co9-b',
    })
    expect(cancelled.reversals).toEqual([expect.objectContaining({ amount: '-25.00', reason: 'cancellation' })])
    expect(await balance(partner, 'chetup', 'GEL')).toMatchObject({ pending: '25.00', available: '0.00' })
    api.clock.set('2026-06-11T00:00:00+04:00')
    expect(await balance(partner, 'chetup', 'GEL')).toMatchObject({
      pending: '0.00',
      available: '25.00',
      reversed: '25.00',
    })
  })

  it('9b. chetup: a cancellation after 7 days does not remove the commission', async () => {
    api.clock.set('2026-06-20T12:00:00Z')
    const { partner, codes } = await enrol('chetup', { country: 'GE' })
    const cafe = codes.find((c) => c.campaign === 'cafe-sale')!.code
    await post('chetup', {
      id: 'c9c-a',
      type: 'payment',
      occurredAt: '2026-06-10T10:00:00+04:00',
      customer: 'cc9c',
      ref: cafe,
      campaign: 'cafe-sale',
      order: 'co9c',
      amount: '250.00',
      currency: 'GEL',
      country: 'GE',
    })
    const late = await post('chetup', {
      id: 'c9c-x',
      type: 'cancellation',
      occurredAt: '2026-06-18T10:00:00+04:00',
      customer: 'cc9c',
      order: 'co9c',
    })
    expect(late.reversals).toEqual([])
    expect(late.notes).toContain('cancellation_window_passed')
    expect(await balance(partner, 'chetup', 'GEL')).toMatchObject({ available: '25.00' })
  })

  it('10. chetup: two app-lead actions from one IP -> the first counts, the second does not; a non-GE lead is held', async () => {
    api.clock.set('2026-07-01T12:00:00Z')
    const { partner, codes } = await enrol('chetup', { country: 'GE' })
    const lead = codes.find((c) => c.campaign === 'app-lead')!.code
    const send = (id: string, customer: string, ip: string, country: string) =>
      post('chetup', {
        id,
        type: 'lead',
        occurredAt: '2026-07-01T10:00:00+04:00',
        customer,
        ref: lead,
        campaign: 'app-lead',
        ip,
        country,
      })
    expect((await send('c10-1', 'cc10-1', '192.0.2.10', 'GE')).commissions).toEqual([
      expect.objectContaining({ amount: '2.00', status: 'pending' }),
    ])
    expect((await send('c10-2', 'cc10-2', '192.0.2.10', 'GE')).commissions).toEqual([
      expect.objectContaining({ amount: '2.00', status: 'rejected', reason: 'repeat_ip' }),
    ])
    expect((await send('c10-3', 'cc10-3', '192.0.2.11', 'TR')).commissions).toEqual([
      expect.objectContaining({ amount: '2.00', status: 'held', reason: 'foreign_country', availableFrom: null }),
    ])
    expect(await balance(partner, 'chetup', 'GEL')).toMatchObject({ pending: '2.00', held: '2.00', available: '0.00' })
  })

  const melbet = async (registeredAt: string) => {
    const p = await enrol('melbet', { registeredAt })
    const ref = p.codes[0]!.code
    let n = 0
    const revenue = (occurredAt: string, amount: string, extra: Record<string, unknown> = {}) =>
      post('melbet', {
        id: `${p.partner}-r${++n}`,
        type: 'revenue',
        occurredAt,
        customer: `${p.partner}-player1`,
        order: `${p.partner}-o${n}`,
        amount,
        currency: 'USD',
        ...extra,
      })
    await post('melbet', {
      id: `${p.partner}-signup`,
      type: 'signup',
      occurredAt: registeredAt,
      customer: `${p.partner}-player1`,
      ref,
    })
    // a new user (seed 003): signed up through the link and made a first deposit; only then does revenue earn
    await post('melbet', {
      id: `${p.partner}-deposit`,
      type: 'first_deposit',
      occurredAt: registeredAt,
      customer: `${p.partner}-player1`,
      amount: '10.00',
      currency: 'USD',
    })
    // the partner melbet's batch pays (seed 003, 8.1 and the players rule): four more new users and agreed details
    for (let i = 2; i <= 5; i++) {
      const customer = `${p.partner}-player${i}`
      await post('melbet', { id: `${customer}-signup`, type: 'signup', occurredAt: registeredAt, customer, ref })
      await post('melbet', {
        id: `${customer}-deposit`,
        type: 'first_deposit',
        occurredAt: registeredAt,
        customer,
        amount: '10.00',
        currency: 'USD',
      })
    }
    await api.operator('POST', `/v1/partners/${p.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    await api.operator('POST', `/v1/partners/${p.partner}/payout-settings`, { program: 'melbet', detailsAgreed: true })
    return { ...p, revenue }
  }

  /** A melbet Tuesday: the clock at `at` and its batch run, as the pay-day job does at 06:00. */
  const payDay = async (at: string) => {
    api.clock.set(at)
    expect((await api.service.core.batches.runPayDay('melbet')).outcome).toBe('built')
  }

  it('12. melbet: registered 10 Jan, +$400 in the week of 2-8 Mar -> $80 (20%), payable Tue 10 Mar; the same week in May -> 15%', async () => {
    api.clock.set('2026-03-09T09:00:00Z')
    const m = await melbet('2026-01-10T12:00:00Z')
    const march = await m.revenue('2026-03-05T12:00:00Z', '400.00')
    expect(march.commissions).toEqual([
      expect.objectContaining({ amount: '80.00', status: 'available', availableFrom: '2026-03-09T00:00:00.000Z' }),
    ])
    expect(await balance(m.partner, 'melbet')).toMatchObject({
      available: '80.00',
      nextPayoutAt: '2026-03-10T00:00:00.000Z',
    })
    api.clock.set('2026-05-11T09:00:00Z')
    const may = await m.revenue('2026-05-05T12:00:00Z', '400.00')
    expect(may.commissions).toEqual([expect.objectContaining({ amount: '60.00' })])
  })

  it('13. melbet: -$200 -> -$40 carried over; +$300 -> $60 - $40 = $20, rolls over; +$100 -> $40 payable', async () => {
    api.clock.set('2026-03-01T09:00:00Z')
    const m = await melbet('2026-02-01T12:00:00Z') // within the first 3 months: 20%
    api.clock.set('2026-03-08T20:00:00Z')
    expect((await m.revenue('2026-03-04T12:00:00Z', '-200.00')).commissions[0].amount).toBe('-40.00')
    await payDay('2026-03-10T09:00:00Z') // Tuesday payout of week 1: nothing to pay
    expect(await balance(m.partner, 'melbet')).toMatchObject({ available: '-40.00', carriedOver: '-40.00' })
    api.clock.set('2026-03-15T20:00:00Z')
    expect((await m.revenue('2026-03-11T12:00:00Z', '300.00')).commissions[0].amount).toBe('60.00')
    await payDay('2026-03-17T09:00:00Z') // week 2 paid on Tuesday 17: $20 < $30, rolls over
    expect(await balance(m.partner, 'melbet')).toMatchObject({ available: '20.00', carriedOver: '20.00' })
    api.clock.set('2026-03-22T20:00:00Z')
    expect((await m.revenue('2026-03-18T12:00:00Z', '100.00')).commissions[0].amount).toBe('20.00')
    api.clock.set('2026-03-24T03:00:00Z') // Tuesday, before its batch (06:00): $20 still carried over
    expect(await balance(m.partner, 'melbet')).toMatchObject({
      available: '40.00',
      carriedOver: '20.00',
      nextPayoutAt: '2026-03-24T00:00:00.000Z',
    })
    await payDay('2026-03-24T06:00:00Z') // week 3: $20 + $20 = $40 -> paid
    const payouts = await operator('GET', `/v1/partners/${m.partner}/payouts?program=melbet`)
    expect(payouts.body.payouts).toEqual([expect.objectContaining({ gross: '40.00', status: 'approved' })])
    expect(await balance(m.partner, 'melbet')).toMatchObject({ available: '0.00', carriedOver: '0.00' })
  })

  it('13b. melbet in two currencies: each carries over its own balance (EUR +$20, USD -$40)', async () => {
    api.clock.set('2026-03-01T09:00:00Z')
    const m = await melbet('2026-02-01T12:00:00Z') // 20%
    api.clock.set('2026-03-08T20:00:00Z')
    expect((await m.revenue('2026-03-04T12:00:00Z', '100.00', { currency: 'EUR' })).commissions[0].amount).toBe('20.00')
    expect((await m.revenue('2026-03-04T13:00:00Z', '-200.00')).commissions[0].amount).toBe('-40.00')
    await payDay('2026-03-10T09:00:00Z') // Tuesday: EUR 20 under the minimum of 30, USD negative: both roll over
    expect(await balance(m.partner, 'melbet', 'EUR')).toMatchObject({ available: '20.00', carriedOver: '20.00' })
    expect(await balance(m.partner, 'melbet', 'USD')).toMatchObject({ available: '-40.00', carriedOver: '-40.00' })
  })

  it('14. melbet: unsettled revenue stays held until it is settled', async () => {
    api.clock.set('2026-03-05T13:00:00Z')
    const m = await melbet('2026-01-10T12:00:00Z')
    const held = await m.revenue('2026-03-05T12:00:00Z', '100.00', { settled: false, order: 'm14-bet' })
    expect(held.commissions).toEqual([
      expect.objectContaining({ amount: '20.00', status: 'held', reason: 'unsettled' }),
    ])
    expect(await balance(m.partner, 'melbet')).toMatchObject({ held: '20.00', available: '0.00' })
    api.clock.set('2026-03-07T13:00:00Z')
    const settled = await m.revenue('2026-03-07T12:00:00Z', '150.00', { settled: true, order: 'm14-bet' })
    expect(settled.commissions).toEqual([
      expect.objectContaining({ id: held.commissions[0].id, amount: '30.00', status: 'available' }),
    ])
    api.clock.set('2026-03-09T13:00:00Z')
    expect(await balance(m.partner, 'melbet')).toMatchObject({ held: '0.00', available: '30.00' })
  })
})
