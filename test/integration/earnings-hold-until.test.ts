import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'

/**
 * contract.md §6: "/earnings (balances, what is on hold and until when, a chart)"; programs.md, melbet: "The company
 * may hold payments up to 2 months". With the partner's payouts held until 21 July, /earnings says only "your payouts
 * are on hold" — no date and no reason — although the bot knows both and /payout says them («Ваши выплаты
 * приостановлены до 21 июля 2026 г. Причина: проверка ваших источников трафика.»). The partner who asks "where is my
 * money" with /earnings cannot tell how long it will be held.
 */
describe('/earnings of a partner whose payouts are held says until when', () => {
  const env = withTelegram('2026-06-01T09:00:00Z')

  it('ru: «… выплаты приостановлены до 21 июля 2026 г.» on /earnings, as on /payout', async () => {
    const { api, telegram } = env()
    const chat = 98_201
    telegram.languages.set(chat, 'ru')
    const p = await api.enrolled('melbet', {
      name: 'Ольга',
      language: 'ru',
      legalType: 'individual',
      registeredAt: '2026-01-10T12:00:00Z',
      telegramId: chat,
    })
    for (let i = 1; i <= 5; i++) {
      const customer = `${p.partner}-pl${i}`
      const at = '2026-05-20T10:00:00Z'
      await api.recorded('melbet', {
        id: `${customer}-s`,
        type: 'signup',
        occurredAt: at,
        customer,
        ref: p.codes[0]!.code,
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
    await api.operator('POST', `/v1/partners/${p.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    await api.operator('POST', `/v1/partners/${p.partner}/payout-settings`, { program: 'melbet', detailsAgreed: true })
    await api.recorded('melbet', {
      id: `${p.partner}-r1`,
      type: 'revenue',
      occurredAt: '2026-05-26T10:00:00Z',
      customer: `${p.partner}-pl1`,
      order: `${p.partner}-o1`,
      amount: '2000.00',
      currency: 'USD',
    })
    const held = await api.operator('POST', `/v1/partners/${p.partner}/payout-settings`, {
      program: 'melbet',
      hold: { until: '2026-07-21T09:00:00Z', reason: 'traffic_check' },
    })
    expect(held.status).toBe(200)

    // /payout says until when and why
    await telegram.sendText(chat, '/payout')
    expect(await telegram.nthText(chat, 1)).toContain('Ваши выплаты приостановлены до 21 июля 2026 г.')
    await telegram.sendText(chat, '/cancel')
    await telegram.nthText(chat, 2)

    // /earnings: the balance card (a photo with the chart)
    const before = telegram.calls.length
    await telegram.sendText(chat, '/earnings')
    const card = await telegram.waitForCall('sendPhoto', (c) => Number(c.payload.chat_id) === chat, 10_000, before)
    const text = String(card.payload.caption)
    expect(text).toContain('Доступно: 300,00 USD')
    expect(text).toContain('выплаты приостановлены до 21 июля 2026 г.')
  })
})
