import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import { chetupEarner } from '../helpers/chetup-earner.ts'
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

  const money = (language: string, x: string) =>
    `${new Intl.NumberFormat(language, { minimumFractionDigits: 2 }).format(Number(x))} GEL`
  /** A chetup partner with 150.00 GEL available on 12 March, who asks for `amount` of it (all of it: none). */
  async function chetupRequested(language: string, amount?: string) {
    api.clock.set('2026-03-01T08:00:00Z')
    const p = await chetupEarner({ api, telegram }, { telegramId: ++chat, language, at: '2026-03-01T07:00:00Z' })
    api.clock.set('2026-03-12T08:00:00Z')
    const body = { program: 'chetup', method: 'bank', ...(amount ? { amount } : {}) }
    const r = await api.requestPayout(p.partner, body, `eip-${p.partner}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return { lines: await earnings(p.telegramId), t: createI18n().t(language as 'en') }
  }

  it.each(['en', 'ru', 'kk', 'ka', 'lv'])(
    'chetup, all of it requested (%s): the payout and its date, and no shortfall read as if the payout lacked it',
    async (language) => {
      const { lines, t } = await chetupRequested(language)
      const hundred = money(language, '100.00')
      const shortfalls = (['earnings.missing', 'earnings.missing_next', 'earnings.missing_next_request'] as const).map(
        (key) => t(key, { amount: hundred, minimum: hundred }),
      )
      expect(
        lines.find((l) => l.includes(money(language, '150.00'))),
        lines.join('\n'),
      ).toBeDefined()
      // nothing is left to request: what a further request would need is no news
      expect(
        lines.filter((l) => shortfalls.includes(l)),
        lines.join('\n'),
      ).toEqual([])
    },
  )

  it.each(['en', 'ru', 'kk', 'ka', 'lv'])(
    'chetup, less than the minimum left after a request (%s): what a next request needs, said as such',
    async (language) => {
      const { lines, t } = await chetupRequested(language, '100.00')
      const line = t('earnings.missing_next_request', {
        amount: money(language, '50.00'),
        minimum: money(language, '100.00'),
      })
      expect(lines, lines.join('\n')).toContain(line)
    },
  )
})
