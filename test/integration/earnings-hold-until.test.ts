import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

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
    const p = await melbetPartner(api, {
      name: 'Ольга',
      language: 'ru',
      registeredAt: '2026-01-10T12:00:00Z',
      telegramId: chat,
    })
    await p.revenue('2026-05-26T10:00:00Z', '2000.00')
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
