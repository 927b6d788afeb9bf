import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * /stats of a partner all of whose links (or promo codes) in the program are suspended, with nothing in the last 30
 * days: the bot says they are suspended and earn nothing until reinstated, not "share your link and results appear".
 */
describe('telegram /stats when every link or code is suspended', () => {
  const env = withTelegram('2026-03-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 8850
  const suspended = async (program: string, language: string) => {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const p = await api.enrolled(program, { name: 'P', language, legalType: 'individual', telegramId: chat })
    const r = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program,
      kind: 'suspend_codes',
      reason: 'fraud',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    // the suspension's own notice first
    await waitFor(() => (telegram.textsTo(chat).length >= 1 ? true : undefined), 10_000)
    const seen = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/stats')
    return telegram.nthText(chat, seen + 1)
  }

  it.each([
    [
      'en',
      '⏸ Melbet partners: your referral link is suspended. It earns nothing until the program reinstates it. If you think this is a mistake, write to support with /dispute.',
    ],
    [
      'ru',
      '⏸ Melbet: ваша реферальная ссылка приостановлена. Она ничего не приносит, пока программа её не восстановит. Если это ошибка, напишите в поддержку через /dispute.',
    ],
    [
      'kk',
      '⏸ Melbet: рефералдық сілтемеңіз тоқтатылды. Бағдарлама оны қалпына келтіргенше, ол ештеңе әкелмейді. Қате деп ойласаңыз, /dispute арқылы қолдау қызметіне жазыңыз.',
    ],
    [
      'ka',
      '⏸ Melbet: თქვენი რეფერალური ბმული შეჩერებულია. სანამ პროგრამა მას არ აღადგენს, ის არაფერს მოგიტანთ. თუ ფიქრობთ, რომ ეს შეცდომაა, მიწერეთ მხარდაჭერას /dispute-ით.',
    ],
    [
      'lv',
      '⏸ Melbet: jūsu ieteikuma saite ir apturēta. Tā neko nenes, kamēr programma to neatjaunos. Ja domājat, ka tā ir kļūda, rakstiet atbalstam ar /dispute.',
    ],
  ])('%s: melbet, its link suspended', async (language, text) => {
    expect(await suspended('melbet', language)).toBe(text)
  })

  it('lv: jqsee, its promo code suspended', async () => {
    expect(await suspended('jqsee', 'lv')).toBe(
      '⏸ JQSEE: jūsu promokods ir apturēts. Tas neko nenes, kamēr programma to neatjaunos. Ja domājat, ka tā ir kļūda, rakstiet atbalstam ar /dispute.',
    )
  })
})
