import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 18 item 6 on the desk: a desk that writes its channel cards in Russian (SLACK_DESK_LANGUAGE=ru) names the
 * program as the definition names it in Russian, and the partner reads it in their own language (Latvian), never
 * the definition's default English name.
 */
describe('program names on a Russian desk', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_DESK_LANGUAGE: 'ru' })
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  it('the application card names worksection-partner in Russian; the approved partner reads it in Latvian', async () => {
    const { chat, partner } = await applyThroughBot(api, telegram, 18_601, 'lv')
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c: SlackCall) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload).includes(partner),
      10_000,
    )
    const shown = `${card.payload.text}${JSON.stringify(card.payload.blocks)}`
    expect(shown).toContain('Worksection (партнёрская)')
    expect(shown).not.toContain('Worksection partner program')

    await desk.action(USERS.support, 'application_approve', `${partner}:worksection-partner`, {
      channel: CHANNELS.disputes,
      ts: '18.6',
    })
    const told = await telegram.nthText(chat, 7)
    expect(told).toContain('Worksection (partneru)')
    expect(told).not.toContain('Worksection partner program')
    await telegram.sendText(chat, '/link')
    const link = await telegram.nthText(chat, 8)
    expect(link).toMatch(/^🔗 Worksection \(partneru\): /)
  })
})
