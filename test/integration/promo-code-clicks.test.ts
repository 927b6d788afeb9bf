import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * programs.md 1: jqsee's partners are found by promo codes alone, no referral links, and every partner page says so
 * (/stats, the Mini App and the Slack card show its funnel from the sign-ups: no clicks). The URL the operator API
 * gives a promo code still lands its visitor with the code (`ref`), but it is no referral link: nothing is counted as
 * a click, so the performance report (HTTP included) has no clicks that the pages would hide.
 */
describe('GET /r/{code} of a promo code (jqsee)', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-10T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('lands with the code, records no click and sets no visitor cookie; the report starts at the sign-ups', async () => {
    const p = await api.enrolled('jqsee', { name: 'Promo', language: 'en', legalType: 'individual' })
    const code = p.codes[0]!.code
    for (const [path, ip] of [
      [`/r/${code}`, '203.0.113.20'],
      [`/r/${code.toLowerCase()}?sub1=tg`, '203.0.113.21'],
      [`/r/${encodeURIComponent(code)}`, '203.0.113.22'],
    ] as const) {
      const r = await api.get(path, { 'x-forwarded-for': ip, 'user-agent': 'Mozilla/5.0 (test)' })
      expect(r.status, path).toBe(302)
      const landed = new URL(r.headers.get('location')!)
      expect(landed.origin + landed.pathname, path).toBe('https://jqsee.com/')
      expect(landed.searchParams.get('ref'), path).toBe(code)
      expect(landed.searchParams.get('click'), path).toBeNull()
      expect(r.headers.get('set-cookie'), path).toBeNull()
    }
    await api.service.core.earnings.clicks.flush()
    const codeRow = await api.service.db.prisma.referralCode.findFirstOrThrow({ where: { code } })
    expect(await api.service.db.prisma.click.count({ where: { codeId: codeRow.id } })).toBe(0)

    // a payment with the code: the funnel's first step
    await api.recorded('jqsee', {
      id: 'promo-pay-1',
      type: 'payment',
      occurredAt: '2026-03-10T08:59:00Z',
      customer: 'promo-customer-1',
      ref: code,
      order: 'promo-order-1',
      amount: '120.00',
      currency: 'USD',
    })
    const q = new URLSearchParams({ program: 'jqsee', from: '2026-03-10', to: '2026-03-10' })
    const report = await api.operator('GET', `/v1/partners/${p.partner}/performance?${q}`)
    expect(report.status, JSON.stringify(report.body)).toBe(200)
    expect(report.body.totals).toMatchObject({
      clicks: 0,
      uniqueClicks: 0,
      signups: 1,
      firstPayments: 1,
      commissions: [{ amount: '12.00', currency: 'USD' }],
    })
  })
})
