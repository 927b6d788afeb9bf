import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'
import { jqseePayoutRequested } from '../helpers/payout-flow.ts'

/**
 * A payout still on its way once its expected payment date has passed: the Mini App's payout card says it is late,
 * that it is still being processed, and how to raise it if it does not arrive (/dispute in the bot). On the expected
 * date itself it is not late yet. Headless Chromium on the real page, in all five languages.
 */
describe('mini app: a payout past its expected date says it is late', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  const browser = withBrowser()

  /** The first payout card's text on the Payouts tab. */
  async function cardText(tg: number) {
    const { page, context } = await openMiniApp(browser(), env().api, { id: tg }, { tab: 'payouts' })
    const card = page.locator('#panel-payouts li.card').first()
    await card.waitFor()
    const text = await card.innerText()
    await context.close()
    return text
  }

  it.each([
    ['en', 9751, 'Late: the expected payment date has passed.'],
    ['ru', 9752, 'Выплата запаздывает: ориентировочная дата уже прошла.'],
    ['kk', 9753, 'Төлем кешігіп жатыр: болжамды күні өтіп кетті.'],
    ['ka', 9754, 'გადახდა გვიანდება: სავარაუდო თარიღი გავიდა.'],
    ['lv', 9755, 'Izmaksa kavējas: paredzamais datums ir pagājis.'],
  ])(
    '%s: a jqsee payout due on Tuesday 10 March, read on Wednesday, is late',
    async (language, tg, late) => {
      const { api } = env()
      api.clock.set('2026-03-06T10:00:00Z')
      await jqseePayoutRequested(api, { chat: tg, language, amount: '200.00', tag: 'mal' })
      api.clock.set('2026-03-10T20:00:00Z') // still the 10th in Kyiv: not late yet
      expect(await cardText(tg)).not.toContain(late)
      api.clock.set('2026-03-11T08:00:00Z')
      const text = await cardText(tg)
      expect(text).toContain(late)
      expect(text).toContain('/dispute')
    },
    90_000,
  )
})
