import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * (Found by an outside review.) JQSEE gives promo codes only, yet its links tab showed a "Link builder" card that
 * only said it did not apply. A program with no referral links shows no builder; one with links still does.
 */
describe('mini app links tab: no link builder without referral links', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  it('a partner of JQSEE (promo codes) and Worksection referral (links), in Russian', async () => {
    const { api } = env()
    const person = { name: 'B', language: 'ru', legalType: 'individual', telegramId: 9981 }
    await api.enrolled('jqsee', person)
    await api.enrolled('worksection-referral', person)
    const { page, context } = await openMiniApp(browser(), api, { id: 9981, language: 'ru' }, { tab: 'links' })
    const seen: Record<string, { sections: number; builder: number }> = {}
    for (const program of ['jqsee', 'worksection-referral'] as const) {
      await page.locator('header label.program select').selectOption(program)
      const isLink = program === 'worksection-referral'
      await page.waitForFunction((link) => {
        const shown = document.querySelector('#panel-links li.card.link p.code code')?.textContent ?? ''
        return shown !== '' && shown.includes('/r/') === link
      }, isLink)
      seen[program] = {
        sections: await page.locator('#panel-links > section').count(),
        builder: await page.locator('#panel-links form.builder').count(),
      }
      const text = (await page.locator('#panel-links').textContent()) ?? ''
      if (!isLink) {
        expect(text).not.toContain('Конструктор')
        expect(text).not.toContain('только промокоды')
      }
    }
    await context.close()
    expect(seen).toEqual({ jqsee: { sections: 1, builder: 0 }, 'worksection-referral': { sections: 2, builder: 1 } })
  }, 60_000)
})
