import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) A join link written by hand in a post ("t.me/<bot>?start=Melbet") reaches the bot as
 * "/start Melbet": Telegram keeps the payload's case. Program keys are lowercase, so the partner was told the link
 * leads to no program they know; the link names the program whatever its case.
 */
describe('telegram: a join link whose program is written with capitals', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ telegram } = env())
  })

  it.each([
    ['ru', 96_001, 'Melbet'],
    ['ka', 96_002, 'JQSEE'],
  ] as const)('shows the terms to accept (%s, %s)', async (language, chat, typed) => {
    const t = createI18n().t(language)
    telegram.languages.set(chat, language)
    await telegram.sendText(chat, `/start ${typed}`)
    expect(await telegram.nthText(chat, 1)).not.toBe(t('join.unknown_program'))
    const terms = await telegram.keyboardAfter(chat, 1)
    expect(terms.buttons.map((b) => b.text)).toEqual([t('join.accept'), t('join.decline')])
  })
})
