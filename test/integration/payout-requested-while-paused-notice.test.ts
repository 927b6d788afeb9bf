import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * Chetup's team pauses payouts ("the date may be postponed"; programs.md: a request made while payouts are paused is
 * accepted and paid when payouts resume). A payout request that reaches the service through the API while payouts
 * are paused is told to the partner in Telegram as "expected on 25 March", a date nobody can promise: the chat's own
 * confirmation and /earnings say instead that payouts are on hold and the money is paid on the first pay date after
 * they resume (payout.flow.paused; earnings: "no date is promised"). The pushed notice should say the same, not
 * promise the 25th.
 */
describe('a payout requested while the program has paused payouts', () => {
  const env = withTelegram('2026-03-02T10:00:00Z')

  for (const [language, chat, date, paused] of [
    ['kk', 62_001, '2026 ж. 25 наурыз', 'төлемдер уақытша тоқтатылды'],
    ['ka', 62_002, '25 მარტი, 2026', 'დროებით შეჩერებულია'],
    ['lv', 62_003, '2026. gada 25. marts', 'uz laiku aizturētas'],
    ['ru', 62_004, '25 марта 2026 г.', 'временно приостановлены'],
  ] as const) {
    it(`is not promised the next pay date without a word about the pause (${language})`, async () => {
      const { api, telegram } = env()
      api.clock.set('2026-03-02T10:00:00Z')
      const p = await api.enrolled('chetup', {
        name: `Paused ${language}`,
        language,
        legalType: 'company',
        telegramId: chat,
        campaigns: ['cafe-sale'],
      })
      await api.recorded('chetup', {
        id: `pz-${p.partner}`,
        type: 'payment',
        occurredAt: '2026-03-01T07:00:00Z',
        customer: `pz-${p.partner}`,
        ref: p.codes[0]!.code,
        campaign: 'cafe-sale',
        order: `pz-o-${p.partner}`,
        amount: '1500.00',
        currency: 'GEL',
        country: 'GE',
      })
      const d = await api.operator('POST', `/v1/partners/${p.partner}/payment-details`, {
        method: 'bank',
        details: { iban: 'GE29NB0000000101904917' },
      })
      expect(d.status, JSON.stringify(d.body)).toBe(201)
      // the commission is confirmed after 10 days; the team pauses payouts
      api.clock.set('2026-03-12T08:00:00Z')
      const pause = await api.operator('POST', '/v1/programs/chetup/payouts/pause', { reason: 'funds_check' })
      expect(pause.status, JSON.stringify(pause.body)).toBe(200)

      const r = await api.requestPayout(p.partner, { program: 'chetup', method: 'bank' }, `pz-${p.partner}`)
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.payout.status).toBe('requested')

      const notice = await waitFor(() => telegram.textsTo(chat).find((t) => t.startsWith('🧾')), 10_000)
      // either no date is promised, or the notice says payouts are on hold
      expect(!notice.includes(date) || notice.includes(paused), notice).toBe(true)
      // it says so, in the chat's own words
      expect(notice, notice).toContain(paused)
    })
  }
})
