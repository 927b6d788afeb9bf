import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * (Found by an outside review.) A partner with money available opened the payouts tab and read only "No payouts in
 * this program yet"; the disputes tab said only "You have no disputes". The Mini App requests no payout and opens
 * no dispute, and neither tab said where that is done: each now names the bot's command for it.
 */
describe('mini app: empty payouts and disputes tabs say how to start one', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  const words = {
    kk: {
      payouts: 'Бұл бағдарламада әзірге төлем болған жоқ. Төлем өтінімін беру үшін ботқа /payout жіберіңіз.',
      disputes:
        'Бұл бағдарламада сізде дау жоқ. Шешімге дау айту немесе қолдау қызметіне жазу үшін ботқа /dispute жіберіңіз.',
    },
    ka: {
      payouts: 'ამ პროგრამაში გადახდები ჯერ არ ყოფილა. გადახდის მოთხოვნისთვის ბოტს გაუგზავნეთ /payout.',
      disputes:
        'ამ პროგრამაში დავები არ გაქვთ. გადაწყვეტილების გასაჩივრებლად ან მხარდაჭერის გუნდისთვის მისაწერად ბოტს გაუგზავნეთ /dispute.',
    },
    en: {
      payouts: 'No payouts in this program yet. To request one, send /payout to the bot.',
      disputes:
        'You have no disputes in this program. To dispute a decision or write to support, send /dispute to the bot.',
    },
  } as const

  it.each(Object.entries(words).map(([lang, want], i) => [lang, want, 9801 + i] as const))(
    '%s: a partner of JQSEE and Worksection referral with no payout and no dispute',
    async (language, want, telegramId) => {
      const { api } = env()
      const person = { name: 'E', language, legalType: 'individual', telegramId }
      await api.enrolled('jqsee', person)
      await api.enrolled('worksection-referral', person)
      const seen: Record<string, string | null> = {}
      for (const tab of ['payouts', 'disputes'] as const) {
        const { page, context } = await openMiniApp(browser(), api, { id: telegramId, language }, { tab })
        const shown = page.locator(`#panel-${tab} p.empty`)
        await shown.waitFor()
        seen[tab] = await shown.textContent()
        await context.close()
      }
      expect(seen).toEqual(want)
    },
    60_000,
  )
})
