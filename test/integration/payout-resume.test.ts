import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (An outside review's case.) chetup pays on the 25th. Resuming paused payouts builds the batches of pay days missed while
 * paused, then "requests still waiting after them" in a batch of their own. A short pause on the 13th, resumed the
 * same day, missed no pay day, yet the resume batches every request made for the 25th, off the schedule.
 */
describe('a pause and resume mid-month', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-01T08:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('chetup: requested on 12 March for the 25th; paused and resumed on 13 March -> the request waits for the 25th', async () => {
    const p = await api.enrolled('chetup', {
      name: 'Resume',
      language: 'en',
      legalType: 'company',
      campaigns: ['cafe-sale'],
    })
    await api.recorded('chetup', {
      id: `rs-${p.partner}`,
      type: 'payment',
      occurredAt: '2026-03-01T07:00:00Z',
      customer: `rs-${p.partner}`,
      ref: p.codes[0]!.code,
      campaign: 'cafe-sale',
      order: `rs-o-${p.partner}`,
      amount: '1500.00',
      currency: 'GEL',
      country: 'GE',
    })
    api.clock.set('2026-03-12T08:00:00Z')
    const r = await api.requestPayout(
      p.partner,
      { program: 'chetup', method: 'bank', details: { iban: 'GE29NB0000000101904917' } },
      `rs-${p.partner}`,
    )
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.payout.expectedAt).toBe('2026-03-24T20:00:00.000Z')
    api.clock.set('2026-03-13T09:00:00Z')
    await api.operator('POST', '/v1/programs/chetup/payouts/pause', { reason: 'bank_issue' })
    api.clock.set('2026-03-13T09:10:00Z')
    const resumed = await api.operator('POST', '/v1/programs/chetup/payouts/resume', { reason: 'resolved' })
    const payout = (await api.operator('GET', `/v1/payouts/${r.body.payout.id}`)).body.payout
    expect(
      { status: payout.status, batch: payout.batch, resumeBatch: resumed.body.batch ?? null },
      'no pay day was missed: the request for the 25th is not paid in a batch built on 13 March',
    ).toMatchObject({ status: 'requested', batch: null, resumeBatch: null })
  })
})
