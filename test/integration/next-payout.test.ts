import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

const IBAN = 'GE29NB0000000101904917'

/**
 * The next payout a partner reads is the pay day's batch still to come (core/domain/payouts.ts periodOfPayDay): a batch
 * built when payouts resume pays the requests that waited and is its own, so a pay date moved to that same day still
 * builds its batch, and the statement says so, as the desk does.
 */
describe('the next payout: a batch built on resuming payouts is not the pay day’s', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T08:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('resumed on Friday 20 March with a request waiting, then the 25th moved to that day: the 20th is still to be paid', async () => {
    const core = api.service.core
    const p = await api.enrolled('chetup', {
      name: 'R',
      language: 'en',
      legalType: 'company',
      campaigns: ['cafe-sale'],
    })
    await api.recorded('chetup', {
      id: 'np-1',
      type: 'payment',
      occurredAt: '2026-03-02T07:00:00Z',
      customer: 'np-c1',
      ref: p.codes[0]!.code,
      campaign: 'cafe-sale',
      order: 'np-o1',
      amount: '1500.00',
      currency: 'GEL',
      country: 'GE',
    })
    api.clock.set('2026-03-12T08:00:00Z')
    await core.batches.setPaused({ programKey: 'chetup', paused: true, reason: 'audit', actor: 'slack:UFIN' })
    const r = await api.requestPayout(p.partner, { program: 'chetup', method: 'bank', details: { iban: IBAN } }, 'np')
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    api.clock.set('2026-03-20T08:00:00Z') // noon in Tbilisi
    const resumed = await core.batches.setPaused({
      programKey: 'chetup',
      paused: false,
      reason: 'resume',
      actor: 'slack:UFIN',
    })
    expect(resumed.batch).toBeDefined() // the waiting request's batch, paid today
    await core.batches.movePayDate({
      programKey: 'chetup',
      scheduled: '2026-03-25',
      movedTo: '2026-03-20',
      reason: 'early',
      actor: 'slack:UADMIN',
    })
    expect((await core.batches.schedule('chetup')).nextPayDate).toBe('2026-03-20')
    const st = await api.statement(p.partner, { program: 'chetup' })
    expect(balanceOf(st.body, 'chetup', 'GEL')).toMatchObject({ nextPayoutAt: '2026-03-19T20:00:00.000Z' })
    // and the pay day's batch is indeed still to be built: running it builds one more
    const batches = () => api.service.db.prisma.payoutBatch.count({ where: { programKey: 'chetup' } })
    const before = await batches()
    await core.batches.runNow({ programKey: 'chetup', actor: 'slack:UFIN' })
    expect(await batches()).toBe(before + 1)
    const after = await api.statement(p.partner, { program: 'chetup' })
    expect(balanceOf(after.body, 'chetup', 'GEL')).toMatchObject({ nextPayoutAt: '2026-04-24T20:00:00.000Z' })
  })
})
