import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { disputeCard, partnerWithDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * Slack writes every emoji of a message as its short name in the event's `text` (`:slightly_smiling_face:`), the
 * character itself only in the message's rich-text blocks. What support writes in a dispute's thread reaches the
 * partner in Telegram with the emoji they chose, never Slack's short names.
 */
describe('a dispute thread reply with emoji', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_DESK_LANGUAGE: 'kk' })
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  it('reaches the Kazakh partner as the emoji themselves', async () => {
    const chat = 18_801
    await partnerWithDispute({ api, telegram }, { chat, name: 'Айгүл', words: 'Төлемім қайда?', language: 'kk' })
    const card = await disputeCard(slack)
    // the card's ts is kept once Slack has answered its post: a reply in its thread is known from then on
    await waitUntil(async () => (await api.service.core.disputes.byThread(CHANNELS.disputes, card.thread)) ?? undefined)
    const text = 'Рақмет :slightly_smiling_face: Төлем жіберілді :+1::skin-tone-4: :man-technologist:'
    const section = [
      { type: 'text', text: 'Рақмет ' },
      { type: 'emoji', name: 'slightly_smiling_face', unicode: '1f642' },
      { type: 'text', text: ' Төлем жіберілді ' },
      { type: 'emoji', name: '+1', unicode: '1f44d-1f3fd', skin_tone: 4 },
      { type: 'text', text: ' ' },
      { type: 'emoji', name: 'man-technologist', unicode: '1f468-200d-1f4bb' },
    ]
    const event = {
      type: 'message',
      channel: CHANNELS.disputes,
      user: USERS.support,
      text,
      ts: '1800000000.000200',
      thread_ts: card.thread,
      blocks: [{ type: 'rich_text', block_id: 'x1', elements: [{ type: 'rich_text_section', elements: section }] }],
    }
    expect((await desk.event(event)).status).toBe(200)
    expect(await telegram.nthText(chat, 5)).toBe(
      '💬 Қолдау қызметі №1 дау бойынша жауап берді (JQSEE):\n\nРақмет 🙂 Төлем жіберілді 👍🏽 👨‍💻',
    )
  })
})
