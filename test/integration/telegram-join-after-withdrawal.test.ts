import { readFileSync } from 'node:fs'
import { sign } from '@telegram-apps/init-data-node'
import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyAndWithdrawThroughBot, worksectionPartnerName as programName } from '../helpers/applicant.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) A worksection-partner applicant who took back an application still waiting for
 * approval (/settings -> "Leave a program") and opens the program's join link again was told that their agreement
 * had ended: withdrawing ended the enrolment for `partner_request`, like a partner leaving after approval, so the
 * link could not tell them apart. The withdrawal is kept as `application_withdrawn`, and the link says the
 * application was withdrawn and, since an enrolment is kept once per partner and program, that support reopens it.
 */
describe('telegram: the join link after an application was withdrawn', () => {
  const env = withTelegram('2026-03-05T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each([
    ['ru', 94_001],
    ['ka', 94_002],
  ] as const)('says the application was withdrawn, not that an agreement ended (%s)', async (language, chat) => {
    const t = createI18n().t(language)
    // applied, as a partner does through the join link, and taken back from /settings
    const { applied, withdrawn, enrolment, sent } = await applyAndWithdrawThroughBot(api, telegram, chat, language)
    let n = sent
    expect(applied).toBe(t('join.applied', { program: programName(language) }))
    expect(withdrawn).toBe(t('endings.leave.withdrawn', { program: programName(language) }))
    expect(enrolment.endReason).toBe('application_withdrawn')

    await telegram.sendText(chat, '/start worksection-partner')
    const answer = await telegram.nthText(chat, ++n)
    expect(answer).toBe(t('join.withdrawn', { program: programName(language) }))
    expect(answer).not.toBe(t('join.ended', { program: programName(language) }))
    expect(answer).toContain('/dispute')

    // /link does not speak of an agreement either: the applicant never had links there
    await telegram.sendText(chat, '/link')
    const links = await telegram.nthText(chat, ++n)
    expect(links).toContain(t('link.withdrawn', { program: programName(language) }))
    expect(links).not.toContain(t('link.ended', { program: programName(language) }))

    // the Mini App shows the application withdrawn (its own words), never approved
    const auth = `tma ${sign({ user: { id: chat, first_name: 'A' }, chat_type: 'sender', chat_instance: '1' }, TEST_TOKEN, api.clock.now())}`
    const me = await (await fetch(`${api.base}/app/api/me`, { headers: { authorization: auth } })).json()
    expect(me.programs).toEqual([
      expect.objectContaining({ key: 'worksection-partner', status: 'withdrawn', approved: false }),
    ])
    const shown = await (await fetch(`${api.base}/app/api/links`, { headers: { authorization: auth } })).json()
    expect(shown).toMatchObject({ links: [], notice: t('link.withdrawn', { program: programName(language) }) })
    // and its note (the page's own words) says the application was withdrawn and how to have it reopened
    const page = JSON.parse(readFileSync(`locales/${language}/app.json`, 'utf8')).enrolment
    expect(page.withdrawn).toContain('/dispute')
    expect(page.withdrawn).toContain('{{program}}')
  })
})
