import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * /stats of a program of promo codes only (jqsee) with nothing in the last 30 days: it has no referral link and no
 * clicks to count, so the bot speaks of sign-ups and sales and of the promo code, as the Mini App's overview does,
 * not of clicks and a referral link the partner does not have.
 */
describe('telegram /stats: a promo-code program with nothing yet', () => {
  const env = withTelegram('2026-03-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 8900
  const empty = async (language: string) => {
    const chat = ++tg
    telegram.languages.set(chat, language)
    await api.enrolled('jqsee', { name: 'P', language, legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, '/stats')
    return telegram.nthText(chat, 1)
  }

  it('Latvian', async () => {
    expect(await empty('lv')).toBe(
      'JQSEE: pēdējās 30 dienās vēl nav nevienas reģistrācijas vai pārdošanas. Kopīgojiet savu promokodu (tas ir sadaļā /link kopā ar QR kodu), un rezultāti parādīsies šeit.',
    )
  })

  it('Kazakh', async () => {
    expect(await empty('kk')).toBe(
      'JQSEE: соңғы 30 күнде әзірге тіркелу де, сату да жоқ. Промокодыңызды бөлісіңіз (ол /link бөлімінде, QR-кодымен бірге), сонда нәтижелер осында көрсетіледі.',
    )
  })

  it('Russian', async () => {
    expect(await empty('ru')).toBe(
      'JQSEE: за последние 30 дней пока нет ни регистраций, ни продаж. Поделитесь промокодом (он в /link, там же QR-код), и результаты появятся здесь.',
    )
  })
})
