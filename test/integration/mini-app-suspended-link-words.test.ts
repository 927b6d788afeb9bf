import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * (Found by an outside review.) A suspended referral link was explained as a code: "This code is suspended: visits
 * through it earn no commission" (kk «Бұл код тоқтатылған», ka „ეს კოდი შეჩერებულია“), its badge in the masculine
 * of a code in Russian and Latvian («приостановлен», „apturēts“) beside a feminine link. A suspended promo code was
 * said to lose "visits", which a code does not bring. Each now says what it is and what it stops earning on, and,
 * suspended by a sanction, its reason as the notice named it.
 */
describe('mini app links tab: a suspended link and a suspended promo code, each in its own words', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  const words = {
    kk: {
      melbet: [
        'тоқтатылған',
        'Бұл сілтеме тоқтатылған: ол арқылы өткен кірулерге сыйақы есептелмейді. Себебі: алаяқтыққа күдік.',
      ],
      jqsee: [
        'тоқтатылған',
        'Бұл промокод тоқтатылған: ол арқылы жасалған клиенттердің төлемдеріне сыйақы есептелмейді. Себебі: алаяқтыққа күдік.',
      ],
    },
    ka: {
      melbet: [
        'შეჩერებული',
        'ეს ბმული შეჩერებულია: მისით შემოსული ვიზიტები საკომისიოს არ მოგიტანთ. მიზეზი: თაღლითობის ეჭვი.',
      ],
      jqsee: [
        'შეჩერებული',
        'ეს პრომოკოდი შეჩერებულია: მისი გამოყენებით შესრულებული კლიენტების გადახდები საკომისიოს არ მოგიტანთ. მიზეზი: თაღლითობის ეჭვი.',
      ],
    },
    en: {
      melbet: ['suspended', 'This link is suspended: visits through it earn no commission. Reason: suspected fraud.'],
      jqsee: [
        'suspended',
        "This promo code is suspended: customers' payments made with it earn no commission. Reason: suspected fraud.",
      ],
    },
    ru: {
      melbet: [
        'приостановлена',
        'Эта ссылка приостановлена: переходы по ней не приносят вознаграждения. Причина: подозрение на мошенничество.',
      ],
      jqsee: [
        'приостановлен',
        'Этот промокод приостановлен: оплаты клиентов по нему не приносят вознаграждения. Причина: подозрение на мошенничество.',
      ],
    },
    lv: {
      melbet: [
        'apturēta',
        'Šī saite ir apturēta: apmeklējumi caur to atlīdzību nenes. Iemesls: aizdomas par krāpšanu.',
      ],
      jqsee: [
        'apturēts',
        'Šis promokods ir apturēts: klientu maksājumi, kas veikti ar to, atlīdzību nenes. Iemesls: aizdomas par krāpšanu.',
      ],
    },
  } as const

  it.each(Object.entries(words).map(([lang, want], i) => [lang, want, 9951 + i] as const))(
    '%s: a partner of Melbet (a link) and JQSEE (a promo code), both suspended',
    async (language, want, telegramId) => {
      const { api } = env()
      const person = { name: 'S', language, legalType: 'individual', country: 'LV', telegramId }
      for (const program of ['melbet', 'jqsee'] as const) {
        const { partner } = await api.enrolled(program, person)
        const r = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
          program,
          kind: 'suspend_codes',
          reason: 'fraud',
        })
        expect(r.status, JSON.stringify(r.body)).toBe(201)
      }
      const { page, context } = await openMiniApp(browser(), api, { id: telegramId, language }, { tab: 'links' })
      const seen: Record<string, string[]> = {}
      for (const program of ['melbet', 'jqsee'] as const) {
        await page.locator('header label.program select').selectOption(program)
        // the panel is the chosen program's once its card shows a link (Melbet) or a bare code (JQSEE)
        await page.waitForFunction((link) => {
          const shown = document.querySelector('#panel-links li.card.link p.code code')?.textContent ?? ''
          return shown !== '' && shown.includes('/r/') === link
        }, program === 'melbet')
        const card = page.locator('#panel-links li.card.link').first()
        seen[program] = [
          (await card.locator('.badge').textContent()) ?? '',
          (await card.locator('p.muted').last().textContent()) ?? '',
        ]
      }
      await context.close()
      expect(seen).toEqual(want)
    },
    60_000,
  )
})
