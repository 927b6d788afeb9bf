import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { chetupEarner } from '../helpers/chetup-earner.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (An outside review's case.) a chetup partner whose agreement has ended still has money paid out (termination.unpaid:
 * paid_any_amount) and may be waiting for a payout on the 25th. When finance pauses payouts or moves the 25th,
 * every partner waiting must be told; the notices go only to enrolments that are `active`.
 */
describe('a partner whose agreement ended, waiting for a payout, hears of pay-day changes', () => {
  const env = withTelegram('2026-03-01T08:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 88300
  const earner = (language: string) =>
    chetupEarner({ api, telegram }, { telegramId: ++tg, language, at: '2026-03-01T07:00:00Z' })

  it('chetup: ended agreement, payout requested for the 25th; payouts paused and the 25th moved -> the partner is told both', async () => {
    api.clock.set('2026-03-01T08:00:00Z')
    const active = await earner('en')
    const ended = await earner('en')
    api.clock.set('2026-03-12T08:00:00Z')
    const r = await api.requestPayout(ended.partner, { program: 'chetup', method: 'bank' }, `re-${ended.partner}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const t = await api.operator('POST', `/v1/programs/chetup/partners/${ended.partner}/terminate`, {
      reason: 'convenience',
    })
    expect(t.status, JSON.stringify(t.body)).toBe(201)
    api.clock.set('2026-03-13T08:00:00Z')
    const payout = (await api.operator('GET', `/v1/payouts/${r.body.payout.id}`)).body.payout
    expect(payout.status, 'the request of the ended agreement still waits for the 25th').toBe('requested')
    await telegram.nthText(ended.telegramId, 2) // the request's notice and the ending's

    await api.operator('POST', '/v1/programs/chetup/payouts/pause', { reason: 'bank_issue' })
    const moved = await api.operator('POST', '/v1/programs/chetup/payout-dates', {
      scheduled: '2026-03-25',
      movedTo: '2026-03-30',
      reason: 'holiday',
    })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    // the active partner hears both
    await telegram.nthText(active.telegramId, 2)
    await new Promise((res) => setTimeout(res, 1500))
    const all = telegram.textsTo(ended.telegramId)
    expect(
      {
        toldOfPause: all.some((x) => x.includes('payouts are on hold')),
        toldOfMove: all.some((x) => x.includes('Now: March 30, 2026')),
      },
      `the partner waiting for ${payout.gross} GEL on the 25th must hear of the pause and of the move to 30 March ` +
        `as the active partner did (${JSON.stringify(telegram.textsTo(active.telegramId))}); got ${JSON.stringify(all)}`,
    ).toEqual({ toldOfPause: true, toldOfMove: true })
  })
})
