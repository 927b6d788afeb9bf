import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { disputeFirstCommission } from '../helpers/dispute-flow.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

/** The ids of the files a files.completeUploadExternal call completes (the fake knows each one's name and bytes). */
const uploadedIds = (c: { payload: Record<string, any> }): string[] =>
  (typeof c.payload.files === 'string' ? JSON.parse(c.payload.files) : c.payload.files).map((f: { id: string }) => f.id)

/**
 * The dispute desk end to end: a partner opens a case in Telegram (with a photo), it lands in Slack with its
 * context, support claims and answers in a modal and in the thread (with a file), the partner answers back,
 * and the decision reaches the partner in their language. Real grammY and Bolt, fake Telegram and Slack APIs.
 */
describe('dispute desk: Telegram <-> Slack', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })

  const cardOf = (number: number) =>
    slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && String(c.payload.text).startsWith(`Dispute #${number} `),
    )
  const partner = async (chat: number, language: string, program = 'jqsee') => {
    telegram.languages.set(chat, language)
    const r = await api.enrol(program, { name: `Partner ${chat}`, language, legalType: 'individual', telegramId: chat })
    expect(r.status).toBe(201)
    return { id: r.body.partner.id as string, code: r.body.codes[0].code as string }
  }

  it('Russian partner: commission dispute with a photo -> desk card and thread -> replies both ways -> rejected', async () => {
    const chat = 7101
    const { id, code } = await partner(chat, 'ru')
    await api.recorded('jqsee', {
      id: 'd-pay-1',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'd-cust-1',
      ref: code,
      order: 'd-order-1',
      amount: '120.00',
      currency: 'USD',
    })

    // Telegram: /dispute -> about a commission -> that commission -> text + photo -> Send
    await telegram.sendText(chat, '/dispute')
    const what = await telegram.keyboardAfter(chat, 1)
    expect(what.text).toBe('Что вы хотите оспорить?')
    expect(what.buttons.map((b) => b.text)).toEqual(['Вознаграждение', 'Другой вопрос'])
    await telegram.press(chat, ':commission')
    const which = await telegram.keyboardAfter(chat, 2)
    expect(which.buttons).toHaveLength(1)
    expect(which.buttons[0]!.text).toContain('12,00 USD')
    await telegram.pressButton(chat, which.message_id, which.buttons[0]!.data)
    expect(await telegram.nthText(chat, 3)).toMatch(/^Опишите ситуацию/)
    await telegram.sendText(chat, 'Клиент оплатил 150 USD, а не 120.')
    await telegram.keyboardAfter(chat, 4)
    await telegram.sendFile(chat, 'photo', Buffer.from('PNG-receipt-bytes'), { caption: 'Чек' })
    const more = await telegram.keyboardAfter(chat, 5)
    expect(more.text).toMatch(/всего 2 сообщения/)
    await telegram.press(chat, ':send')
    // 5 business days in Kyiv: Friday 6 March -> Friday 13 March
    expect(await telegram.nthText(chat, 6)).toMatch(/^Спор №1 открыт\. .*13 марта 2026/)

    // Slack: the card, with the disputed commission, the terms and the partner's language
    const card = await cardOf(1)
    const blocks = JSON.stringify(card.payload.blocks)
    expect(blocks).toContain('commission 12.00 USD')
    expect(blocks).toContain('Русский')
    expect(blocks).toContain('revision')
    expect(blocks).toContain('Клиент оплатил 150 USD, а не 120.')
    for (const a of [
      'dispute_claim',
      'dispute_reply',
      'dispute_evidence',
      'dispute_uphold',
      'dispute_reject',
      'dispute_escalate',
    ])
      expect(blocks).toContain(a)
    const threadTs = String(
      (await slack.waitForCall('chat.postMessage', (c) => c.payload.channel === CHANNELS.disputes)).payload.ts ??
        '1700000000.000100',
    )
    // the photo went into the card's thread
    const upload = await slack.waitForCall('files.completeUploadExternal', undefined, 10_000)
    expect(upload.payload.channel_id).toBe(CHANNELS.disputes)
    expect(upload.payload.thread_ts).toMatch(/^\d+\.\d+$/)
    const uploaded = slack.files.get(uploadedIds(upload)[0]!)
    expect(uploaded?.data.toString()).toContain('PNG-receipt-bytes')
    const disputeId = JSON.parse(blocks).find((b: any) => b.type === 'actions').elements[0].value as string

    // someone without the support role is refused, and nothing changes
    const refused = await desk.action(USERS.stranger, 'dispute_claim', disputeId, { channel: CHANNELS.disputes })
    expect(refused.status).toBe(200)
    await waitUntil(() => slack.responses.find((r) => r.id === refused.responseId))
    expect(slack.responses.find((r) => r.id === refused.responseId)!.body.text).toMatch(/support/)
    const before = await api.service.core.disputes.deskView(disputeId)
    expect(before!.dispute).toMatchObject({ status: 'open' })
    expect(before!.dispute.assignee).toBeUndefined()

    // support claims: the card shows who has it
    const claimed = await desk.action(USERS.support, 'dispute_claim', disputeId, { channel: CHANNELS.disputes })
    await waitUntil(() => slack.responses.find((r) => r.id === claimed.responseId))
    expect(slack.responses.find((r) => r.id === claimed.responseId)!.body.text).toBe('Dispute #1 is yours now.')
    const update = await slack.waitForCall('chat.update', (c) =>
      JSON.stringify(c.payload.blocks).includes(JSON.stringify('*Status*\nin progress')),
    )
    expect(JSON.stringify(update.payload.blocks)).toContain(`<@${USERS.support}>`)

    // Claim pressed again on a stale card: by another agent it is refused (the case stays with support), by support
    // itself it says nothing changed; neither audits anything
    const audits = () =>
      api.service.db.prisma.auditLog.count({ where: { action: 'dispute.claim', subjectId: disputeId } })
    expect(await audits()).toBe(1)
    const answer = async (user: string) => {
      const r = await desk.action(user, 'dispute_claim', disputeId, { channel: CHANNELS.disputes })
      await waitUntil(() => slack.responses.find((x) => x.id === r.responseId))
      return slack.responses.find((x) => x.id === r.responseId)!.body.text
    }
    expect(await answer(USERS.admin)).toBe(
      `Dispute #1 is already being handled by <@${USERS.support}>. Nothing changed.`,
    )
    expect(await answer(USERS.support)).toBe('Nothing changed: dispute #1 is already yours.')
    expect((await api.service.core.disputes.deskView(disputeId))!.dispute).toMatchObject({
      status: 'claimed',
      assignee: `slack:${USERS.support}`,
    })
    expect(await audits()).toBe(1)

    // a reply from the modal reaches the partner in Telegram and is mirrored into the thread
    const mark = slack.calls.length
    await desk.action(USERS.support, 'dispute_reply', disputeId, { channel: CHANNELS.disputes })
    const modal = await desk.openedView(mark)
    expect(modal.callback_id).toBe('dispute_reply_modal')
    const sent = await desk.submit(USERS.support, modal, { message: { text: 'Проверяем по выписке банка.' } })
    expect(sent.status).toBe(200)
    expect(await telegram.nthText(chat, 7)).toBe(
      '💬 Поддержка ответила по спору №1 (JQSEE):\n\nПроверяем по выписке банка.',
    )
    await slack.waitForCall(
      'chat.postMessage',
      (c) => String(c.payload.text).includes('Проверяем по выписке банка.') && c.payload.thread_ts !== undefined,
    )

    // the partner answers with the button under the reply: it appears in the thread
    await telegram.press(chat, 'dsp:add:1')
    expect(await telegram.nthText(chat, 8)).toMatch(/^Отправьте сообщение по спору №1/)
    await telegram.sendText(chat, 'Выписку пришлю завтра.')
    await telegram.keyboardAfter(chat, 9)
    await telegram.press(chat, ':send')
    expect(await telegram.nthText(chat, 10)).toMatch(/^Добавлено в спор №1/)
    const mirrored = await slack.waitForCall('chat.postMessage', (c) =>
      String(c.payload.text).includes('Выписку пришлю завтра.'),
    )
    expect(mirrored.payload.text).toMatch(/Partner/)
    const thread = { channel: CHANNELS.disputes, ts: String(mirrored.payload.thread_ts) }
    expect(thread.ts).not.toBe('undefined')
    expect(threadTs).toBeTruthy()

    // support writes in the thread with a file: the partner gets both; Slack's retry of the event changes nothing
    const fileId = slack.addUserFile('statement.pdf', Buffer.from('%PDF-statement'))
    const message = {
      type: 'message',
      channel: thread.channel,
      user: USERS.support,
      text: 'Вот что мы видим у себя.',
      ts: '1800000000.000200',
      thread_ts: thread.ts,
      subtype: 'file_share',
      files: [{ id: fileId, name: 'statement.pdf', mimetype: 'application/pdf', size: 14 }],
    }
    expect((await desk.event(message, 'EvThread1')).status).toBe(200)
    expect((await desk.event(message, 'EvThread1')).status).toBe(200)
    expect(await telegram.nthText(chat, 11)).toBe(
      '💬 Поддержка ответила по спору №1 (JQSEE):\n\nВот что мы видим у себя.',
    )
    const doc = await telegram.waitForCall('sendDocument', (c) => Number(c.payload.chat_id) === chat)
    expect(Object.values(doc.files)[0]).toMatchObject({ name: 'statement.pdf', size: 14 })
    // a bot's own message in the thread (our mirror) is not sent back
    await desk.event(
      { ...message, user: undefined, bot_id: 'BBOT', ts: '1800000000.000300', files: undefined },
      'EvBot',
    )
    // nor is the desk's internal note
    await desk.event(
      {
        ...message,
        text: '// ask finance about the bank statement',
        ts: '1800000000.000400',
        files: undefined,
        subtype: undefined,
      },
      'EvNote',
    )
    await new Promise((r) => setTimeout(r, 300))
    expect(telegram.textsTo(chat)).toHaveLength(11)

    // reject with a reason: the partner reads it in Russian, the card loses its buttons
    const mark2 = slack.calls.length
    await desk.action(USERS.support, 'dispute_reject', disputeId, { channel: CHANNELS.disputes })
    const resolve = await desk.openedView(mark2)
    expect(resolve.callback_id).toBe('dispute_resolve_modal')
    // a forged uphold reason on a rejection is refused, nothing changes
    const forged = await desk.submit(USERS.support, resolve, { reason: { reason: { selected: 'corrected' } } })
    expect(forged.body).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } })
    expect((await api.service.core.disputes.deskView(disputeId))!.dispute.status).not.toBe('rejected')
    const rejected = await desk.submit(USERS.support, resolve, {
      reason: { reason: { selected: 'terms_applied' } },
      note: { text: '' },
    })
    expect(rejected.status).toBe(200)
    const outcome = await telegram.nthText(chat, 12)
    expect(outcome).toMatch(/^❌ Спор №1 \(JQSEE\) отклонён\.\nПричина: /)
    expect(outcome).toContain('условия программы применены верно')
    const final = await slack.waitForCall('chat.update', (c) =>
      JSON.stringify(c.payload.blocks).includes(JSON.stringify('*Status*\nrejected')),
    )
    expect(JSON.stringify(final.payload.blocks)).not.toContain('dispute_reply')

    // a second decision on the same dispute is refused in the modal, nothing changes
    // a rejection offers only the reasons of a rejection
    const offered = JSON.stringify(resolve.blocks)
    expect(offered).toContain('"no_evidence"')
    expect(offered).not.toContain('"corrected"')
    const again = await desk.submit(USERS.support, resolve, { reason: { reason: { selected: 'no_evidence' } } })
    expect(again.body).toMatchObject({
      response_action: 'errors',
      errors: { reason: 'Dispute #1 is already resolved.' },
    })
    const after = await api.service.core.disputes.deskView(disputeId)
    expect(after!.dispute.status).toBe('rejected')
    expect(after!.messages.map((m) => m.author)).toEqual(['partner', 'support', 'partner', 'support'])

    // jqsee's decisions are not final: the partner's new message reopens the case
    await telegram.press(chat, 'dsp:add:1')
    await telegram.nthText(chat, 13)
    await telegram.sendText(chat, 'Я не согласен, вот выписка.')
    await telegram.keyboardAfter(chat, 14)
    await telegram.press(chat, ':send')
    expect(await telegram.nthText(chat, 15)).toMatch(/спор №1 открыт снова/)
    expect((await api.service.core.disputes.deskView(disputeId))!.dispute.status).toBe('open')

    // the partner blocks the bot: support's next reply cannot reach them, and the thread says so, once
    telegram.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' })
    const blocked = slack.calls.length
    const unread = {
      ...message,
      text: 'Проверим ещё раз.',
      ts: '1800000000.000500',
      files: undefined,
      subtype: undefined,
    }
    await desk.event(unread, 'EvBlocked')
    const undelivered = (c: SlackCall) =>
      String(c.payload.text).startsWith(':warning:') && c.payload.thread_ts === thread.ts
    const note = await slack.waitForCall('chat.postMessage', undelivered, 10_000, blocked)
    expect(note.payload.text).toBe(
      ':warning: The reply did not reach the partner in Telegram: they have blocked the bot or deleted the chat. Reach them another way.',
    )
    await desk.event(unread, 'EvBlocked')
    await new Promise((r) => setTimeout(r, 300))
    expect(slack.calls.slice(blocked).filter((c) => c.method === 'chat.postMessage' && undelivered(c))).toHaveLength(1)
    expect(id).toBeTruthy()
  })

  it('deadline: a reminder the day before and an escalation once it passes, with the clock moved', async () => {
    const chat = 7102
    await partner(chat, 'en', 'melbet')
    await telegram.sendText(chat, '/dispute')
    // nothing of the partner's to dispute: said, and the case goes to support as "other", no question asked
    expect(await telegram.nthText(chat, 1)).toMatch(/has no commission, payout or sanction of yours to dispute/)
    await telegram.nthText(chat, 2)
    await telegram.sendText(chat, 'My traffic report does not match yours.')
    await telegram.keyboardAfter(chat, 3)
    await telegram.press(chat, ':send')
    // melbet answers within 14 business days (UTC): Friday 6 March -> Thursday 26 March
    const opened = await telegram.nthText(chat, 4)
    expect(opened).toMatch(/^Dispute #\d+ is open\. Support will answer by March 26, 2026/)
    const n = Number(/#(\d+)/.exec(opened)![1])
    const card = await cardOf(n)
    const disputeId = JSON.parse(JSON.stringify(card.payload.blocks)).find((b: any) => b.type === 'actions').elements[0]
      .value as string
    const view = await api.service.core.disputes.deskView(disputeId)
    expect(view!.dispute.answerBy.toISOString()).toBe('2026-03-26T23:59:59.999Z')

    // the App Home lists it, nearest deadline first
    await desk.event({ type: 'app_home_opened', user: USERS.support, channel: 'D1', tab: 'home' })
    const home = await slack.waitForCall('views.publish', (c) => c.payload.user_id === USERS.support)
    const rows: string[] = home.payload.view.blocks
      .filter((b: any) => b.type === 'section')
      .map((b: any) => b.text.text)
    expect(rows.some((r) => r.startsWith(`*#${n}*`) && r.includes('Answer by March 26, 2026'))).toBe(true)

    const core = api.service.core
    api.clock.set('2026-03-26T06:00:00Z') // less than a day before the deadline
    expect(await core.disputes.sweepDeadlines()).toContain(`${n}:reminder`)
    const reminder = await slack.waitForCall(
      'chat.postMessage',
      (c) => String(c.payload.text).startsWith(':alarm_clock:') && String(c.payload.text).includes(`#${n}`),
    )
    expect(reminder.payload.thread_ts).toBeDefined()
    expect(await core.disputes.sweepDeadlines()).not.toContain(`${n}:reminder`) // once

    api.clock.set('2026-03-27T00:00:01Z')
    expect(await core.disputes.sweepDeadlines()).toContain(`${n}:overdue`)
    const overdue = await slack.waitForCall(
      'chat.postMessage',
      (c) => String(c.payload.text).startsWith(':rotating_light:') && String(c.payload.text).includes(`#${n}`),
    )
    expect(String(overdue.payload.reply_broadcast)).toBe('true')
    expect((await core.disputes.deskView(disputeId))!.dispute.status).toBe('escalated')
    expect(await core.disputes.sweepDeadlines()).not.toContain(`${n}:overdue`)
    // whoever takes the escalated case keeps it escalated
    await desk.action(USERS.support, 'dispute_claim', disputeId, { channel: CHANNELS.disputes })
    await waitUntil(
      async () => (await core.disputes.deskView(disputeId))!.dispute.assignee === `slack:${USERS.support}`,
    )
    expect((await core.disputes.deskView(disputeId))!.dispute.status).toBe('escalated')

    // support asks for evidence: the partner is asked in Telegram and the case waits for them
    const ask = slack.calls.length
    await desk.action(USERS.support, 'dispute_evidence', disputeId, { channel: CHANNELS.disputes })
    const evidence = await desk.openedView(ask)
    await desk.submit(USERS.support, evidence, { message: { text: 'Please send your tracker export for March.' } })
    expect(await telegram.nthText(chat, 5)).toBe(
      `📎 Support needs more on dispute #${n} (Melbet partners):\n\nPlease send your tracker export for March.\n\nPress “Answer” to send text, photos or documents.`,
    )
    expect((await core.disputes.deskView(disputeId))!.dispute).toMatchObject({
      status: 'awaiting_partner',
      assignee: `slack:${USERS.support}`,
    })
    await telegram.press(chat, `dsp:add:${n}`)
    await telegram.nthText(chat, 6)
    await telegram.sendFile(chat, 'document', Buffer.from('date,clicks\n2026-03-01,12'), { name: 'tracker.csv' })
    await telegram.keyboardAfter(chat, 7)
    await telegram.press(chat, ':send')
    expect(await telegram.nthText(chat, 8)).toMatch(new RegExp(`^Added to dispute #${n}`))
    // answered: the case its deadline escalated is escalated again, not back with its agent as an ordinary case
    expect((await core.disputes.deskView(disputeId))!.dispute.status).toBe('escalated')
    await slack.waitForCall('files.completeUploadExternal', (c) =>
      uploadedIds(c).some((id: string) => slack.files.get(id)?.name === 'tracker.csv'),
    )

    // melbet: the decision after review is final; the partner cannot reopen it
    const mark = slack.calls.length
    await desk.action(USERS.admin, 'dispute_uphold', disputeId, { channel: CHANNELS.disputes })
    const modal = await desk.openedView(mark)
    expect(JSON.stringify(modal.blocks)).toContain('final')
    await desk.submit(USERS.admin, modal, {
      reason: { reason: { selected: 'corrected' } },
      note: { text: 'We recounted your traffic.' },
    })
    const told = await telegram.nthText(chat, 9)
    expect(told).toBe(
      `✅ Dispute #${n} (Melbet partners) is upheld.\nReason: we found a mistake and corrected it.\n\nNote from support: We recounted your traffic.\n\nUnder the program's terms, this decision is final.`,
    )
    // no Answer button under a final decision
    const last = telegram.calls.filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat).at(-1)!
    expect(last.payload.text).toBe(told)
    expect(last.payload.reply_markup).toBeUndefined()
    // and a forged one is refused: the decision is final
    const k = telegram.lastKeyboard(chat)!
    const press = await telegram.pressButton(chat, k.message_id, `dsp:add:${n}`)
    const alert = await telegram.waitForCall('answerCallbackQuery', (c) => c.payload.callback_query_id === press)
    expect(alert.payload).toMatchObject({
      show_alert: true,
      text: `The decision on dispute #${n} is final under the program's terms, so it cannot be reopened.`,
    })
    expect((await core.disputes.deskView(disputeId))!.dispute.status).toBe('upheld')
  })

  it('a partner only ever sees their own disputes; /pa disputes needs the support role', async () => {
    const chat = 7103
    await partner(chat, 'lv', 'quantower')
    await telegram.sendText(chat, '/dispute')
    // nothing to dispute: said, then the flow waits for the question's text
    await telegram.nthText(chat, 2)
    const k = [...telegram.messages.values()].find((m) => m.chat.id === chat)!
    await telegram.sendText(chat, '/cancel')
    await telegram.nthText(chat, 3)
    // a forged button for someone else's dispute #1 (on the message of the cancelled flow)
    const press = await telegram.pressButton(chat, k.message_id, 'dsp:view:1')
    const answer = await telegram.waitForCall('answerCallbackQuery', (c) => c.payload.callback_query_id === press)
    expect(answer.payload.show_alert).toBe(true)
    expect(answer.payload.text).toBe('Jums nav strīda Nr. 1.')

    // support finds the partner by the @username Telegram showed the bot
    const found = await desk.command('partner @USER7103', USERS.support)
    await waitUntil(() => slack.responses.find((r) => r.id === found.responseId))
    expect(JSON.stringify(slack.responses.find((r) => r.id === found.responseId)!.body)).toContain('Partner 7103')

    const refused = await desk.command('disputes', USERS.finance)
    await waitUntil(() => slack.responses.find((r) => r.id === refused.responseId))
    expect(slack.responses.find((r) => r.id === refused.responseId)!.body.text).toMatch(/support/)
    const queue = await desk.command('disputes', USERS.support)
    await waitUntil(() => slack.responses.find((r) => r.id === queue.responseId))
    expect(JSON.stringify(slack.responses.find((r) => r.id === queue.responseId)!.body.blocks)).toContain('#1')
  })

  it('Georgian partner: a commission held for review is disputed, upheld, and released in the same step', async () => {
    const chat = 7104
    const { id } = await partner(chat, 'ka', 'chetup')
    const lead = (await api.service.core.partners.codes(id)).find((c) => c.campaignKey === 'app-lead')!.code
    const at = new Date(api.clock.now().getTime() - 60_000).toISOString()
    const held = await api.recorded('chetup', {
      id: 'dsp-lead-1',
      type: 'lead',
      occurredAt: at,
      customer: 'dsp-lead-c1',
      ref: lead,
      campaign: 'app-lead',
      ip: '203.0.113.9',
      country: 'DE',
    })
    expect(held.commissions[0]).toMatchObject({ status: 'held', reason: 'foreign_country' })

    const opened = await disputeFirstCommission(telegram, chat, 'ეს ლიდი ნამდვილია, მომხმარებელი მოგზაურობდა.')
    const n = Number(/№\s?(\d+)/.exec(opened)?.[1] ?? /(\d+)/.exec(opened)![1])
    const card = await cardOf(n)
    const disputeId = JSON.parse(JSON.stringify(card.payload.blocks)).find((b: any) => b.type === 'actions').elements[0]
      .value as string
    expect(JSON.stringify(card.payload.blocks)).toContain('2.00 GEL')
    // the notification's text carries the amount and the answer-by date
    expect(card.payload.text).toMatch(
      / · 2\.00 GEL · answer by \w+ \d{1,2}, 2026 at \d{1,2}:\d{2} [AP]M \(Asia\/Tbilisi\)$/,
    )
    // the commission's rule is the campaign by its name, never the code `campaign:app-lead`
    expect(JSON.stringify(card.payload.blocks)).not.toContain('campaign:')
    expect(JSON.stringify(card.payload.blocks)).toContain('campaign “App: leads”')

    const mark = slack.calls.length
    await desk.action(USERS.support, 'dispute_uphold', disputeId, { channel: CHANNELS.disputes })
    const modal = await desk.openedView(mark)
    expect(JSON.stringify(modal.blocks)).toContain('Approve the commission in review (2.00 GEL)')
    const done = await desk.submit(USERS.support, modal, {
      reason: { reason: { selected: 'evidence_accepted' } },
      release: { release: { checked: ['approve'] } },
    })
    expect(done.status).toBe(200)
    const commission = await api.service.db.prisma.commission.findUniqueOrThrow({
      where: { id: held.commissions[0].id },
    })
    // released: back on its way to available (chetup's verification period), approved by the support agent
    expect(commission.status).toBe('pending')
    const audit = await api.service.db.prisma.auditLog.findFirst({
      where: { action: 'commission.approve', subjectId: held.commissions[0].id },
    })
    expect(audit).toMatchObject({ actor: `slack:${USERS.support}`, reason: 'dispute_upheld' })
    const t = (await import('../../bots/i18n/index.ts')).createI18n().t('ka')
    expect((await telegram.nthText(chat, 6)).split('\n')[0]).toBe(
      t('disputes.notify.upheld', {
        number: n,
        program: 'ჩეთაფი',
        reason: t('disputes.reason.evidence_accepted'),
      }).split('\n')[0],
    )
  })

  it('/pa disputes with 51 open: a message Slack accepts (at most 50 blocks) that counts them all and says where the rest are', async () => {
    const already = (await api.service.core.disputes.queue(500)).length
    for (let i = already; i < 51; i++) {
      const { partner } = await api.enrolled('jqsee', {
        name: `Disputer ${i}`,
        language: 'en',
        legalType: 'individual',
        telegramId: 7_900 + i,
      })
      await api.service.core.disputes.open({
        partnerId: partner,
        programKey: 'jqsee',
        subject: 'other',
        text: `Question number ${i}`,
        source: 'test',
        sourceRef: `many-${partner}`,
        enrolledPrograms: ['jqsee'],
      })
    }
    expect((await api.service.core.disputes.queue(500)).length).toBe(51)
    const contexts = (blocks: any[]) => blocks.filter((b) => b.type === 'context').map((b) => b.elements[0].text)
    const rows = (blocks: any[]) => blocks.filter((b) => b.type === 'section' && /#\d+/.test(b.text.text)).length
    // Slack refuses a message of more than 50 blocks (invalid_blocks): the agent would get nothing at all
    const r = await desk.command('disputes', USERS.support)
    const answer = await waitUntil(() => slack.responses.find((x) => x.id === r.responseId))
    const blocks = answer.body.blocks as any[]
    expect({ blocks: blocks.length, rows: rows(blocks), notes: contexts(blocks) }).toEqual({
      blocks: 50,
      rows: 47,
      notes: [
        '51 open disputes, the nearest deadline first.',
        "…and 4 more with later deadlines: see the app's Home tab, or their cards in the disputes channel.",
      ],
    })
    // the App Home of an admin (every queue above the disputes) stays within a view's 100 blocks, counting all
    const since = slack.calls.length
    await desk.event({ type: 'app_home_opened', user: USERS.admin, channel: 'D1', tab: 'home' })
    const call = await slack.waitForCall('views.publish', (c) => c.payload.user_id === USERS.admin, 10_000, since)
    const home = (call.payload.view as { blocks: any[] }).blocks
    const shown = rows(home)
    expect(home.length).toBeLessThanOrEqual(100)
    expect(contexts(home)).toContain('51 open disputes, the nearest deadline first.')
    expect(contexts(home)).toContain(
      shown === 50
        ? '…and 1 more with a later deadline: its card is in the disputes channel.'
        : `…and ${51 - shown} more with later deadlines: their cards are in the disputes channel.`,
    )
  })

  it("a disputed commission's order id reaches the card escaped, as every outside text: <!channel> in it pings no one", async () => {
    const chat = 7305
    const p = await partner(chat, 'en')
    await api.recorded('jqsee', {
      id: 'esc-order-1',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'esc-cust-1',
      ref: p.code,
      order: 'A-1 <!channel> <https://evil.example|click here>',
      amount: '120.00',
      currency: 'USD',
    })
    await disputeFirstCommission(telegram, chat, 'The amount is wrong.')
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload.blocks ?? []).includes('Partner 7305'),
    )
    const mrkdwn: string[] = (card.payload.blocks as any[])
      .flatMap((b) => [b.text, ...(b.fields ?? []), ...(b.elements ?? [])])
      .filter((x) => x?.type === 'mrkdwn')
      .map((x) => x.text as string)
    const withOrder = mrkdwn.find((t) => t.includes('A-1'))
    expect(withOrder).toContain('A-1 &lt;!channel&gt; &lt;https://evil.example|click here&gt;')
  })

  it('an IBAN written into a dispute as "(LV80…)", "IBAN:LV80…" or "LV80-BANK-…" is deleted, and never reaches Slack', async () => {
    const digits = /435195001|4351-9500-1/
    for (const [chat, text] of [
      [7111, 'Please send it to my account (LV80BANK0000435195001), thanks'],
      [7112, 'IBAN:LV80BANK0000435195001'],
      [7113, 'My bank account is LV80-BANK-0000-4351-9500-1'],
    ] as const) {
      await partner(chat, 'en')
      await telegram.sendText(chat, '/dispute')
      await telegram.nthText(chat, 1) // nothing to dispute: a question for support
      await telegram.nthText(chat, 2)
      const deletes = () =>
        telegram.calls.filter((c) => c.method === 'deleteMessage' && Number(c.payload.chat_id) === chat).length
      const before = deletes()
      await telegram.sendText(chat, text)
      // the partner is told, the message is deleted from the chat, and the flow still waits for the case
      expect(await telegram.nthText(chat, 3), text).toBe(
        'I deleted your message: it looked like payment details, which I take only when I ask for them. Please send your answer again without them.',
      )
      expect(deletes(), text).toBe(before + 1)
      await telegram.sendText(chat, `The payment for ${chat} did not arrive.`)
      await telegram.keyboardAfter(chat, 4)
      await telegram.press(chat, ':send')
      const opened = await telegram.nthText(chat, 5)
      const card = await cardOf(Number(/#(\d+)/.exec(opened)![1]))
      expect(JSON.stringify(card.payload.blocks)).toContain(`The payment for ${chat} did not arrive.`)
    }
    const inSlack = slack.calls.filter((c) => digits.test(JSON.stringify(c.payload)))
    expect(inSlack.map((c) => `${c.method} ${c.payload.channel}`)).toEqual([])
  })
})
