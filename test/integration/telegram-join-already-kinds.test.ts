import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) The join link of a program the partner is already in answered "Your links and
 * codes: /link" for every program: JQSEE gives promo codes only, Worksection referral links only. As /link heads its
 * list, the answer names what the partner has there.
 */
describe('telegram: "already a partner" names what the program gives', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  const cases = [
    ['kk', 'jqsee', 'Сіз қазірдің өзінде JQSEE бағдарламасының серіктесісіз. Промокодтарыңыз: /link'],
    [
      'kk',
      'worksection-referral',
      'Сіз қазірдің өзінде Worksection (рефералдық) бағдарламасының серіктесісіз. Рефералдық сілтемелеріңіз: /link',
    ],
    ['ka', 'jqsee', 'თქვენ უკვე მონაწილეობთ პროგრამაში JQSEE. თქვენი პრომოკოდები: /link'],
    [
      'ka',
      'worksection-referral',
      'თქვენ უკვე მონაწილეობთ პროგრამაში Worksection (რეფერალური). თქვენი რეფერალური ბმულები: /link',
    ],
    ['en', 'jqsee', 'You are already a partner of JQSEE. Your promo codes: /link'],
    [
      'en',
      'worksection-referral',
      'You are already a partner of Worksection referral program. Your referral links: /link',
    ],
    ['ru', 'jqsee', 'Вы уже партнёр программы JQSEE. Ваши промокоды: /link'],
    ['lv', 'worksection-referral', /^Jūs jau esat programmas .+ partneris\. Jūsu ieteikuma saites: \/link$/],
  ] as const

  it.each(cases.map((c, i) => [...c, 95_401 + i] as const))('%s, %s', async (language, program, want, chat) => {
    telegram.languages.set(chat, language)
    await api.enrolled(program, { name: 'P', language, legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, `/start ${program}`)
    const answer = await telegram.nthText(chat, 1)
    if (typeof want === 'string') expect(answer).toBe(want)
    else expect(answer).toMatch(want)
  })
})
