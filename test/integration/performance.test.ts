import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * Issue 17 items 1 and 2: sub-ids and deep links on referral links, unique clicks per visitor and day, and the
 * partner's performance report (GET /v1/partners/{id}/performance, contract section 7) against hand-computed
 * numbers, in the program's time zone, never showing one partner another's data.
 */
describe('partner performance: clicks to sales', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-09T19:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const click = async (path: string, ip: string, cookie?: string) => {
    const r = await api.get(path, {
      'x-forwarded-for': ip,
      'user-agent': 'Mozilla/5.0 (test)',
      ...(cookie ? { cookie } : {}),
    })
    expect(r.status).toBe(302)
    // answered before it is written: the reports and reads below see it once this process's buffer is written
    await api.service.core.earnings.clicks.flush()
    return { location: new URL(r.headers.get('location')!), setCookie: r.headers.get('set-cookie') }
  }
  const report = (partner: string, query: Record<string, string>) =>
    api.operator('GET', `/v1/partners/${partner}/performance?${new URLSearchParams(query)}`)

  let tbilisi: { partner: string; code: string }
  let quantower: { partner: string; code: string }

  it('Asia/Tbilisi: a click at 23:30 UTC counts on the next local day; a visitor is unique once a day, by cookie', async () => {
    const b = await api.enrolled('chetup', {
      name: 'Tbilisi',
      language: 'ka',
      legalType: 'individual',
      country: 'GE',
      campaigns: ['cafe-sale'],
    })
    tbilisi = { partner: b.partner, code: b.codes.find((c: { campaign?: string }) => c.campaign === 'cafe-sale')!.code }
    const link = `/r/${tbilisi.code}`
    // 19:00 UTC = 23:00 in Tbilisi, 9 March
    const first = await click(link, '203.0.113.1')
    expect(first.setCookie).toMatch(
      /^pa_v=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/r; Expires=.+; HttpOnly; SameSite=Lax$/,
    )
    const cookie = first.setCookie!.split(';')[0]!
    // 23:30 UTC = 03:30 on 10 March in Tbilisi: the same visitor's first click of that day
    api.clock.set('2026-03-09T23:30:00Z')
    const again = await click(link, '198.51.100.9', cookie)
    expect(again.setCookie).toBeNull() // the cookie is kept, not replaced
    // the same visitor (by cookie, from another address) later that day: a click, not a unique one
    api.clock.set('2026-03-09T23:40:00Z')
    await click(link, '192.0.2.200', cookie)
    // another visitor, with a sub-id
    api.clock.set('2026-03-09T23:44:00Z')
    const other = await click(`${link}?sub1=promo.x`, '203.0.113.2')
    // its sale, 23:45 UTC: 10 March in Tbilisi, 10% of 50.00 GEL
    api.clock.set('2026-03-09T23:46:00Z')
    await api.recorded('chetup', {
      id: 'tb-sale-1',
      type: 'payment',
      occurredAt: '2026-03-09T23:45:00Z',
      customer: 'tb-cust-1',
      ref: tbilisi.code,
      campaign: 'cafe-sale',
      order: 'ORDER-778812',
      amount: '50.00',
      currency: 'GEL',
      country: 'GE',
      click: other.location.searchParams.get('click'),
    })

    const byDay = await report(tbilisi.partner, { program: 'chetup', from: '2026-03-09', to: '2026-03-10' })
    expect(byDay.status, JSON.stringify(byDay.body)).toBe(200)
    expect(byDay.body).toMatchObject({ program: 'chetup', timeZone: 'Asia/Tbilisi', by: 'day' })
    const zero = { signups: 0, firstPayments: 0, commissions: [] }
    expect(byDay.body.rows).toEqual([
      { key: '2026-03-09', clicks: 1, uniqueClicks: 1, ...zero, signupRate: '0.00', firstPaymentRate: null },
      {
        key: '2026-03-10',
        clicks: 3,
        uniqueClicks: 2,
        signups: 1,
        firstPayments: 1,
        signupRate: '50.00',
        firstPaymentRate: '100.00',
        commissions: [{ amount: '5.00', currency: 'GEL' }],
      },
    ])
    expect(byDay.body.totals).toEqual({
      clicks: 4,
      uniqueClicks: 3,
      signups: 1,
      firstPayments: 1,
      signupRate: '33.33',
      firstPaymentRate: '100.00',
      commissions: [{ amount: '5.00', currency: 'GEL' }],
    })
    // in UTC all four clicks were on 9 March: the 10th alone shows the time zone decides
    const tenth = await report(tbilisi.partner, { program: 'chetup', from: '2026-03-10', to: '2026-03-10' })
    expect(tenth.body.totals).toMatchObject({ clicks: 3, uniqueClicks: 2, signups: 1 })

    const bySub = await report(tbilisi.partner, { program: 'chetup', from: '2026-03-01', to: '2026-03-10', by: 'sub1' })
    expect(bySub.body.rows.map((r: { key: string | null; clicks: number }) => [r.key, r.clicks])).toEqual([
      ['promo.x', 1],
      [null, 3],
    ])
    expect(bySub.body.rows[0].commissions).toEqual([{ amount: '5.00', currency: 'GEL' }])
    const byWeek = await report(tbilisi.partner, {
      program: 'chetup',
      from: '2026-03-01',
      to: '2026-03-10',
      by: 'week',
    })
    expect(byWeek.body.rows.map((r: { key: string; clicks: number }) => [r.key, r.clicks])).toEqual([['2026-W11', 4]])
    const byCampaign = await report(tbilisi.partner, { program: 'chetup', by: 'campaign', from: '2026-03-09' })
    expect(byCampaign.body.rows).toMatchObject([{ key: 'cafe-sale', clicks: 4, signups: 1 }])
    // the commission line: masked ids, its link, campaign and sub-ids, at its time
    expect(byDay.body.lines).toEqual([
      {
        id: expect.any(String),
        occurredAt: '2026-03-09T23:45:00.000Z',
        status: 'pending',
        rule: expect.any(String),
        amount: { amount: '5.00', currency: 'GEL' },
        reversed: null,
        net: { amount: '5.00', currency: 'GEL' },
        reason: null,
        customer: '•••st-1',
        order: '•••8812',
        link: tbilisi.code,
        campaign: 'cafe-sale',
        subIds: { sub1: 'promo.x' },
      },
    ])
    expect(JSON.stringify(byDay.body)).not.toContain('tb-cust-1')
    expect(JSON.stringify(byDay.body)).not.toContain('ORDER-778812')
  })

  it('sub-ids are kept with the click and carried to the customer, its later events and their commissions; a deep link lands on the allowed path', async () => {
    api.clock.set('2026-03-10T10:00:00Z')
    const a = await api.enrolled('quantower', { name: 'Subs', language: 'en', legalType: 'individual' })
    quantower = { partner: a.partner, code: a.codes[0]!.code }
    const tail = `sub1=spring-sale&sub2=tg.channel_7&sub3=not%20allowed&sub4=~ok~&sub5=${'x'.repeat(101)}`
    const { location } = await click(`/r/${quantower.code}?to=/pricing%3Fplan%3Dpro&${tail}`, '203.0.113.50')
    expect(location.origin + location.pathname).toBe('https://www.quantower.com/pricing')
    expect(location.searchParams.get('plan')).toBe('pro')
    expect(location.searchParams.get('ref')).toBe(quantower.code)
    const clickId = location.searchParams.get('click')!
    const stored = await api.service.db.prisma.click.findUniqueOrThrow({ where: { id: clickId } })
    expect([stored.sub1, stored.sub2, stored.sub3, stored.sub4, stored.sub5]).toEqual([
      'spring-sale',
      'tg.channel_7',
      null,
      '~ok~',
      null,
    ])
    expect(stored.firstOfDay).toBe(true)
    expect(stored.visitor).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // a deep link to another host, or protocol-relative, lands on the landing page itself
    for (const to of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const r = await click(`/r/${quantower.code}?to=${encodeURIComponent(to)}`, '203.0.113.51')
      expect(r.location.origin + r.location.pathname, to).toBe('https://www.quantower.com/')
    }

    api.clock.set('2026-03-10T10:05:00Z')
    await api.recorded('quantower', {
      id: 'q-signup-1',
      type: 'signup',
      occurredAt: '2026-03-10T10:04:00Z',
      customer: 'q-customer-1',
      ref: quantower.code,
      click: clickId,
    })
    // the payment names no click: it carries the customer's sub-ids
    const paid = await api.recorded('quantower', {
      id: 'q-pay-1',
      type: 'payment',
      occurredAt: '2026-03-10T10:04:30Z',
      customer: 'q-customer-1',
      order: 'q-order-1',
      amount: '600.00',
      currency: 'USD',
    })
    const commissionId = paid.commissions[0].id
    const events = await api.service.db.prisma.event.findMany({
      where: { externalId: { in: ['q-signup-1', 'q-pay-1'] } },
      select: { sub1: true, sub2: true, sub4: true },
    })
    expect(events).toEqual([
      { sub1: 'spring-sale', sub2: 'tg.channel_7', sub4: '~ok~' },
      { sub1: 'spring-sale', sub2: 'tg.channel_7', sub4: '~ok~' },
    ])
    const r = await report(quantower.partner, {
      program: 'quantower',
      from: '2026-03-10',
      to: '2026-03-10',
      by: 'sub2',
    })
    expect(r.body.rows).toEqual([
      {
        key: 'tg.channel_7',
        clicks: 1,
        uniqueClicks: 1,
        signups: 1,
        firstPayments: 1,
        signupRate: '100.00',
        firstPaymentRate: '100.00',
        commissions: [{ amount: '120.00', currency: 'USD' }],
      },
      expect.objectContaining({ key: null, clicks: 3, uniqueClicks: 1, signups: 0 }),
    ])
    expect(r.body.lines).toMatchObject([
      { id: commissionId, subIds: { sub1: 'spring-sale', sub2: 'tg.channel_7', sub4: '~ok~' }, link: quantower.code },
    ])
    // a refund takes the commission back: the report's commissions are net of it, on the sale's day
    api.clock.set('2026-03-11T08:00:00Z')
    await api.recorded('quantower', {
      id: 'q-refund-1',
      type: 'refund',
      occurredAt: '2026-03-11T07:59:00Z',
      customer: 'q-customer-1',
      order: 'q-order-1',
      amount: '100.00',
      currency: 'USD',
    })
    const net = await report(quantower.partner, {
      program: 'quantower',
      from: '2026-03-10',
      to: '2026-03-11',
      by: 'link',
    })
    expect(net.body.rows).toMatchObject([
      { key: quantower.code, clicks: 4, firstPayments: 1, commissions: [{ amount: '100.00', currency: 'USD' }] },
    ])
    // and its line keeps its amount, says what was taken back and why, and nets what the report's commissions count
    expect(net.body.lines).toMatchObject([
      {
        id: commissionId,
        status: 'available',
        amount: { amount: '120.00', currency: 'USD' },
        reversed: { amount: '20.00', currency: 'USD' },
        net: { amount: '100.00', currency: 'USD' },
        reason: 'refund',
      },
    ])
    expect(net.body.lines.map((l: { net: { amount: string } }) => l.net.amount)).toEqual(
      net.body.totals.commissions.map((c: { amount: string }) => c.amount),
    )
  })

  it('lists payouts with status, method, net and reference, and pages commission lines', async () => {
    const payout = await api.requestPayout(
      quantower.partner,
      { program: 'quantower', currency: 'USD', method: 'paypal', amount: '60.00', details: { email: 'p@example.com' } },
      'perf-payout-1',
    )
    expect(payout.status, JSON.stringify(payout.body)).toBe(201)
    const id = payout.body.payout?.id ?? payout.body.id
    await api.operator('POST', `/v1/payouts/${id}/approve`, {})
    const paid = await api.operator('POST', `/v1/payouts/${id}/paid`, { reference: 'BANK-REF-42' })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    const r = await report(quantower.partner, { program: 'quantower', from: '2026-03-10', to: '2026-03-11' })
    expect(r.body.payouts).toEqual([
      {
        id,
        requestedAt: '2026-03-11T08:00:00.000Z',
        status: 'paid',
        method: 'paypal',
        gross: { amount: '60.00', currency: 'USD' },
        net: { amount: '60.00', currency: 'USD' },
        reference: 'BANK-REF-42',
        paidAt: '2026-03-11T08:00:00.000Z',
      },
    ])
    // two more sales: three lines, a page of two and the rest
    for (const n of [2, 3]) {
      await api.recorded('quantower', {
        id: `q-pay-${n}`,
        type: 'payment',
        occurredAt: `2026-03-11T07:5${n}:00Z`,
        customer: 'q-customer-1',
        order: `q-order-${n}`,
        amount: '10.00',
        currency: 'USD',
      })
    }
    const page1 = await report(quantower.partner, {
      program: 'quantower',
      from: '2026-03-10',
      to: '2026-03-11',
      limit: '2',
    })
    expect(page1.body.lines.map((l: { occurredAt: string }) => l.occurredAt)).toEqual([
      '2026-03-11T07:53:00.000Z',
      '2026-03-11T07:52:00.000Z',
    ])
    const page2 = await report(quantower.partner, {
      program: 'quantower',
      from: '2026-03-10',
      to: '2026-03-11',
      limit: '2',
      cursor: page1.body.nextCursor,
    })
    expect(page2.body.lines.map((l: { occurredAt: string }) => l.occurredAt)).toEqual(['2026-03-10T10:04:30.000Z'])
    expect(page2.body.nextCursor).toBeNull()
    // first payments count once per customer
    expect(page2.body.totals.firstPayments).toBe(1)
  })

  it('each line says what was taken back of it and why; the lines net to the commissions, a penalty included', async () => {
    // jqsee pays 10% at once and charges a penalty of the commission's amount for a substandard action
    const { partner, codes } = await api.enrolled('jqsee', { name: 'Netting', language: 'en', legalType: 'individual' })
    const pay = async (n: number, amount: string, minutesAgo: number) => {
      const r = await api.recorded('jqsee', {
        id: `net-pay-${n}`,
        type: 'payment',
        occurredAt: new Date(api.clock.now().getTime() - minutesAgo * 60_000).toISOString(),
        customer: `net-customer-${n}`,
        ref: codes[0]!.code,
        order: `net-order-${n}`,
        amount,
        currency: 'USD',
      })
      return r.commissions[0].id as string
    }
    const review = async (commission: string, body: Record<string, unknown>) =>
      expect((await api.operator('POST', `/v1/commissions/${commission}/review`, body)).status).toBe(200)
    const substandard = await pay(1, '120.00', 50)
    const voided = await pay(2, '120.00', 40)
    const rejected = await pay(3, '120.00', 30)
    const kept = await pay(4, '250.00', 20)
    await review(substandard, { action: 'substandard', reason: 'bot_traffic' })
    await review(voided, { action: 'void', reason: 'fraud' })
    await review(rejected, { action: 'hold', reason: 'traffic_check' })
    await review(rejected, { action: 'reject', reason: 'fraud' })
    const r = await report(partner, { program: 'jqsee' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const usd = (amount: string) => ({ amount, currency: 'USD' })
    const byId = new Map(r.body.lines.map((l: { id: string }) => [l.id, l]))
    // taken back, and its penalty of the same amount charged: the line nets -12.00
    expect(byId.get(substandard)).toMatchObject({
      status: 'reversed',
      amount: usd('12.00'),
      reversed: usd('24.00'),
      net: usd('-12.00'),
      reason: 'substandard',
    })
    expect(byId.get(voided)).toMatchObject({
      status: 'reversed',
      reversed: usd('12.00'),
      net: usd('0.00'),
      reason: 'void',
    })
    expect(byId.get(rejected)).toMatchObject({
      status: 'rejected',
      reversed: usd('12.00'),
      net: usd('0.00'),
      reason: 'reject',
    })
    expect(byId.get(kept)).toMatchObject({ status: 'available', reversed: null, net: usd('25.00'), reason: null })
    // -12.00 + 0.00 + 0.00 + 25.00: what the report's commissions say too
    expect(r.body.totals.commissions).toEqual([usd('13.00')])
  })

  it("partner A never sees partner B's data, through any parameter", async () => {
    const q = { program: 'quantower', from: '2026-03-01', to: '2026-03-11' }
    // B is not in quantower, A not in chetup
    expect((await report(tbilisi.partner, q)).status).toBe(404)
    expect((await report(quantower.partner, { ...q, program: 'chetup' })).status).toBe(404)
    // another quantower partner sees nothing of A's, by any key, with A's cursor too
    const c = await api.enrolled('quantower', { name: 'Other', language: 'en', legalType: 'individual' })
    const aPage = await report(quantower.partner, { ...q, limit: '1' })
    expect(aPage.body.nextCursor).toEqual(expect.any(String))
    for (const by of ['day', 'week', 'month', 'link', 'campaign', 'sub1', 'sub2', 'sub3', 'sub4', 'sub5']) {
      const r = await report(c.partner, { ...q, by, cursor: aPage.body.nextCursor })
      expect(r.status, by).toBe(200)
      expect(r.body.rows, by).toEqual([])
      expect(r.body.lines, by).toEqual([])
      expect(r.body.payouts, by).toEqual([])
      expect(r.body.totals, by).toMatchObject({ clicks: 0, signups: 0, commissions: [] })
    }
    // unknown or malformed partners, bad parameters: refused, nothing shown
    expect((await report('00000000-0000-4000-8000-000000000000', q)).status).toBe(404)
    expect((await report('not-a-uuid', q)).status).toBe(404)
    for (const bad of [
      { ...q, by: 'partner' },
      { ...q, from: '2026-03-12' },
      { ...q, from: '2024-01-01' },
      { ...q, from: '2026-02-30' },
      { ...q, cursor: 'xyz' },
      { ...q, limit: '0' },
      { ...q, partner: tbilisi.partner },
      { from: '2026-03-01' },
    ]) {
      const r = await report(quantower.partner, bad as Record<string, string>)
      expect(r.status, JSON.stringify(bad)).toBe(400)
      expect(r.body.error.code, JSON.stringify(bad)).toBe('performance.invalid')
    }
    // without the admin token: 401
    const anon = await fetch(`${api.base}/v1/partners/${quantower.partner}/performance?program=quantower`)
    expect(anon.status).toBe(401)
  })
})
