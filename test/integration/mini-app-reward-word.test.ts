import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * (Found by an outside review.) The Mini App's overview row "Commission" (ka „საკომისიო“) and the link builder's
 * intro were Worksection referral's too, which pays a one-time reward per client ("One-time reward" in its earnings
 * lines). A one-time-reward program is worded with the glossary's "reward"; one paying commission keeps its word.
 */
describe('mini app: a one-time-reward program speaks of rewards', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  const words = {
    en: ['Reward', 'come back with each sign-up and reward.'],
    ru: ['Разовое вознаграждение', 'возвращаются с каждой регистрацией и каждым разовым вознаграждением.'],
    kk: ['Бір реттік сыйақы', 'әр тіркелуде және бір реттік сыйақы есептелген сайын қайтып келеді.'],
    ka: ['ჯილდო', 'ყოველ რეგისტრაციასა და ჯილდოს უბრუნდება.'],
    lv: ['Vienreizēja atlīdzība', 'atgriežas ar katru reģistrāciju un vienreizējo atlīdzību.'],
  } as const

  /** The overview's last funnel row label and the link builder's intro, for the partner's only program. */
  async function seen(telegramId: number, language: string) {
    const user = { id: telegramId, language }
    const { page, context } = await openMiniApp(browser(), env().api, user, { tab: 'overview' })
    const row = page.locator('#panel-overview table.funnel tbody tr').last().locator('th')
    await row.waitFor()
    const label = await row.evaluate((th) => th.firstChild?.textContent ?? '')
    await page.locator('#tab-links').click()
    const intro = page.locator('#panel-links form.builder').locator('xpath=preceding-sibling::p[1]')
    await intro.waitFor()
    const text = (await intro.textContent()) ?? ''
    await context.close()
    return { label, text }
  }

  it.each(Object.entries(words).map(([lang, want], i) => [lang, want, 9991 + i] as const))(
    '%s: Worksection referral',
    async (language, [label, intro], telegramId) => {
      await env().api.enrolled('worksection-referral', { name: 'R', language, legalType: 'individual', telegramId })
      const shown = await seen(telegramId, language)
      expect(shown.label).toBe(label)
      expect(shown.text.endsWith(intro), shown.text).toBe(true)
    },
    60_000,
  )

  it('ka: Melbet still says commission', async () => {
    await env().api.enrolled('melbet', { name: 'M', language: 'ka', legalType: 'individual', telegramId: 9999 })
    const shown = await seen(9999, 'ka')
    expect(shown.label).toBe('საკომისიო')
    expect(shown.text.endsWith('ყოველ რეგისტრაციასა და საკომისიოს უბრუნდება.'), shown.text).toBe(true)
  }, 60_000)
})
