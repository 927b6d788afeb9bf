import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { addToDispute, disputeCard, partnerWithDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * A partner who disagrees with a decision answers it and the dispute opens again, with a new deadline. Its card is
 * an old message far up the channel and the partner's words go into its thread, where no one is told: the desk
 * hears of the reopened case in the channel itself, its agent named, with the new answer-by date.
 */
describe('a dispute the partner reopens', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  it('is announced in the disputes channel, to its agent, with the new deadline', async () => {
    const chat = 19_001
    await partnerWithDispute({ api, telegram }, { chat, name: 'Олег', words: 'Почему списали бонус?', language: 'ru' })
    const { id: disputeId, thread } = await disputeCard(slack)
    await desk.action(USERS.support, 'dispute_claim', disputeId, { channel: CHANNELS.disputes })
    const mark = slack.calls.length
    await desk.action(USERS.support, 'dispute_reject', disputeId, { channel: CHANNELS.disputes })
    const resolve = await desk.openedView(mark)
    await desk.submit(USERS.support, resolve, { reason: { reason: { selected: 'no_evidence' } } })
    expect(await telegram.nthText(chat, 5)).toMatch(/^❌ Спор №1 \(JQSEE\) отклонён/)

    // Monday: the partner answers the decision; 5 business days in Kyiv make it Monday 16 March
    api.clock.set('2026-03-09T10:00:00Z')
    const since = slack.calls.length
    await addToDispute(telegram, chat, { number: 1, sent: 5, text: 'Вот скриншот из кабинета, бонус был.' })
    expect((await api.service.core.disputes.deskView(disputeId))!.dispute.status).toBe('open')

    const told = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.thread_ts === thread && String(c.payload.text).includes('Вот скриншот из кабинета'),
      10_000,
      since,
    )
    expect(String(told.payload.reply_broadcast)).toBe('true')
    expect(told.payload.text).toMatch(
      /^:arrows_counterclockwise: <@USUPPORT>, the partner answered the decision: dispute #1 is open again, to be answered by March 16, 2026/,
    )
  })
})
