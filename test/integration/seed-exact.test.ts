import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/** Issue 15: seed rules the audit found simplified, each held to its seed's words end to end through the API. */
const HOME = 'https://partners.example.com/'

describe('seed rules, exactly', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z', { HOME_URL: HOME })
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const post = (program: string, event: Record<string, unknown>) => api.recorded(program, event)
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)

  /** A melbet partner with five qualified players and agreed bank details, earning 20% of `revenue`. */
  const melbet = async (revenue: string) => {
    api.clock.set('2026-03-02T08:00:00Z')
    const p = await api.enrolled('melbet', {
      name: `Melbet ${++seq}`,
      language: 'en',
      legalType: 'individual',
      registeredAt: '2026-01-10T12:00:00Z',
    })
    for (let i = 1; i <= 5; i++) {
      const customer = `${p.partner}-pl${i}`
      const at = '2026-01-10T12:00:00Z'
      await post('melbet', { id: `${customer}-s`, type: 'signup', occurredAt: at, customer, ref: p.codes[0]!.code })
      const deposit = { id: `${customer}-d`, type: 'first_deposit', occurredAt: at, customer }
      await post('melbet', { ...deposit, amount: '10.00', currency: 'USD' })
    }
    await op('POST', `/v1/partners/${p.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    await op('POST', `/v1/partners/${p.partner}/payout-settings`, { program: 'melbet', detailsAgreed: true })
    api.clock.set('2026-03-09T01:00:00Z')
    await post('melbet', {
      id: `${p.partner}-r`,
      type: 'revenue',
      occurredAt: '2026-03-05T12:00:00Z',
      customer: `${p.partner}-pl1`,
      order: `${p.partner}-o`,
      amount: revenue,
      currency: 'USD',
    })
    return p.partner
  }
  const payouts = async (partner: string) =>
    (await op('GET', `/v1/partners/${partner}/payouts?program=melbet`)).body.payouts as unknown[]

  it('item 3. melbet pays only when "nopelnītie līdzekļi pārsniedz minimālo maksājuma summu — 30 $": exactly $30.00 rolls over, $30.01 is paid', async () => {
    // programs.md words it "a $30 minimum"; seed 8.1 says the earnings must exceed it, and the seed wins
    const exactly = await melbet('150.00')
    const above = await melbet('150.05')
    const refused = await api.requestPayout(exactly, { program: 'melbet', method: 'bank' }, `k-${++seq}`)
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'payout.not_above_minimum' })
    expect(refused.body.error.message).toContain('exceeds')
    const st = await api.statement(exactly, { program: 'melbet' })
    expect(balanceOf(st.body, 'melbet', 'USD')).toMatchObject({ available: '30.00' })

    api.clock.set('2026-03-10T04:00:00Z') // the Tuesday pay day
    const run = await api.service.core.batches.runPayDay('melbet')
    expect(run).toMatchObject({ outcome: 'built', day: '2026-03-10' })
    expect(await payouts(exactly)).toEqual([])
    expect(await payouts(above)).toEqual([expect.objectContaining({ gross: '30.01', status: 'approved' })])
  })

  it('item 3. melbet: a request for $30.01 (more than the minimum) is accepted', async () => {
    const above = await melbet('150.05')
    const r = await api.requestPayout(above, { program: 'melbet', method: 'bank' }, `k-${++seq}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.payout).toMatchObject({ gross: '30.01', status: 'requested' })
  })

  it('item 14. GET /r/{code}: "unknown or suspended codes go to the program\'s landing URL without attribution"; a code that names no program goes to HOME_URL', async () => {
    // contract section 2; a code carries no program of its own, so an unknown one can only go to the home page
    api.clock.set('2026-03-02T09:00:00Z')
    const p = await api.enrolled('quantower', { name: `Clicks ${++seq}`, language: 'en', legalType: 'individual' })
    const code = p.codes[0]!.code
    const suspended = await op('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'quantower',
      kind: 'suspend_codes',
      reason: 'ad_rules',
    })
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(201)
    const landing = await api.get(`/r/${code}`)
    expect(landing.status).toBe(302)
    expect(landing.headers.get('location')).toBe('https://www.quantower.com/')
    for (const unknown of ['nosuchcode99', '<script>']) {
      const r = await api.get(`/r/${encodeURIComponent(unknown)}`)
      expect(r.status).toBe(302)
      expect(r.headers.get('location')).toBe(HOME)
    }
    expect(await api.service.db.prisma.click.count({ where: { code: { code } } })).toBe(0)
  })
})
