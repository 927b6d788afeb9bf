import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { chetupEarner } from '../helpers/chetup-earner.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (An outside review's cases.) the date a partner is promised when their payout is approved must be a date that can still be
 * met: the pay day the batch actually pays on, not the one the request was first given.
 */
describe('the promised date follows a moved or paused pay day', () => {
  const env = withTelegram('2026-03-01T08:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 88100
  const earner = (language: string, at: string) => chetupEarner({ api, telegram }, { telegramId: ++tg, language, at })

  it('chetup: the 25th moved to the 27th after the request -> the approval notice promises the 27th', async () => {
    api.clock.set('2026-03-01T08:00:00Z')
    const p = await earner('en', '2026-03-01T07:00:00Z')
    api.clock.set('2026-03-12T08:00:00Z')
    const r = await api.requestPayout(p.partner, { program: 'chetup', method: 'bank' }, `rv-move-${p.partner}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const id = r.body.payout.id as string
    expect(await telegram.nthText(p.telegramId, 1)).toContain('March 25, 2026')
    const moved = await api.operator('POST', '/v1/programs/chetup/payout-dates', {
      scheduled: '2026-03-25',
      movedTo: '2026-03-27',
      reason: 'holiday',
    })
    expect(moved.body).toMatchObject({ nextPayDate: '2026-03-27' })
    await telegram.nthText(p.telegramId, 2) // the schedule notice
    api.clock.set('2026-03-25T03:00:00Z')
    expect((await api.service.core.batches.runPayDay('chetup')).outcome).toBe('not_a_pay_day')
    api.clock.set('2026-03-27T03:00:00Z')
    expect((await api.service.core.batches.runPayDay('chetup')).outcome).toBe('built')
    const approved = await telegram.nthText(p.telegramId, 3)
    expect(approved, 'the approval notice names the day it is paid (27 March), not the moved-away 25th').toContain(
      'March 27, 2026',
    )
    const payout = (await api.operator('GET', `/v1/payouts/${id}`)).body
    expect(payout.payout?.expectedAt ?? payout.expectedAt, 'the payout record still carries the moved-away date').toBe(
      '2026-03-26T20:00:00.000Z',
    )
  })

  it('chetup: paused over the pay day, resumed on 2 May -> the approval notice promises 2 May, not 25 April', async () => {
    api.clock.set('2026-04-01T08:00:00Z')
    const p = await earner('en', '2026-04-01T07:00:00Z')
    api.clock.set('2026-04-12T08:00:00Z')
    const r = await api.requestPayout(p.partner, { program: 'chetup', method: 'bank' }, `rv-pause-${p.partner}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    await telegram.nthText(p.telegramId, 1)
    await api.operator('POST', '/v1/programs/chetup/payouts/pause', { reason: 'bank_issue' })
    await telegram.nthText(p.telegramId, 2)
    api.clock.set('2026-04-25T03:00:00Z')
    expect((await api.service.core.batches.runPayDay('chetup')).outcome).toBe('paused')
    api.clock.set('2026-05-02T09:00:00Z')
    const resumed = await api.operator('POST', '/v1/programs/chetup/payouts/resume', { reason: 'resolved' })
    expect(resumed.body).toMatchObject({ paused: false, batch: { payouts: 1, status: 'closed' } })
    await telegram.nthText(p.telegramId, 3) // resumed notice
    const texts = async () => {
      await telegram.nthText(p.telegramId, 4)
      return telegram.textsTo(p.telegramId)
    }
    const approved = (await texts()).find((t) => t.startsWith('✅'))
    expect(approved, 'an approval notice is sent').toBeDefined()
    expect(approved, 'the approval notice on 2 May must not promise 25 April, already past').not.toContain(
      'April 25, 2026',
    )
    expect(approved).toContain('May 2, 2026')
  })
  it('jqsee: held on Monday, approved the next Monday -> the approval notice promises a date still to come', async () => {
    api.clock.set('2026-03-06T10:00:00Z') // Friday: due Tuesday 10 March
    const telegramId = ++tg
    telegram.languages.set(telegramId, 'en')
    const r = await api.enrol('jqsee', { name: 'P', language: 'en', legalType: 'individual', telegramId })
    expect(r.status).toBe(201)
    const partner = r.body.partner.id as string
    await api.postback('jqsee', {
      id: `rvj-${partner}`,
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: `rvj-${partner}`,
      ref: r.body.codes[0].code,
      order: `rvj-${partner}`,
      amount: '150.00',
      currency: 'USD',
    })
    const req = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'paypal', details: { email: 'partner@example.com' } },
      `rvj-${partner}`,
    )
    expect(req.status, JSON.stringify(req.body)).toBe(201)
    const id = req.body.payout.id as string
    expect(await telegram.nthText(telegramId, 1)).toContain('March 10, 2026')
    api.clock.set('2026-03-09T09:00:00Z')
    expect((await api.operator('POST', `/v1/payouts/${id}/hold`, { reason: 'traffic_check' })).status).toBe(200)
    await telegram.nthText(telegramId, 2)
    api.clock.set('2026-03-16T09:00:00Z')
    expect((await api.operator('POST', `/v1/payouts/${id}/approve`, {})).status).toBe(200)
    const approved = await telegram.nthText(telegramId, 3)
    expect(approved, 'approved on 16 March, the notice must not promise 10 March').not.toContain('March 10, 2026')
    // due 2 business days from the approval
    expect(approved).toContain('March 18, 2026')
  })
})
