import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { disputeCard, partnerWithDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * "Ask for evidence" pressed on a new dispute no one has claimed yet: the agent takes the case (the first to answer
 * does) and the case waits for the partner, as it does when the agent claimed it first. It must not read "in
 * progress" on its card and the App Home while it is the partner's turn.
 */
describe('evidence asked on an unclaimed dispute', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  it('waits for the partner, with the agent who asked as its assignee', async () => {
    await partnerWithDispute({ api, telegram }, { chat: 19_201, name: 'Mia', words: 'My bonus is missing.' })
    const { id: disputeId } = await disputeCard(slack)
    const mark = slack.calls.length
    await desk.action(USERS.support, 'dispute_evidence', disputeId, { channel: CHANNELS.disputes })
    const modal = await desk.openedView(mark)
    await desk.submit(USERS.support, modal, { message: { text: 'Please send a screenshot of your account.' } })
    expect((await api.service.core.disputes.deskView(disputeId))!.dispute).toMatchObject({
      status: 'awaiting_partner',
      assignee: `slack:${USERS.support}`,
    })
    await slack.waitForCall(
      'chat.update',
      (c) =>
        c.payload.channel === CHANNELS.disputes &&
        JSON.stringify(c.payload.blocks).includes(JSON.stringify('*Status*\nwaiting for the partner')),
      10_000,
      mark,
    )
  })
})
