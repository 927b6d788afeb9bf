import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { disputeCard, partnerWithDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Escalate pressed on a dispute that is already escalated (a double click, a colleague's stale card): nothing
 * changes, and the agent is told so. "Refresh and try again" would send them round: trying again can never work.
 */
describe('Escalate on an escalated dispute', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_DESK_LANGUAGE: 'kk' })
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
    slack.locales.set(USERS.admin, 'ru-RU')
  })

  it('says nothing changed, in the agent’s language, and audits one escalation', async () => {
    await partnerWithDispute({ api, telegram }, { chat: 18_901, name: 'Dana', words: 'Where is my payout?' })
    const { id: disputeId } = await disputeCard(slack)
    const press = async (user: string) => {
      const r = await desk.action(user, 'dispute_escalate', disputeId, { channel: CHANNELS.disputes })
      return (await slack.response(r.responseId)).text
    }
    // support reads the Kazakh desk (Slack's English is the desk's language when Slack has none of it)
    expect(await press(USERS.support)).toBe('№1 дау аға маманға жіберілді.')
    expect(await press(USERS.support)).toBe('Ештеңе өзгерген жоқ: №1 дау аға маманға жіберіліп қойған.')
    expect(await press(USERS.admin)).toBe('Ничего не изменилось: спор №1 уже передан старшему специалисту.')
    const audits = await api.service.db.prisma.auditLog.count({
      where: { action: 'dispute.escalate', subjectId: disputeId },
    })
    expect(audits).toBe(1)
  })
})
