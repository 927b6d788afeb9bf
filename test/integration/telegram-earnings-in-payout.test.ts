import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * /earnings while a payout is on its way: the money in payout says when it is expected, as /payout and the
 * "request received" notice say it, in the partner's language and the program's time zone.
 */
describe('telegram /earnings: the money in payout and its expected date', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let chat = 9600
  /** A jqsee partner (Europe/Kyiv) with a 25.00 USD PayPal payout requested now through the API. */
  async function requested(language: string) {
    const id = ++chat
    telegram.languages.set(id, language)
    const p = await api.enrolled('jqsee', { name: 'P', language, legalType: 'individual', telegramId: id })
    const request = async (n: number) => {
      const at = new Date(api.clock.now().getTime() - 3_600_000).toISOString()
      const ref = `eip-${id}-${n}`
      await api.recorded('jqsee', {
        ...{ id: ref, type: 'payment', occurredAt: at, customer: ref, order: ref, amount: '250.00', currency: 'USD' },
        ref: p.codes[0]!.code,
      })
      const r = await api.requestPayout(
        p.partner,
        { program: 'jqsee', method: 'paypal', details: { email: `eip${id}@example.com` } },
        ref,
      )
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    }
    await request(1)
    return { chat: id, request }
  }
  async function earnings(id: number) {
    const since = telegram.calls.length
    await telegram.sendText(id, '/earnings')
    const sent = await telegram.waitForCall('sendPhoto', (c) => Number(c.payload.chat_id) === id, 10_000, since)
    return String(sent.payload.caption).split('\n')
  }

  it.each([
    ['kk', 'Төлем процесінде: 25,00 USD, болжамды күні — 2026 ж. 10 наурыз'],
    ['ka', 'გადახდის პროცესშია: 25,00 USD, სავარაუდო თარიღი: 10 მარტი, 2026'],
    ['lv', 'Izmaksas procesā: 25,00 USD, paredzamais datums: 2026. gada 10. marts'],
    ['ru', 'В процессе выплаты: 25,00 USD, ориентировочная дата — 10 марта 2026 г.'],
    ['en', 'In payout: 25.00 USD, expected on March 10, 2026'],
  ])('one request (%s): its amount and date', async (language, line) => {
    api.clock.set('2026-03-06T10:00:00Z')
    const p = await requested(language)
    expect(await earnings(p.chat)).toContain(line)
  })

  it('two requests due on different days (lv): the sum, then each date with its amount', async () => {
    api.clock.set('2026-03-06T10:00:00Z')
    const p = await requested('lv')
    api.clock.set('2026-03-09T10:00:00Z') // Monday: due on Wednesday
    await p.request(2)
    const lines = await earnings(p.chat)
    const at = lines.indexOf('Izmaksas procesā: 50,00 USD')
    expect(at, lines.join('\n')).toBeGreaterThan(0)
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '• 25,00 USD — paredzamais datums: 2026. gada 10. marts',
      '• 25,00 USD — paredzamais datums: 2026. gada 11. marts',
    ])
  })
})
