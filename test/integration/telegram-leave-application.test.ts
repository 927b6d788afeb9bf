import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyAndWithdrawThroughBot, worksectionPartnerName as programName } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) A worksection-partner applicant whose application still waits for the company takes
 * it back from /settings -> "Leave a program". There is no agreement yet, so no notice to serve: the application is
 * withdrawn at once, said in words that fit it (no agreement ending in 31 days, no links that "keep working": an
 * applicant has none), and the partner is free to join worksection-referral, which excludes it, right away.
 */
describe('telegram: an applicant withdraws an application that waits for approval', () => {
  const env = withTelegram('2026-03-05T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each([
    ['ru', 93_001],
    ['ka', 93_002],
  ] as const)('is withdrawn at once, and the excluded program can be joined (%s)', async (language, chat) => {
    const t = createI18n().t(language)
    // applied, as a partner does through the join link, and taken back from /settings
    const w = await applyAndWithdrawThroughBot(api, telegram, chat, language)
    expect(w.applied).toBe(t('join.applied', { program: programName(language) }))
    expect(w.confirm).toBe(t('endings.leave.confirm_application', { program: programName(language) }))
    expect(w.withdrawn).toBe(t('endings.leave.withdrawn', { program: programName(language) }))
    expect(w.enrolment.endsAt?.toISOString()).toBe('2026-03-05T10:00:00.000Z')

    // nothing binds the partner any more: the program that excludes worksection-partner takes them now
    await telegram.sendText(chat, '/start worksection-referral')
    const terms = await telegram.keyboardAfter(chat, w.sent + 1)
    expect(terms.buttons.map((b) => b.text)).toEqual([t('join.accept'), t('join.decline')])
  })
})
