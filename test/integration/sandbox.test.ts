import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { launchChromium } from '../helpers/browser.ts'

/** The /sandbox web chat in headless Chromium: a newcomer joins a program, gets a code and sees earnings. */
describe('sandbox', () => {
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

  it('joins JQSEE, gets a promo code with its QR image, simulates a sale and sees $12.00 available', async () => {
    const page = await browser.newPage()
    page.on('dialog', (d) => void d.accept())
    await page.goto(`${api.base}/sandbox`)
    await page.getByRole('button', { name: 'Join JQSEE' }).click()
    await page.getByRole('button', { name: '✅ I accept the terms' }).click()
    await page.getByRole('button', { name: 'Individual' }).click()
    await page.getByRole('button', { name: 'United Kingdom' }).click()
    await page.getByText('You are now a partner of JQSEE').waitFor()

    await page.getByRole('button', { name: '/link', exact: true }).click()
    await page.getByText('Your promo code for JQSEE').waitFor()
    const qr = page.locator('.msg img').first()
    await qr.waitFor()
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100)

    // the sale is recorded before /earnings is asked (the page answers the click before the service does)
    const sold = page.waitForResponse((r) => r.url().includes('simulate-sale'))
    await page.getByRole('button', { name: 'Simulate a sale' }).click()
    expect((await sold).status()).toBe(201)
    await page.getByRole('button', { name: '/earnings', exact: true }).click()
    await page.getByText('Available: 12.00 USD').waitFor()

    // and disputes that commission, in writing
    await page.getByRole('button', { name: '/dispute', exact: true }).click()
    await page.getByRole('button', { name: 'A commission' }).click()
    await page.getByRole('button', { name: /· 12\.00 USD/ }).click()
    await page.getByText('Describe the case in your own words').waitFor()
    await page.locator('#text').fill('The customer paid 150, not 120.')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: '✅ Send' }).click()
    await page.getByText(/Dispute #\d+ is open/).waitFor()
    await page.close()
  }, 60_000)
})
