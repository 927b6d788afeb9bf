import { beforeAll, describe, expect, it, vi } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/** Issue 15's seed rules where a partner meets them: in the real grammY bot, against a real database. */
describe('telegram: seed rules', () => {
  const env = withTelegram('2026-03-02T08:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  /** A melbet partner with more than 4 players and exactly 30.00 USD available on 9 March. */
  async function melbetAtThirty(chat: number, language: string) {
    telegram.languages.set(chat, language)
    const r = await api.enrol('melbet', {
      name: 'Laura',
      language,
      legalType: 'individual',
      telegramId: chat,
      registeredAt: '2026-01-10T12:00:00Z',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const partner = r.body.partner.id as string
    for (let i = 1; i <= 5; i++) {
      const customer = `${partner}-pl${i}`
      const at = '2026-01-10T12:00:00Z'
      await api.recorded('melbet', {
        id: `${customer}-s`,
        type: 'signup',
        occurredAt: at,
        customer,
        ref: r.body.codes[0].code,
      })
      await api.recorded('melbet', {
        id: `${customer}-d`,
        type: 'first_deposit',
        occurredAt: at,
        customer,
        amount: '10.00',
        currency: 'USD',
      })
    }
    await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    await api.operator('POST', `/v1/partners/${partner}/payout-settings`, { program: 'melbet', detailsAgreed: true })
    api.clock.set('2026-03-09T01:00:00Z')
    await api.recorded('melbet', {
      id: `${partner}-r`,
      type: 'revenue',
      occurredAt: '2026-03-05T12:00:00Z',
      customer: `${partner}-pl1`,
      order: `${partner}-o`,
      amount: '150.00',
      currency: 'USD',
    })
    return partner
  }

  it('item 3. melbet in Latvian: with exactly 30.00 USD, /payout says the balance must exceed ("pārsniedz") 30.00 USD', async () => {
    const chat = 7301
    const partner = await melbetAtThirty(chat, 'lv')
    // eligibility is checked before anything is asked (issue 18 item 9): no currency, method or details question
    await telegram.sendText(chat, '/payout')
    const answer = await telegram.nthText(chat, 1)
    expect(answer.split('\n')[0]).toBe('Izmaksa pašlaik nav iespējama:')
    expect(answer).toContain(
      '• Izmaksa notiek tikai tad, ja jūsu pieejamais atlikums pārsniedz 30,00 USD; jums pašlaik ir 30,00 USD. Līdzekļi paliks jūsu konta atlikumā, līdz pārsniegs 30,00 USD.',
    )
    expect(telegram.lastKeyboard(chat)).toBeUndefined()
    expect((await api.operator('GET', `/v1/partners/${partner}/payouts`)).body.payouts).toEqual([])
  })

  it.each([
    ['lv', 'Izmaksa notiek tikai tad, ja konta atlikums pārsniedz 30,00 USD: trūkst 0,01 USD.'],
    ['en', '0.01 USD more is needed: payouts are made only when the balance exceeds 30.00 USD.'],
  ])(
    'item 3. melbet: /earnings names the 30.00 of the terms and the cent that is missing (%s)',
    async (language, line) => {
      const chat = language === 'lv' ? 7302 : 7303
      await melbetAtThirty(chat, language)
      await telegram.sendText(chat, '/earnings')
      // the summary: a chart's caption, or a message of its own
      const sent = (c: { method: string; payload: Record<string, unknown> }) =>
        ['sendPhoto', 'sendMessage'].includes(c.method) && Number(c.payload.chat_id) === chat
      const call = await vi.waitUntil(() => telegram.calls.find(sent), { timeout: 10_000 })
      const summary = String(call.payload.caption ?? call.payload.text)
      expect(summary).toContain(line)
      expect(summary).not.toContain('30.01')
      expect(summary).not.toContain('30,01')
    },
  )
})
