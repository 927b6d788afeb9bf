import { sign } from '@telegram-apps/init-data-node'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchUrl } from '../../bots/miniapp/launch.ts'
import { withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { launchChromium } from '../helpers/browser.ts'
import { jqseePayoutRequested } from '../helpers/payout-flow.ts'

/**
 * The Mini App's payout history says when a payout still on its way is expected (the date the bot's confirmation
 * promised, in the program's zone and the partner's date form); a paid one says when it was paid instead.
 * Headless Chromium on the real page.
 */
describe('mini app: a payout on its way shows its expected payment date', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => browser?.close())

  /** The facts of the first payout card on the Payouts tab (term → text as shown). */
  async function facts(tg: number) {
    const { api } = env()
    const raw = sign(
      { user: { id: tg, first_name: 'X' }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      new Date(api.clock.now().getTime() - 60_000),
    )
    const context = await browser.newContext({ viewport: { width: 360, height: 760 } })
    const page = await context.newPage()
    await page.goto(launchUrl(api.base, raw, { tab: 'payouts' }))
    const card = page.locator('#panel-payouts li.card').first()
    await card.waitFor()
    const out = await card.locator('dl.facts').evaluate((dl) => {
      const o: Record<string, string> = {}
      for (const dt of dl.querySelectorAll('dt'))
        o[dt.textContent ?? ''] = (dt.nextElementSibling as HTMLElement).innerText
      return o
    })
    await context.close()
    return out
  }

  it.each([
    ['lv', 9701, 'Paredzamais izmaksas datums', '2026. gada 10. marts'],
    ['kk', 9702, 'Болжамды төлем күні', '10.03.2026'],
    ['ka', 9703, 'გადახდის სავარაუდო თარიღი', '10.03.2026'],
  ])(
    '%s: a requested jqsee payout (Friday) is expected on Tuesday',
    async (language, tg, term, date) => {
      await jqseePayoutRequested(env().api, { chat: tg, language, amount: '200.00', tag: 'mae' })
      expect(await facts(tg)).toMatchObject({ [term]: date })
    },
    60_000,
  )

  it('lv: once paid, the card says when it was paid, and no longer when it is expected', async () => {
    const { api } = env()
    const { payoutId } = await jqseePayoutRequested(api, { chat: 9704, language: 'lv', amount: '200.00', tag: 'mae' })
    expect((await api.operator('POST', `/v1/payouts/${payoutId}/approve`, {})).status).toBe(200)
    const paid = await api.operator('POST', `/v1/payouts/${payoutId}/paid`, { reference: 'REF-9704' })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    const shown = await facts(9704)
    expect(shown).toMatchObject({ Izmaksāts: '2026. gada 6. marts' })
    expect(shown).not.toHaveProperty('Paredzamais izmaksas datums')
  }, 60_000)
})
