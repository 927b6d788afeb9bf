import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) Joining worksection-referral while in worksection-partner (exclusive, seed 001
 * 3.3.2) was refused with "You cannot be a partner of … while you are in …" and nothing more: the partner was not
 * told how to get in. The refusal now says what is true: leave the other program (/settings → Leave a program), and
 * join once out of it, after any notice period. The test checks that the words are said, and that they hold: the
 * join is still refused during worksection-partner's notice period and accepted once the agreement has ended.
 */
describe('telegram join refused as exclusive: the way forward', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each([
    ['ru', 95_401],
    ['kk', 95_402],
    ['ka', 95_403],
    ['lv', 95_404],
    ['en', 95_405],
  ] as const)('%s: says to leave the other program in /settings', async (language, chat) => {
    const t = createI18n().t(language)
    telegram.languages.set(chat, language)
    await api.enrolled('worksection-partner', { name: 'P', language, legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, '/start worksection-referral')
    const refusal = await telegram.nthText(chat, 1)
    expect(refusal).toContain('/settings')
    expect(refusal).toContain(t('endings.leave.button'))
  })

  it('the words hold: refused during the notice period, accepted once the agreement has ended', async () => {
    const chat = 95_406
    telegram.languages.set(chat, 'en')
    const { partner } = await api.enrolled('worksection-partner', {
      name: 'P',
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
    })
    await api.operator('POST', `/v1/programs/worksection-partner/partners/${partner}/approve`, {})
    // the partner leaves: worksection-partner's terms give 31 days' notice
    await api.service.core.endings.leave({ partnerId: partner, programKey: 'worksection-partner' })
    const refused = await api.enrol('worksection-referral', {
      name: 'P',
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
    })
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'enrolment.exclusive' } } })
    api.clock.advance(32 * 24 * 3600_000)
    await api.service.core.terms.endAgreementsDue()
    const joined = await api.enrol('worksection-referral', {
      name: 'P',
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
    })
    expect(joined.status, JSON.stringify(joined.body)).toBe(201)
  })
})
