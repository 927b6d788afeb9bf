import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * (Found by an outside review.) At 360 px the Georgian balance card gave its long label ("დღეს მოთხოვნის
 * შემთხვევაში, გადახდის ვადა") the whole width, and the figures beside the labels were written one character a line
 * ("3 / 7 / 0 / , / 3 / 5 / U / S / D"). A label wraps instead; every figure stays on one line.
 */
describe('mini app balance card at 360 px: figures keep their line', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  it.each([
    ['ka', 9701],
    ['kk', 9702],
    ['en', 9703],
  ] as const)(
    '%s: a JQSEE partner with money available',
    async (language, telegramId) => {
      const { api } = env()
      const person = { name: 'B', language, legalType: 'individual', telegramId }
      const { codes } = await api.enrolled('jqsee', person)
      await api.enrolled('worksection-referral', person)
      await api.recorded('jqsee', {
        ...{ id: `fit-${language}`, type: 'payment', occurredAt: '2026-03-10T08:00:00Z', customer: `fit-${language}` },
        ...{ ref: codes[0]!.code, order: `fit-o-${language}`, amount: '3703.50', currency: 'USD' },
      })
      const { page, context } = await openMiniApp(browser(), api, { id: telegramId, language }, { tab: 'earnings' })
      await page.locator('header label.program select').selectOption('jqsee')
      const facts = page.locator('#panel-earnings section.balance dl.facts')
      await facts.locator('dd').nth(2).waitFor({ state: 'attached' }) // available, paid out, and when a request today would be paid
      const shown = await facts.evaluate((dl) => ({
        width: dl.clientWidth,
        overflow: dl.scrollWidth - dl.clientWidth,
        values: [...dl.querySelectorAll('dd')].map((dd) => {
          const range = document.createRange()
          range.selectNodeContents(dd)
          // one line box per line the value takes
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
          return { text: dd.textContent, lines }
        }),
      }))
      await context.close()
      expect(shown.overflow).toBeLessThanOrEqual(0)
      for (const v of shown.values) expect(v, JSON.stringify(v)).toMatchObject({ lines: 1 })
    },
    60_000,
  )
})
