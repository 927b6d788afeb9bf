import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { jqseeAtPayoutAmount } from '../helpers/payout-flow.ts'

/**
 * (Found by an outside review.) A payout amount typed with its currency ("12 USD", "$12", "12 долларов") was refused
 * as "not a number". The payout's own currency next to the amount (its code, its symbol or its name, any case) is
 * read; an amount in another currency is refused by naming the payout's currency, and nothing is requested.
 */
describe('telegram /payout: an amount typed with its currency', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  /** A jqsee partner (USD) at the amount question, having pressed "Another amount". */
  async function atAmount(language: string, chat: number) {
    const p = await jqseeAtPayoutAmount(api, telegram, language, chat, 'cur')
    await telegram.press(chat, ':other')
    await telegram.nthText(chat, 5)
    return p
  }

  it.each([
    ['ru', 97_001, '12 USD', '12,00 USD'],
    ['ru', 97_002, '12,5 долларов', '12,50 USD'],
    ['en', 97_003, '$12', '12.00 USD'],
    ['en', 97_004, '12.50 usd', '12.50 USD'],
    ['lv', 97_005, '12 dolāri', '12,00 USD'],
    ['kk', 97_006, '12 $', '12,00 USD'],
    ['ka', 97_007, '12 დოლარი', '12,00 USD'],
    // how Kazakh names the US dollar in full (АҚШ: the USA), as Georgian and Latvian do (აშშ, ASV)
    ['kk', 97_008, '12 АҚШ доллары', '12,00 USD'],
  ])('%s, chat %i: %s is previewed as %s', async (language, chat, typed, shown) => {
    await atAmount(language, chat)
    await telegram.sendText(chat, typed)
    const preview = await telegram.keyboardAfter(chat, 6)
    expect(preview.text).toContain(shown)
    expect(preview.buttons.map((b) => b.data).some((d) => d.endsWith(':confirm'))).toBe(true)
  })

  it.each([
    ['ru', 97_011, '12 евро', 'EUR'],
    ['ka', 97_012, '12 ₾', 'GEL'],
    ['lv', 97_013, '12 eiro', 'EUR'],
    ['en', 97_014, '12 tenge', 'KZT'],
    ['kk', 97_015, '12 теңге', 'KZT'],
  ] as const)(
    '%s, chat %i: %s (another currency) is refused, naming USD; nothing is requested',
    async (language, chat, typed, other) => {
      const t = createI18n().t(language)
      const p = await atAmount(language, chat)
      await telegram.sendText(chat, typed)
      expect(await telegram.nthText(chat, 6)).toBe(
        t('payout.flow.amount_other_currency', { currency: 'USD', typed: other }),
      )
      expect(await telegram.nthText(chat, 6)).toContain('USD')
      // a try is used: the flow asks again
      expect(await telegram.nthText(chat, 7)).toBe(t('payout.flow.ask_amount'))
      expect((await api.operator('GET', `/v1/partners/${p.partner}/payouts`)).body.payouts).toEqual([])
    },
  )
})
