import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * The overview of a partner all of whose links (or promo codes) in the program are suspended: a note says so (they
 * earn nothing until the program reinstates them; /dispute if it is a mistake), and the empty chart no longer
 * invites the partner to share a link that earns nothing. Headless Chromium on the real page.
 */
describe('mini app overview: every link or code suspended', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  async function suspended(program: 'melbet' | 'jqsee', telegramId: number, language: string) {
    const { api } = env()
    const { partner } = await api.enrolled(program, { name: 'S', language, legalType: 'individual', telegramId })
    const r = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program,
      kind: 'suspend_codes',
      reason: 'fraud',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }

  async function overview(telegramId: number, language: string) {
    const user = { id: telegramId, language }
    const { page, context } = await openMiniApp(browser(), env().api, user, { tab: 'overview' })
    await page.locator('#panel-overview figure.chart p.empty').waitFor()
    const note = await page.locator('#panel-overview p.note').textContent()
    const empty = await page.locator('#panel-overview figure.chart p.empty').textContent()
    await context.close()
    return { note, empty }
  }

  it.each([
    [
      'en',
      '⏸ Melbet partners: your referral link is suspended. It earns nothing until the program reinstates it. If you think this is a mistake, write to support in the bot with /dispute.',
      'No clicks or sign-ups in this period.',
    ],
    [
      'ru',
      '⏸ Melbet: ваша реферальная ссылка приостановлена. Она ничего не приносит, пока программа её не восстановит. Если это ошибка, напишите в поддержку в боте через /dispute.',
      'За этот период нет ни кликов, ни регистраций.',
    ],
    [
      'kk',
      '⏸ Melbet: рефералдық сілтемеңіз тоқтатылды. Бағдарлама оны қалпына келтіргенше, ол ештеңе әкелмейді. Қате деп ойласаңыз, ботта /dispute арқылы қолдау қызметіне жазыңыз.',
      'Бұл кезеңде шерту де, тіркелу де жоқ.',
    ],
    [
      'ka',
      '⏸ Melbet: თქვენი რეფერალური ბმული შეჩერებულია. სანამ პროგრამა მას არ აღადგენს, ის არაფერს მოგიტანთ. თუ ფიქრობთ, რომ ეს შეცდომაა, მიწერეთ მხარდაჭერას ბოტში /dispute-ით.',
      null,
    ],
    [
      'lv',
      '⏸ Melbet: jūsu ieteikuma saite ir apturēta. Tā neko nenes, kamēr programma to neatjaunos. Ja domājat, ka tā ir kļūda, rakstiet atbalstam botā ar /dispute.',
      'Šajā periodā nav ne klikšķu, ne reģistrāciju.',
    ],
  ])(
    '%s: a Melbet partner whose link is suspended',
    async (language, note, empty) => {
      const telegramId = 9961 + ['en', 'ru', 'kk', 'ka', 'lv'].indexOf(language)
      await suspended('melbet', telegramId, language)
      const shown = await overview(telegramId, language)
      expect(shown.note).toBe(note)
      if (empty) expect(shown.empty).toBe(empty)
    },
    60_000,
  )

  it('ru: a JQSEE partner whose promo code is suspended is not asked to share it', async () => {
    await suspended('jqsee', 9967, 'ru')
    const shown = await overview(9967, 'ru')
    expect(shown.note).toBe(
      '⏸ JQSEE: ваш промокод приостановлен. Он ничего не приносит, пока программа его не восстановит. Если это ошибка, напишите в поддержку в боте через /dispute.',
    )
    expect(shown.empty).toBe('За этот период регистраций нет.')
  }, 60_000)
})
