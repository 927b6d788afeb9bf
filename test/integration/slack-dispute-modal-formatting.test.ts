import { beforeAll, describe, expect, it } from 'vitest'
import { formattedToMrkdwn, typedToFormatted } from '../../bots/slack/mrkdwn.ts'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { openOtherDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { miniAppInitData } from '../helpers/mini-app.ts'
import { waitUntil } from '../helpers/wait.ts'

type Entity = { type: string; offset: number; length: number }
type Sent = { text: string; entities?: Entity[]; parse_mode?: string }

/** What each entity of a Telegram message covers, as [type, the covered text]. */
const covered = (text: string, entities: Entity[] = []) =>
  entities.map((e) => [e.type, text.slice(e.offset, e.offset + e.length)])

/**
 * Support's Slack formatting typed into the desk's modals (the Reply modal, the resolution's note) reaches the partner
 * in Telegram as formatting (message entities), never as literal asterisks or underscores, as a reply typed in the
 * thread does; the partner reads the note again without markup in /dispute and the Mini App. Slack's
 * plain_text_input gives the text as typed: `<b>` and `&amp;` are the characters typed, not Slack's encoding.
 * Real Bolt and grammY, fake Slack and Telegram.
 */
describe("support's Slack formatting in the dispute desk's modals", () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })

  /** A partner in `language` with an open "other" dispute that has its card on the desk: the dispute's row. */
  const disputeOf = async (chat: number, language: string) => {
    telegram.languages.set(chat, language)
    const r = await api.enrol('jqsee', { name: `Partner ${chat}`, language, legalType: 'individual', telegramId: chat })
    expect(r.status).toBe(201)
    await openOtherDispute(telegram, chat, 'Where is my bonus?')
    return waitUntil(
      async () =>
        (await api.service.db.prisma.dispute.findFirst({
          where: { partnerId: r.body.partner.id, slackTs: { not: null } },
        })) ?? undefined,
    )
  }

  /** The modal a card's button opens. */
  const modalOf = async (action: string, disputeId: string) => {
    const mark = slack.calls.length
    await desk.action(USERS.support, action, disputeId, { channel: CHANNELS.disputes })
    return desk.openedView(mark)
  }

  const sentTo = async (chat: number, starts: string) =>
    (
      await telegram.waitForCall(
        'sendMessage',
        (c) => Number(c.payload.chat_id) === chat && String(c.payload.text).startsWith(starts),
        10_000,
      )
    ).payload as Sent

  it('Russian partner: a reply from the Reply modal arrives as entities, the thread copy keeps its Slack formatting', async () => {
    const chat = 7401
    const dispute = await disputeOf(chat, 'ru')
    const modal = await modalOf('dispute_reply', dispute.id)
    const typed = 'Проверили: *сумма верна*, _комиссия_ ~12 USD~ `ORD-1`; 2*3*4 и snake_case остаются, <b> &amp; тоже.'
    const sent = await desk.submit(USERS.support, modal, { message: { text: typed } })
    expect(sent.status).toBe(200)
    const payload = await sentTo(chat, '💬')
    const words = 'Проверили: сумма верна, комиссия 12 USD ORD-1; 2*3*4 и snake_case остаются, <b> &amp; тоже.'
    expect(payload.text).toBe(`💬 Поддержка ответила по спору №${dispute.number} (JQSEE):\n\n${words}`)
    expect(payload.parse_mode).toBeUndefined()
    expect(covered(payload.text, payload.entities)).toEqual([
      ['bold', 'сумма верна'],
      ['italic', 'комиссия'],
      ['strikethrough', '12 USD'],
      ['code', 'ORD-1'],
    ])
    const stored = await api.service.db.prisma.disputeMessage.findFirstOrThrow({
      where: { disputeId: dispute.id, author: 'support' },
    })
    expect(stored.text).toBe(words)
    // the copy in the thread shows what support typed, as Slack renders it (its own characters escaped)
    const copy = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.thread_ts === dispute.slackTs && String(c.payload.text).includes('Проверили'),
    )
    expect(String(copy.payload.text)).toContain(
      'Проверили: *сумма верна*, _комиссия_ ~12 USD~ `ORD-1`; 2*3*4 и snake_case остаются, &lt;b&gt; &amp;amp; тоже.',
    )
  })

  it('Latvian partner: the resolution note arrives as entities, and reads without markup in /dispute and the Mini App', async () => {
    const chat = 7402
    const dispute = await disputeOf(chat, 'lv')
    const modal = await modalOf('dispute_reject', dispute.id)
    const note = 'Pārbaudījām: *bonuss ir izmaksāts* _1. martā_, sk. `BON-7`.'
    const done = await desk.submit(USERS.support, modal, {
      reason: { reason: { selected: 'terms_applied' } },
      note: { text: note },
    })
    expect(done.status).toBe(200)
    const payload = await sentTo(chat, '❌')
    const words = 'Pārbaudījām: bonuss ir izmaksāts 1. martā, sk. BON-7.'
    expect(payload.text).toContain(`Atbalsta komandas komentārs: ${words}`)
    expect(payload.text).not.toMatch(/[*_`]/)
    expect(payload.parse_mode).toBeUndefined()
    expect(covered(payload.text, payload.entities)).toEqual([
      ['bold', 'bonuss ir izmaksāts'],
      ['italic', '1. martā'],
      ['code', 'BON-7'],
    ])

    // the dispute's view in the bot: /dispute lists it, its button shows it
    const before = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/dispute')
    await telegram.keyboardAfter(chat, before + 1)
    await telegram.press(chat, `dsp:view:${dispute.number}`)
    const view = await telegram.nthText(chat, before + 2)
    expect(view).toContain(`Atbalsta komandas komentārs: ${words}`)
    expect(view).not.toMatch(/[*_`]/)

    // the Mini App's dispute
    const r = await fetch(`${api.base}/app/api/disputes/${dispute.number}`, {
      headers: { authorization: `tma ${miniAppInitData(api, chat, 'lv')}` },
    })
    expect(r.status).toBe(200)
    const body = (await r.json()) as { dispute: { note: string }; messages: { text: string }[] }
    expect(body.dispute.note).toBe(words)
    expect(JSON.stringify(body.messages)).not.toMatch(/[*_`]/)
  })

  it('typed text: `<`, `>` and `&` are as typed, a bare address is never formatted, and the marks go back as typed', () => {
    const typed = 'See https://x.example/a_b_c_ and <https://y.example|y> &lt; _this_; *a* x*y*'
    const read = typedToFormatted(typed)
    expect(read.text).toBe('See https://x.example/a_b_c_ and <https://y.example|y> &lt; this; a x*y*')
    expect(covered(read.text, read.format)).toEqual([
      ['italic', 'this'],
      ['bold', 'a'],
    ])
    expect(formattedToMrkdwn(read.text, read.format)).toBe(
      'See https://x.example/a_b_c_ and &lt;https://y.example|y&gt; &amp;lt; _this_; *a* x*y*',
    )
  })
})
