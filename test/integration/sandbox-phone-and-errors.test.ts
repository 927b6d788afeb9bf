import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { launchChromium } from '../helpers/browser.ts'

/**
 * The /sandbox web chat on a phone and when the service cannot be reached. At 360 px the fifteen shortcut buttons
 * wrapped into ten rows and took most of the screen: the chat got a sliver, and with "Simulate a sale" open the
 * message box went off the screen. A message typed while the service was down vanished from the box and nothing
 * was said; after a restart the chat silently went blank.
 */
describe('sandbox on a phone and offline', () => {
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
  /** The page's own words in a language (locales/<lang>/sandbox.json). */
  const words = (lang: string) => JSON.parse(readFileSync(`locales/${lang}/sandbox.json`, 'utf8'))
  const open = async (lang: string, viewport = { width: 1000, height: 800 }) => {
    const page = await browser.newPage({ viewport })
    await page.goto(`${api.base}/sandbox`)
    await page.locator('#lang').selectOption(lang)
    await page.locator('#bar button').first().waitFor()
    return page
  }
  const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!

  it('keeps the chat readable and the message box on a 360 px phone, also with the sale form open (kk)', async () => {
    const page = await open('kk', { width: 360, height: 640 })
    await page.locator('#text').fill('/help')
    await page.keyboard.press('Enter')
    await page.locator('.msg.bot').first().waitFor()
    expect((await box(page, '#log')).height).toBeGreaterThan(640 * 0.4)
    // every shortcut is still there, one swipe away, and the page itself does not scroll sideways
    await page.locator('#bar button', { hasText: '/cancel' }).scrollIntoViewIfNeeded()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360)

    await page.locator('#sale').click()
    await page.locator('#saleresult', { hasText: words('kk').sale.errors.not_partner }).waitFor()
    const form = await box(page, '#form')
    expect(form.y + form.height).toBeLessThanOrEqual(640)
    expect((await box(page, '#log')).height).toBeGreaterThan(100)
    await page.close()
  }, 20_000)

  it('says when the service cannot be reached, keeps the unsent message, and sends it once it is back (lv)', async () => {
    const page = await open('lv')
    const lv = words('lv')
    await page.locator('#text').fill('/help')
    await page.keyboard.press('Enter')
    await page.locator('.msg.bot').first().waitFor()

    // the service goes away (stopped, or the network failed): the page says so instead of freezing
    await page.route('**/sandbox/api/**', (r) => r.abort())
    await page.getByRole('alert').filter({ hasText: lv.offline }).waitFor({ timeout: 5000 })
    await page.locator('#text').fill('/terms')
    await page.keyboard.press('Enter')
    await page.getByRole('alertdialog').filter({ hasText: lv.not_sent }).waitFor({ timeout: 5000 })
    expect(await page.locator('#text').inputValue()).toBe('/terms')
    // a shortcut pressed meanwhile is not lost without a word either
    await page.locator('#bar button', { hasText: '/link' }).click()
    await expect.poll(() => page.getByRole('alertdialog').filter({ hasText: lv.not_sent }).count()).toBe(2)

    // back: the notice goes, and Enter sends what was kept
    await page.unroute('**/sandbox/api/**')
    await page.getByRole('alert').filter({ hasText: lv.offline }).waitFor({ state: 'hidden' })
    await page.locator('#text').press('Enter')
    await page.locator('.msg.user', { hasText: '/terms' }).waitFor()
    expect(await page.locator('#text').inputValue()).toBe('')
    await page.close()
  }, 20_000)

  it('says that a restart of the service started a new chat, instead of going blank (ka)', async () => {
    const page = await open('ka')
    const ka = words('ka')
    await page.locator('#text').fill('/help')
    await page.locator('#text').press('Enter')
    await page.locator('.msg.bot').first().waitFor()
    // a restart forgets every sandbox chat: the page's token is answered 401 from then on
    await page.evaluate("token = 'forgotten-by-a-restart'")
    const notice = page.locator('#log .notice', { hasText: ka.restarted })
    await notice.waitFor()
    expect(await page.locator('.msg.bot').count()).toBe(0)
    // so it is after a reload too, and the new chat works
    await page.evaluate(() => localStorage.setItem('pa-sandbox-session', 'forgotten-by-a-restart'))
    await page.reload()
    await notice.waitFor()
    await page.locator('#text').fill('/help')
    await page.locator('#text').press('Enter')
    await page.locator('.msg.bot').first().waitFor()
    expect(await notice.count()).toBe(1)
    await page.close()
  }, 20_000)

  it('shows the whole of a QR image that arrives after its message, and the newest message with the sale form open', async () => {
    const page = await open('en', { width: 360, height: 640 })
    await page.locator('#bar button', { hasText: 'Join JQSEE' }).click()
    for (const name of ['✅ I accept the terms', 'Individual', 'United Kingdom'])
      await page.locator('.msg.bot').last().getByRole('button', { name, exact: true }).click()
    await page.getByText('You are now a partner of JQSEE').waitFor()
    await page.locator('#bar button', { hasText: '/link' }).click()
    await page.getByRole('button', { name: 'QR code: Promo code', exact: true }).click()
    await expect
      .poll(() => page.locator('.msg img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0)
    // the image (loaded after the message was shown) pushes nothing out of sight: the chat is at its end
    const unseen = () => page.locator('#log').evaluate((log) => log.scrollHeight - log.scrollTop - log.clientHeight)
    await expect.poll(unseen).toBeLessThan(2)
    // so it stays when the sale form takes part of the screen
    await page.locator('#sale').click()
    await page.locator('#salesubmit:enabled').waitFor()
    await expect.poll(unseen).toBeLessThan(2)
    await page.close()
  }, 20_000)
})
