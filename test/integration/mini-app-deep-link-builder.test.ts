import { sign } from '@telegram-apps/init-data-node'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchUrl } from '../../bots/miniapp/launch.ts'
import { withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { launchChromium } from '../helpers/browser.ts'

/**
 * README "The Mini App": the links tab has "a sub-id and deep-link builder". README "Sub-ids, deep links": `?to=/path`
 * deep-links to a path on the landing site when `landingPaths` allows it, "each entry allows itself and what is under
 * it; the seeds allow `/`, the whole site". /app/api/qr takes `to=/menu` for chetup. The page's builder, though,
 * offers only a <select> of the `landingPaths` entries themselves: for every shipped program that is "/" (the main
 * page again), so no partner can build a deep link to any page of the site.
 */
describe('mini app: the deep-link builder can make a link to a page under an allowed landing path', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => browser?.close())

  it('chetup (landingPaths ["/"]): a link to /menu can be built, as /r/ and /app/api/qr accept it', async () => {
    const { api } = env()
    const c = await api.enrolled('chetup', {
      name: 'Deep Linker',
      language: 'en',
      legalType: 'individual',
      country: 'GE',
      telegramId: 7701,
      campaigns: ['cafe-sale'],
    })
    const code = c.codes[0]!.code
    const auth = `tma ${sign(
      { user: { id: 7701, first_name: 'D', language_code: 'en' }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      new Date(api.clock.now().getTime() - 60_000),
    )}`
    // the server takes the deep link: the QR route answers an image, /r/ lands on the page
    const qr = await fetch(`${api.base}/app/api/qr?program=chetup&code=${code}&to=/menu`, {
      headers: { authorization: auth },
    })
    expect(qr.status).toBe(200)
    const landed = await api.get(`/r/${code}?to=/menu`, { 'x-forwarded-for': '203.0.113.50' })
    expect(new URL(landed.headers.get('location')!).pathname).toBe('/menu')

    const context = await browser.newContext({ viewport: { width: 360, height: 760 } })
    const page = await context.newPage()
    const initData = sign(
      { user: { id: 7701, first_name: 'D', language_code: 'en' }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      new Date(api.clock.now().getTime() - 60_000),
    )
    await page.goto(launchUrl(api.base, initData, { tab: 'links' }))
    const landing = page.locator('#panel-links').getByLabel('Landing page')
    await landing.waitFor()
    const control = await landing.evaluate((el) => ({
      tag: el.tagName.toLowerCase(),
      options: el instanceof HTMLSelectElement ? [...el.options].map((o) => o.value) : null,
    }))
    // the partner must be able to name a page under "/": a choice between the main page and "/" names none
    expect(control.tag, `landing control: ${JSON.stringify(control)}`).toBe('input')
    await landing.fill('/menu')
    const built = page.locator('#panel-links output')
    await expect.poll(() => built.textContent()).toBe(`https://partners.example.com/r/${code}?to=/menu`)
    await context.close()
  }, 60_000)
})
