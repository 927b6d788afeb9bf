import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { programName } from '../../core/programs/names.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) /link for JQSEE, a program of promo codes only, headed its list "your links and
 * codes" („jūsu saites un kodi“): there are no links. The heading names what the list holds: codes, links or both.
 */
describe('telegram /link heading names what is listed', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  const cases = (['ru', 'kk', 'ka', 'lv', 'en'] as const).flatMap((language, i) => [
    [language, 'jqsee', 'linklist.title_codes', 95_301 + i] as const,
    [language, 'worksection-referral', 'linklist.title_links', 95_311 + i] as const,
  ])

  it.each(cases)('%s, %s: %s', async (language, program, key, chat) => {
    const t = createI18n().t(language)
    telegram.languages.set(chat, language)
    await api.enrolled(program, { name: 'P', language, legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, '/link')
    const list = await telegram.nthText(chat, 1)
    const name = programName(api.service.core.programs.get(program), language, program)
    expect(list.split('\n')[0]).toBe(t(key, { program: name }))
    expect(t(key, { program: name })).not.toBe(t('linklist.title_both', { program: name }))
  })
})
