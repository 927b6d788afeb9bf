import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'

/**
 * An admin drafts a jqsee term change (no notice period: it applies from the date picked) and picks a date that has
 * already passed, in Slack or through the API. The change is rightly refused, but the refusal says «Too early: given
 * the program's notice (in days: 0), the change can take effect from April 1, 2026 at the earliest» — the date is
 * not too early, it is in the past, and a program with no notice has no notice to count (core/domain/terms.ts
 * checkNotice raised `terms.notice_too_short` for every date before the earliest one, past or not). The admin was told
 * the opposite of what is wrong.
 */
describe('a term change dated in the past', () => {
  const env = withDesk('2026-04-01T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, desk } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))

  it('is refused as in the past, not as too early', async () => {
    await enrol('jqsee', 6801, 'en')
    const r = await api.operator('POST', '/v1/programs/jqsee/terms', {
      effectiveAt: '2026-03-20T00:00:00Z',
      texts: { en: 'From 20 March the commission is 12%.' },
    })
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('terms.effective_in_past')
    expect(r.body.error.message).toMatch(/already passed/)

    const slack = env().slack
    const mark = slack.calls.length
    await desk.command('terms jqsee', USERS.admin)
    const compose = await desk.openedView(mark)
    const answer = await desk.submit(USERS.admin, compose, {
      effective: { date: { date: '2026-03-20' } },
      text_en: { text: 'From 20 March the commission is 12%.' },
    })
    expect(answer.body.response_action).toBe('errors')
    expect(answer.body.errors.effective).toMatch(/already passed/)
  }, 30_000)
})
