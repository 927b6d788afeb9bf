import { beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { CHANNELS, type DeskClient, USERS, withLoggedDesk } from '../helpers/desk.ts'
import { openOtherDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

const SLACK_DOWN_RU =
  'Slack сейчас не отвечает, поэтому действие не выполнено. Пожалуйста, попробуйте ещё раз через минуту.'

/**
 * Slack's Web API goes down (HTTP 500, or no answer at all) while support works a dispute. Whatever Slack sends
 * the service is answered within Slack's 3 s; whoever acted is told, in their Slack language, what could not be
 * done; what was decided in core stays decided; what the partner wrote waits for Slack and reaches the thread
 * once it is back, exactly once. The service keeps serving partners throughout. Real service, fake Slack and
 * Telegram, every log line captured at trace level.
 */
describe('a Slack outage: the desk answers in time, tells its users, loses nothing', () => {
  const env = withLoggedDesk('2026-03-06T10:00:00Z')
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  let base: string
  let logs: string[]
  beforeAll(() => {
    ;({ telegram, slack, desk, base, logs } = env())
    slack.locales.set(USERS.support, 'ru-RU')
  })

  /** A Russian partner opens a dispute in Telegram; its card reaches the disputes channel. */
  async function openDispute(chat: number, text: string) {
    telegram.languages.set(chat, 'ru')
    await env().enrol('jqsee', { name: `Partner ${chat}`, language: 'ru', legalType: 'individual', telegramId: chat })
    const number = Number(/№\s?(\d+)/.exec(await openOtherDispute(telegram, chat, text))![1])
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && String(c.payload.text).startsWith(`Dispute #${number} `),
    )
    const disputeId = (card.payload.blocks as any[]).find((b) => b.type === 'actions').elements[0].value as string
    return { number, disputeId }
  }

  const timed = async <T extends { status: number }>(send: () => Promise<T>) => {
    const started = performance.now()
    const res = await send()
    return { ...res, ms: performance.now() - started }
  }
  const uploaded = (c: { payload: Record<string, any> }): string[] =>
    (typeof c.payload.files === 'string' ? JSON.parse(c.payload.files) : c.payload.files).map(
      (f: { id: string }) => f.id,
    )
  const posted = (text: string) =>
    slack.calls.filter((c) => c.method === 'chat.postMessage' && String(c.payload.text).includes(text))

  describe.each([
    ['answers HTTP 500', 'error', 8201],
    ['never answers', 'hang', 8202],
  ] as const)('the Web API %s', (_what, mode, chat) => {
    it('every request is answered within 3 s, the user is told, nothing is done twice or lost', async () => {
      const core = env().service.core
      const words = {
        opening: `Выплата не пришла (${mode}).`,
        reply: `Проверяем платёж, ответим завтра (${mode}).`,
        partner: `Вот номер транзакции TX-QWERTY (${mode}).`,
        thread: `Платёж найден, отправляем повторно (${mode}).`,
      }
      const { number, disputeId } = await openDispute(chat, words.opening)
      // before the outage: support claims the case (Slack learns their language) and opens the reply form
      const claimed = await desk.action(USERS.support, 'dispute_claim', disputeId, { channel: CHANNELS.disputes })
      await waitUntil(() => slack.responses.find((r) => r.id === claimed.responseId))
      const mark = slack.calls.length
      await desk.action(USERS.support, 'dispute_reply', disputeId, { channel: CHANNELS.disputes })
      const form = await desk.openedView(mark)
      const partnerTexts = telegram.textsTo(chat).length

      slack.outage(mode)
      onTestFinished(() => slack.recover())

      // a button whose form Slack cannot open: answered at once, the user told why in Russian, nothing changed
      const pressed = await timed(() =>
        desk.action(USERS.support, 'dispute_evidence', disputeId, { channel: CHANNELS.disputes }),
      )
      expect(pressed.status).toBe(200)
      expect(pressed.ms).toBeLessThan(3_000)
      const told = await waitUntil(() => slack.responses.find((r) => r.id === pressed.responseId), 20_000)
      expect(told.body).toMatchObject({ response_type: 'ephemeral', text: SLACK_DOWN_RU })
      expect((await core.disputes.deskView(disputeId))!.dispute.status).toBe('claimed')

      // the reply typed in the form: taken by core (the modal closes), reaches the partner
      const sent = await timed(() => desk.submit(USERS.support, form, { message: { text: words.reply } }))
      expect(sent.status).toBe(200)
      expect(sent.body).toBeUndefined()
      expect(sent.ms).toBeLessThan(3_000)
      expect(await telegram.nthText(chat, partnerTexts + 1)).toBe(
        `💬 Поддержка ответила по спору №${number} (JQSEE):\n\n${words.reply}`,
      )

      // the partner answers in Telegram: kept until it can be posted to the thread
      await telegram.press(chat, `dsp:add:${number}`)
      await telegram.nthText(chat, partnerTexts + 2)
      await telegram.sendText(chat, words.partner)
      await telegram.keyboardAfter(chat, partnerTexts + 3)
      await telegram.press(chat, ':send')
      expect(await telegram.nthText(chat, partnerTexts + 4)).toMatch(/^Добавлено в спор №/)

      // support writes in the thread (an event): answered at once, reaches the partner
      const thread = (await core.disputes.deskView(disputeId))!.dispute
      const event = await timed(() =>
        desk.event({
          type: 'message',
          channel: CHANNELS.disputes,
          user: USERS.support,
          text: words.thread,
          ts: `1900000000.00${chat}`,
          thread_ts: thread.slackTs,
        }),
      )
      expect(event.status).toBe(200)
      expect(event.ms).toBeLessThan(3_000)
      expect(await telegram.nthText(chat, partnerTexts + 5)).toBe(
        `💬 Поддержка ответила по спору №${number} (JQSEE):\n\n${words.thread}`,
      )

      // a command: answered at once, through the response_url
      const queue = await timed(() => desk.command('disputes', USERS.support))
      expect(queue.status).toBe(200)
      expect(queue.ms).toBeLessThan(3_000)
      const list = await waitUntil(() => slack.responses.find((r) => r.id === queue.responseId), 10_000)
      expect(JSON.stringify(list.body.blocks)).toContain(`*№${number}*`)

      // the process serves on: health, partners in Telegram
      expect((await fetch(`${base}/healthz`)).status).toBe(200)
      await telegram.sendText(chat, '/help')
      await telegram.nthText(chat, partnerTexts + 6)

      // Slack took nothing meanwhile; the desk's posts wait for it
      expect(posted(words.partner)).toEqual([])
      expect(posted(words.reply)).toEqual([])
      const tries = () =>
        slack.unanswered.filter(
          (c) => c.method === 'chat.postMessage' && String(c.payload.text).includes(words.partner),
        )
      await waitUntil(() => tries()[0], 20_000)
      // a job does not give up after its 5 attempts while Slack is down: it waits (cheap to show with fast 500s)
      if (mode === 'error') await waitUntil(() => (tries().length > 5 ? true : undefined), 30_000)

      slack.recover()

      // once Slack is back: the partner's message and the form's reply reach the thread, once each
      await slack.waitForCall('chat.postMessage', (c) => String(c.payload.text).includes(words.partner), 60_000)
      await slack.waitForCall('chat.postMessage', (c) => String(c.payload.text).includes(words.reply), 60_000)
      await new Promise((r) => setTimeout(r, 1_500))
      expect(posted(words.partner)).toHaveLength(1)
      expect(posted(words.reply)).toHaveLength(1)
      expect(posted(words.partner)[0]!.payload.thread_ts).toBe(thread.slackTs)
      // and in core, each message once, in the order written; the claim stands
      const view = (await core.disputes.deskView(disputeId))!
      expect(view.messages.map((m) => [m.author, m.text])).toEqual([
        ['partner', words.opening],
        ['support', words.reply],
        ['partner', words.partner],
        ['support', words.thread],
      ])
      expect(view.dispute.status).toBe('claimed')
      expect(view.dispute.assignee).toBe(`slack:${USERS.support}`)
      // the partner got each answer once
      const texts = telegram.textsTo(chat)
      expect(texts.filter((t) => t.includes(words.reply))).toHaveLength(1)
      expect(texts.filter((t) => t.includes(words.thread))).toHaveLength(1)
    }, 120_000)
  })

  it('a desk job Slack failed half-way goes on where it stopped: the text once, the file once', async () => {
    const chat = 8203
    const { number, disputeId } = await openDispute(chat, 'Сверка по чеку (частично).')
    // support asks for the receipt; the partner answers with the button under it
    const mark = slack.calls.length
    await desk.action(USERS.support, 'dispute_evidence', disputeId, { channel: CHANNELS.disputes })
    await desk.submit(USERS.support, await desk.openedView(mark), { message: { text: 'Пришлите чек, пожалуйста.' } })
    await telegram.nthText(chat, 5)
    const before = telegram.textsTo(chat).length
    // the thread message goes through, then Slack fails the file's upload twice
    slack.serverErrorNext('files.getUploadURLExternal', 2)
    await telegram.press(chat, `dsp:add:${number}`)
    await telegram.nthText(chat, before + 1)
    await telegram.sendText(chat, 'Чек об оплате 8203 прилагаю.')
    await telegram.keyboardAfter(chat, before + 2)
    await telegram.sendFile(chat, 'photo', Buffer.from('JPEG-receipt-8203'))
    await telegram.keyboardAfter(chat, before + 3)
    await telegram.press(chat, ':send')
    const done = await slack.waitForCall(
      'files.completeUploadExternal',
      (c) =>
        JSON.stringify(c.payload.files).length > 0 && slack.files.get(uploaded(c)[0]!)?.data.includes('8203') === true,
      30_000,
    )
    expect(done.payload.channel_id).toBe(CHANNELS.disputes)
    await new Promise((r) => setTimeout(r, 1_000))
    expect(posted('Чек об оплате 8203')).toHaveLength(1)
    const receipts = slack.calls.filter(
      (c) => c.method === 'files.completeUploadExternal' && slack.files.get(uploaded(c)[0]!)?.data.includes('8203'),
    )
    expect(receipts).toHaveLength(1)
    // Slack failed the upload as a server error: nothing was said in the thread about a failed file
    expect(posted(':warning:')).toEqual([])
  })

  it('logs no word of what partners and support wrote, at trace level', () => {
    // debug lines were written (Bolt's and the Web API client's among them), so a logged body would be seen
    expect(logs.filter((l) => l.includes('"level":"debug"') && l.includes('"surface":"slack"')).length).toBeGreaterThan(
      10,
    )
    for (const l of logs)
      for (const w of [
        'Выплата не пришла',
        'Проверяем платёж',
        'номер транзакции',
        'TX-QWERTY',
        'Платёж найден',
        'Сверка по чеку',
        'Пришлите чек',
        'Чек об оплате',
      ]) {
        expect(l).not.toContain(w)
      }
  })
})
