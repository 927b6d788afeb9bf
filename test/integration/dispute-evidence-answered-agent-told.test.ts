import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { addToDispute, disputeCard, partnerWithDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Support asks for evidence from the modal (the bot posts the request in the thread, so the agent follows no thread)
 * and the case waits for the partner. When the partner answers, the case is back with its agent: the copy of the
 * answer in the thread names them, so Slack tells them, rather than the case waiting unseen until its deadline.
 */
describe('evidence the partner sends', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_DESK_LANGUAGE: 'kk' })
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  it('is copied into the thread naming the agent who asked for it, in the desk language', async () => {
    const chat = 19_101
    await partnerWithDispute({ api, telegram }, { chat, name: 'Ерлан', words: 'Бонус қайда?', language: 'kk' })
    const { id: disputeId, thread } = await disputeCard(slack)
    const mark = slack.calls.length
    await desk.action(USERS.support, 'dispute_evidence', disputeId, { channel: CHANNELS.disputes })
    const modal = await desk.openedView(mark)
    await desk.submit(USERS.support, modal, { message: { text: 'Кабинеттен скриншот жіберіңіз.' } })
    await telegram.nthText(chat, 5)

    const since = slack.calls.length
    await addToDispute(telegram, chat, { number: 1, sent: 5, text: 'Міне, скриншот.' })
    expect((await api.service.core.disputes.deskView(disputeId))!.dispute.status).toBe('claimed')

    const copied = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.thread_ts === thread && String(c.payload.text).includes('Міне, скриншот.'),
      10_000,
      since,
    )
    expect(copied.payload.text).toBe(
      ':bell: <@USUPPORT>, серіктес №1 дау бойынша сұраған мәліметіңізге жауап берді: дау қайтадан сізде.\n:speech_balloon: *Серіктес:* Міне, скриншот.',
    )
    expect(String(copied.payload.reply_broadcast)).not.toBe('true')
  })
})
