import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * (Found by an outside review.) The Mini App's links tab headed every program "Your links and codes": JQSEE gives
 * promo codes only, Worksection referral links only. As /link does, the heading names what the program holds.
 */
describe('mini app links tab: the heading names what is listed', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  const headings = {
    kk: { jqsee: 'Промокодтарыңыз', 'worksection-referral': 'Рефералдық сілтемелеріңіз' },
    ka: { jqsee: 'თქვენი პრომოკოდები', 'worksection-referral': 'თქვენი რეფერალური ბმულები' },
    en: { jqsee: 'Your promo codes', 'worksection-referral': 'Your referral links' },
    ru: { jqsee: 'Ваши промокоды', 'worksection-referral': 'Ваши реферальные ссылки' },
    lv: { jqsee: 'Jūsu promokodi', 'worksection-referral': 'Jūsu ieteikuma saites' },
  } as const

  it.each(Object.entries(headings).map(([lang, want], i) => [lang, want, 9601 + i] as const))(
    '%s: a partner of JQSEE and Worksection referral',
    async (language, want, telegramId) => {
      const { api } = env()
      const person = { name: 'H', language, legalType: 'individual', telegramId }
      await api.enrolled('jqsee', person)
      await api.enrolled('worksection-referral', person)
      const { page, context } = await openMiniApp(browser(), api, { id: telegramId, language }, { tab: 'links' })
      const seen: Record<string, string | null> = {}
      for (const program of ['jqsee', 'worksection-referral'] as const) {
        await page.locator('header label.program select').selectOption(program)
        // the panel is the chosen program's once its card shows a link (Worksection) or a bare code (JQSEE)
        const isLink = program === 'worksection-referral'
        await page.waitForFunction((link) => {
          const shown = document.querySelector('#panel-links li.card.link p.code code')?.textContent ?? ''
          return shown !== '' && shown.includes('/r/') === link
        }, isLink)
        seen[program] = await page.locator('#panel-links h2.section-title').textContent()
      }
      await context.close()
      expect(seen).toEqual(want)
    },
    60_000,
  )
})
