import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/** Every payout state change reaches the partner in Telegram, in the partner's language. */
describe('payout notices', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 7100
  const earner = async (language: string) => {
    const telegramId = ++tg
    const r = await api.enrol('jqsee', { name: 'P', language, legalType: 'individual', telegramId })
    expect(r.status).toBe(201)
    const partner = r.body.partner.id as string
    const ev = await api.postback('jqsee', {
      id: `n-${partner}`,
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: `n-${partner}`,
      ref: r.body.codes[0].code,
      order: `n-${partner}`,
      amount: '150.00',
      currency: 'USD',
    })
    expect(ev.status).toBe(201)
    return { partner, telegramId }
  }
  const messageTo = (chat: number, n: number) => telegram.nthText(chat, n)
  const request = async (partner: string) => {
    const r = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'paypal', details: { email: 'partner@example.com' } },
      `n-${partner}`,
    )
    expect(r.status).toBe(201)
    return r.body.payout.id as string
  }

  it('requested, approved and paid, in Russian; the details never appear', async () => {
    const p = await earner('ru')
    const id = await request(p.partner)
    expect(await messageTo(p.telegramId, 1)).toBe(
      '🧾 Программа JQSEE получила вашу заявку на выплату 15,00 USD. Ориентировочно 10 марта 2026 г. вы получите 15,00 USD.',
    )
    await api.operator('POST', `/v1/payouts/${id}/approve`, {})
    expect(await messageTo(p.telegramId, 2)).toMatch(/^✅ Программа JQSEE одобрила вашу выплату/)
    await api.operator('POST', `/v1/payouts/${id}/paid`, { reference: 'PP-77' })
    expect(await messageTo(p.telegramId, 3)).toBe('💸 Программа JQSEE выплатила вам 15,00 USD. Номер платежа: PP-77.')
    expect(telegram.textsTo(p.telegramId).join('\n')).not.toContain('partner@example.com')
  })

  it('a rejection with its reason, in Latvian and in Georgian', async () => {
    for (const [language, pattern] of [
      ['lv', /^❌ .*15,00 USD[\s\S]*\n.*automatizētas vai uzspiestas darbības/],
      ['ka', /^❌ [\s\S]*15,00 USD/],
    ] as const) {
      const p = await earner(language)
      const id = await request(p.partner)
      await messageTo(p.telegramId, 1)
      await api.operator('POST', `/v1/payouts/${id}/reject`, { reason: 'bot_traffic' })
      expect(await messageTo(p.telegramId, 2)).toMatch(pattern)
    }
  })
})
