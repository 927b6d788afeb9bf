import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { launchChromium } from '../helpers/browser.ts'

/**
 * The sandbox's "Simulate a sale" form writes amounts "as the chat's /earnings writes them" (bots/sandbox/page.ts:
 * decimal). It took the decimal mark from the browser's Intl.NumberFormat(lang), but Chromium's trimmed ICU has no
 * Georgian data (falls back to en-US) and no Kazakh number data: a Georgian or Kazakh partner saw "120.00" in the
 * amount field and "12.00 USD" as the commission, while /earnings in the same chat said "12,00 USD". The shape now
 * comes from the service's own ICU (numberShape).
 */
describe('sandbox sale form in Georgian and Kazakh', () => {
  let api: Api
  let browser: Browser
  beforeAll(async () => {
    api = await startApi('2026-03-06T10:00:00Z', { TELEGRAM_SANDBOX: 'true' })
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await api?.close()
  })
  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true })

  for (const lang of ['ka', 'kk'] as const) {
    it(`writes the amount and the commission with the decimal comma, as /earnings does (${lang})`, async () => {
      const page = await browser.newPage()
      await page.goto(`${api.base}/sandbox`)
      // a partner who speaks the language from the start: joins JQSEE with the page's own buttons
      await page.locator('#lang').selectOption(lang)
      await page.locator('#bar button', { hasText: 'JQSEE' }).click()
      // accept the terms, then the first answer (an individual), then the first country offered
      for (const choice of [/^✅/, undefined, undefined]) {
        const last = page.locator('.msg.bot').last()
        await last.getByRole('button').first().waitFor()
        const before = await last.textContent()
        await (choice ? last.getByRole('button', { name: choice }) : last.getByRole('button').first()).click()
        await expect.poll(() => page.locator('.msg.bot').last().textContent()).not.toBe(before)
      }
      await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('/earnings')

      await page.locator('#sale').click()
      await expect.poll(() => page.locator('#saleprogram option').allTextContents()).toEqual(['JQSEE'])
      const sold = page.waitForResponse((r) => r.url().includes('simulate-sale'))
      await page.locator('#salesubmit').click()
      expect((await sold).status()).toBe(201)
      await expect.poll(() => page.locator('#saleresult').textContent()).toContain('USD')

      // the chat's own answer, in the same language
      await button(page, '/earnings').click()
      await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('12,00 USD')

      expect(await page.locator('#saleamount').inputValue()).toBe('120,00')
      expect(await page.locator('#saleresult').textContent()).toContain('12,00 USD')
      await page.close()
    }, 60_000)
  }
})
