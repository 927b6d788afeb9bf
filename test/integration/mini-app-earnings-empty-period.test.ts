import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * (Found by an outside review.) A partner who has earned nothing yet opened the earnings tab and read "No
 * commission lines match these filters": no filter had been touched (the last 30 days, every status, every
 * currency), yet the page sent them to change one. Nothing narrowed but the period: it says the period holds nothing.
 */
describe('mini app earnings: an empty period is not blamed on filters', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  const words = {
    kk: 'Бұл кезеңде ештеңе есептелмеген.',
    ka: 'ამ პერიოდში არაფერი დარიცხულა.',
    en: 'Nothing was earned in this period.',
  } as const

  it.each(Object.entries(words).map(([lang, want], i) => [lang, want, 9901 + i] as const))(
    '%s: a new partner of Worksection referral and JQSEE',
    async (language, want, telegramId) => {
      const { api } = env()
      const person = { name: 'N', language, legalType: 'individual', telegramId }
      await api.enrolled('worksection-referral', person)
      await api.enrolled('jqsee', person)
      const { page, context } = await openMiniApp(browser(), api, { id: telegramId, language }, { tab: 'earnings' })
      const shown = page.locator('#panel-earnings .lines p.empty')
      await shown.waitFor()
      const text = await shown.textContent()
      await context.close()
      expect(text).toBe(want)
    },
    60_000,
  )
})
