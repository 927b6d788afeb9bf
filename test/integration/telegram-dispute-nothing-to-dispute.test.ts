import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) /dispute for a program with no commission, payout or sanction of the partner's asked
 * "What would you like to dispute?" with a single button, "Something else": a question with nothing to choose. The
 * partner is told there is nothing to dispute, and the flow goes straight to the message for support.
 */
describe('telegram /dispute with nothing to dispute', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each([
    ['en', 95_101],
    ['ru', 95_102],
    ['lv', 95_103],
  ] as const)('%s: says so, and asks for the message at once; the dispute opens as "other"', async (language, chat) => {
    const t = createI18n().t(language)
    telegram.languages.set(chat, language)
    await api.enrolled('jqsee', { name: 'P', language, legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, '/dispute')
    expect(await telegram.nthText(chat, 1)).toBe(t('disputes.flow.nothing_to_dispute', { program: 'JQSEE' }))
    expect(await telegram.nthText(chat, 2)).toBe(t('disputes.flow.describe'))
    // no question was asked: nothing to choose from
    const asked = telegram.calls.filter(
      (c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat && c.payload.reply_markup,
    )
    expect(asked.map((c) => String(c.payload.text))).not.toContain(t('disputes.flow.what_about'))
    await telegram.sendText(chat, 'Where do I find my promo materials?')
    await telegram.keyboardAfter(chat, 3)
    await telegram.press(chat, ':send')
    // the dispute is open, numbered
    expect(await telegram.nthText(chat, 4)).toMatch(/(#|№|Nr\. )\d+/)
  })
})
