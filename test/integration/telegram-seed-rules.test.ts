import { beforeAll, describe, expect, it } from 'vitest'
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

  it('item 3. melbet in Latvian: with exactly 30.00 USD, /payout says the balance must exceed ("pārsniedz") 30.00 USD', async () => {
    const chat = 7301
    telegram.languages.set(chat, 'lv')
    const r = await api.enrol('melbet', {
      name: 'Laura',
      language: 'lv',
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
})
