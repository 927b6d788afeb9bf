import { sign } from '@telegram-apps/init-data-node'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchUrl } from '../../bots/miniapp/launch.ts'
import type { Api } from './api.ts'
import { TEST_TOKEN } from './bots.ts'
import { launchChromium } from './browser.ts'

/** Headless Chromium for a suite: launched before its tests, closed after them. */
export function withBrowser() {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => browser?.close())
  return () => browser!
}

/**
 * The init data the Mini App is launched with for Telegram user `id` (in `language`; none: Telegram says none),
 * signed with the bot's token a minute before the service's clock.
 */
export function miniAppInitData(api: Api, id: number, language?: string) {
  const user = { id, first_name: 'X', ...(language ? { language_code: language } : {}) }
  return sign(
    { user, chat_type: 'sender', chat_instance: '1' },
    TEST_TOKEN,
    new Date(api.clock.now().getTime() - 60_000),
  )
}

/**
 * The Mini App opened as Telegram user `id` in a phone-sized page (360×760), on `opts`' tab: the page, its context
 * (to close when done) and the init data it was launched with.
 */
export async function openMiniApp(
  browser: Browser,
  api: Api,
  user: { id: number; language?: string },
  opts: Parameters<typeof launchUrl>[2] = {},
) {
  const raw = miniAppInitData(api, user.id, user.language)
  const context = await browser.newContext({ viewport: { width: 360, height: 760 } })
  const page = await context.newPage()
  await page.goto(launchUrl(api.base, raw, opts))
  return { page, context, raw }
}
