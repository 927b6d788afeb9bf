import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n, type Language } from '../../bots/i18n/index.ts'
import { slackToFormatted } from '../../bots/slack/mrkdwn.ts'
import { programName } from '../../core/programs/names.ts'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { openOtherDispute } from '../helpers/dispute-flow.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

type Entity = { type: string; offset: number; length: number }

/** What each entity of a Telegram message covers, as [type, the covered text]. */
const covered = (text: string, entities: Entity[] = []) =>
  entities.map((e) => [e.type, text.slice(e.offset, e.offset + e.length)])

/**
 * Support's reply typed in a dispute's Slack thread, with Slack's formatting: it reaches the partner in Telegram as
 * formatting (message entities, offsets in UTF-16 units, inside the localized frame), never as literal asterisks,
 * underscores, tildes or backticks; the dispute keeps the plain text. Real Bolt and grammY, fake Slack and Telegram.
 */
describe("support's Slack formatting in a dispute reply", () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, desk } = env())
  })

  let n = 0
  /** A partner in `language` with an open dispute, and support's reply `text` typed in its thread: what Telegram got. */
  const replyInThread = async (chat: number, language: string, text: string) => {
    telegram.languages.set(chat, language)
    const r = await api.enrol('jqsee', { name: `Partner ${chat}`, language, legalType: 'individual', telegramId: chat })
    expect(r.status).toBe(201)
    await openOtherDispute(telegram, chat, 'Where is my bonus?')
    const dispute = await waitUntil(
      async () =>
        (await api.service.db.prisma.dispute.findFirst({
          where: { partnerId: r.body.partner.id, slackTs: { not: null } },
        })) ?? undefined,
    )
    const event = {
      type: 'message',
      channel: CHANNELS.disputes,
      user: USERS.support,
      text,
      ts: `1800000000.00${++n}`,
      thread_ts: dispute.slackTs,
    }
    expect((await desk.event(event)).status).toBe(200)
    const sent = await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === chat && String(c.payload.text).startsWith('💬'),
      10_000,
    )
    const stored = await waitUntil(
      async () =>
        (await api.service.db.prisma.disputeMessage.findFirst({
          where: { disputeId: dispute.id, author: 'support' },
        })) ?? undefined,
    )
    // the partner's localized frame around support's words
    const number = (await api.service.db.prisma.dispute.findUniqueOrThrow({ where: { id: dispute.id } })).number
    const program = programName(api.service.core.programs.get('jqsee'), language)
    const frame = (words: string) =>
      createI18n().t(language as Language)('disputes.notify.reply', { number, program, text: words })
    return {
      payload: sent.payload as { text: string; entities?: Entity[]; parse_mode?: string },
      stored,
      frame,
    }
  }

  it('Russian partner: bold, italic, strikethrough, code and a code block arrive as entities around the plain words, in the frame', async () => {
    const raw =
      'Проверили: *сумма верна*, _комиссия_ ~12 USD~ `ORD-1`; 2*3*4 и snake_case_name остаются. ' +
      'См. <https://ex.example/a_b_|FAQ>\n```SELECT *\nFROM orders```'
    const { payload, stored, frame } = await replyInThread(7301, 'ru', raw)
    const words =
      'Проверили: сумма верна, комиссия 12 USD ORD-1; 2*3*4 и snake_case_name остаются. ' +
      'См. FAQ (https://ex.example/a_b_)\nSELECT *\nFROM orders'
    expect(payload.text).toBe(frame(words))
    expect(payload.text).toMatch(/^💬 Поддержка ответила по спору №\d+ \(JQSEE\):\n\nПроверили: сумма верна,/)
    expect(payload.parse_mode).toBeUndefined()
    expect(covered(payload.text, payload.entities)).toEqual([
      ['bold', 'сумма верна'],
      ['italic', 'комиссия'],
      ['strikethrough', '12 USD'],
      ['code', 'ORD-1'],
      ['pre', 'SELECT *\nFROM orders'],
    ])
    // the dispute keeps the words without markers (the history, /dispute and the Mini App show them), and the spans
    expect(stored.text).toBe(words)
    expect(covered(stored.text, stored.format as Entity[])).toEqual(covered(payload.text, payload.entities))
  })

  it('Georgian partner: offsets count UTF-16 units (an emoji is two), nested marks nest, and escaped markup stays text', async () => {
    const raw = '🙂 *_ყველაფერი_ სწორია*: &lt;b&gt;არა&lt;/b&gt; <@U123> ~ ~ * *'
    const { payload, stored, frame } = await replyInThread(7302, 'ka', raw)
    const words = '🙂 ყველაფერი სწორია: <b>არა</b>  ~ ~ * *'
    expect(stored.text).toBe(words)
    expect(payload.text).toBe(frame(words))
    expect(payload.text).toMatch(/^💬 მხარდაჭერის გუნდმა გიპასუხათ დავაზე №\d+ /)
    expect(payload.parse_mode).toBeUndefined()
    expect(covered(payload.text, payload.entities)).toEqual([
      ['bold', 'ყველაფერი სწორია'],
      ['italic', 'ყველაფერი'],
    ])
    const bold = payload.entities!.find((e) => e.type === 'bold')!
    // the frame's 💬 and the reply's 🙂 are two UTF-16 units each
    expect(bold.offset).toBe(payload.text.indexOf('ყველაფერი'))
  })

  it('only marks Slack renders become formatting: inside words, around spaces and across lines they stay as written', () => {
    expect(slackToFormatted('2*3*4 a*b* *a*b x_y_z')).toEqual({ text: '2*3*4 a*b* *a*b x_y_z', format: [] })
    expect(slackToFormatted('* not bold * and *not\nbold*')).toEqual({
      text: '* not bold * and *not\nbold*',
      format: [],
    })
    expect(slackToFormatted('  *ok*, `*no*` _yes_  ')).toEqual({
      text: 'ok, *no* yes',
      format: [
        { type: 'bold', offset: 0, length: 2 },
        { type: 'code', offset: 4, length: 4 },
        { type: 'italic', offset: 9, length: 3 },
      ],
    })
    // a mark never closes inside a link
    expect(slackToFormatted('_see <https://x.example/a_b|docs>')).toEqual({
      text: '_see docs (https://x.example/a_b)',
      format: [],
    })
  })
})
