import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { addToDispute, partnerWithDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/** The desk under double clicks, colleagues acting at once and the App Home (an outside review's cases). */
describe('slack desk: double clicks, colleagues and the App Home', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

  it('App Home: Claim on a dispute a colleague took meanwhile tells the agent who has it (not silence)', async () => {
    await partnerWithDispute({ api, telegram }, { chat: 9301, name: 'Home Claim', words: 'Where is my money?' })
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && String(c.payload.text).startsWith('Dispute #'),
    )
    const disputeId = JSON.parse(JSON.stringify(card.payload.blocks)).find((b: any) => b.type === 'actions').elements[0]
      .value as string
    // the admin claims it on the channel's card
    const claimed = await desk.action(USERS.admin, 'dispute_claim', disputeId, { channel: CHANNELS.disputes })
    await slack.response(claimed.responseId)
    // support's App Home still showed it unassigned: Claim pressed there
    const since = slack.calls.length
    expect((await desk.action(USERS.support, 'dispute_claim', disputeId, { view: true })).status).toBe(200)
    await slack.waitForCall('views.publish', (c) => c.payload.user_id === USERS.support, 10_000, since)
    await sleep(1500)
    const told = slack.calls
      .slice(since)
      .filter(
        (c) =>
          (c.method === 'chat.postMessage' && c.payload.channel === USERS.support) ||
          (c.method === 'chat.postEphemeral' && c.payload.user === USERS.support),
      )
      .map((c) => String(c.payload.text))
    expect(
      told,
      'support pressed Claim on the App Home on a case the admin has: the refusal ("already being handled by …") must reach them',
    ).toEqual([expect.stringContaining('already being handled')])
  })

  it('a double click on Warn opens two forms; submitting both records one warning and tells the partner once', async () => {
    const chat = 9302
    const { partner } = await api.enrolled('quantower', {
      name: 'Double Warn',
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
    })
    const value = `${partner}:quantower`
    const mark = slack.calls.length
    // one double click: two presses of one button on one message by one user
    await Promise.all([
      desk.action(USERS.support, 'partner_warn', value, { channel: 'CSUPPORT', ts: '1700000001.000100' }),
      desk.action(USERS.support, 'partner_warn', value, { channel: 'CSUPPORT', ts: '1700000001.000100' }),
    ])
    for (let i = 0; i < 100 && slack.calls.slice(mark).filter((c) => c.method === 'views.open').length < 2; i++)
      await sleep(50)
    const views = slack.calls
      .slice(mark)
      .filter((c) => c.method === 'views.open')
      .map((c) => c.payload.view as { callback_id: string; private_metadata: string })
    expect(views).toHaveLength(2)
    for (const v of views) {
      const r = await desk.submit(USERS.support, v, {
        reason: { reason: { selected: 'ad_rules' } },
        note: { note: 'Remove the ads.' },
      })
      expect(r.status).toBe(200)
    }
    await sleep(2000)
    const warnings = await api.service.db.prisma.sanction.findMany({
      where: { enrolment: { partnerId: partner }, kind: 'warning' },
    })
    const notices = telegram.calls.filter(
      (c) =>
        c.method === 'sendMessage' &&
        Number(c.payload.chat_id) === chat &&
        String(c.payload.text).includes('A warning from'),
    )
    expect(
      { warnings: warnings.length, notices: notices.length },
      'one double click on Warn must not warn the partner twice',
    ).toEqual({ warnings: 1, notices: 1 })
  })

  it('an escalated dispute asked for evidence is escalated again when the partner answers', async () => {
    const chat = 9303
    const words = 'My payout never arrived.'
    const partnerId = await partnerWithDispute({ api, telegram }, { chat, name: 'Esc Case', words })
    const d = await api.service.db.prisma.dispute.findFirstOrThrow({ where: { partnerId } })
    const escalated = await desk.action(USERS.support, 'dispute_escalate', d.id, { channel: CHANNELS.disputes })
    expect((await slack.response(escalated.responseId)).text).toMatch(/escalated/i)
    const mark = slack.calls.length
    await desk.action(USERS.support, 'dispute_evidence', d.id, { channel: CHANNELS.disputes })
    const modal = await desk.openedView(mark)
    const sent = await desk.submit(USERS.support, modal, { message: { text: 'Please send the bank statement.' } })
    expect(sent.status).toBe(200)
    const status = async () => (await api.service.db.prisma.dispute.findUniqueOrThrow({ where: { id: d.id } })).status
    // it waits for the partner meanwhile
    expect(await status()).toBe('awaiting_partner')
    // the partner's answer finds it still escalated
    const evidence = await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === chat && String(c.payload.text).includes('Please send the bank statement.'),
      10_000,
    )
    expect(evidence).toBeDefined()
    await addToDispute(telegram, chat, {
      number: d.number,
      sent: telegram.textsTo(chat).length,
      text: 'Here is the bank statement.',
      photos: [],
    })
    await expect
      .poll(() => api.service.db.prisma.disputeMessage.count({ where: { disputeId: d.id, author: 'partner' } }), {
        timeout: 10_000,
      })
      .toBe(2)
    expect(await status(), 'the partner answered an escalated case: it must not lose its escalation').toBe('escalated')
  })

  it("payment details agreed from the App Home's copy: the finance channel's card no longer asks for a decision", async () => {
    const gamma = await api.enrolled('melbet', { name: 'Home Details', language: 'lv', legalType: 'individual' })
    const saved = await api.operator('POST', `/v1/partners/${gamma.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195777', holder: 'Home Details' },
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)
    const detailsId = saved.body.paymentDetails.id as string
    // the card in the finance channel, with Agree / Ask for changes
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.finance && JSON.stringify(c.payload).includes(gamma.partner),
      10_000,
    )
    expect(JSON.stringify(card.payload.blocks)).toContain('details_agree')
    // finance opens it from the App Home: its copy comes as a direct message
    const since = slack.calls.length
    await desk.action(USERS.finance, 'home_open_item', `payment_details:${detailsId}:${gamma.partner}:melbet`, {
      view: true,
    })
    const copy = await slack.waitForCall('chat.postMessage', (c) => c.payload.channel === USERS.finance, 10_000, since)
    const value = JSON.stringify(copy.payload.blocks).match(/"action_id":"details_agree","value":"([^"]+)"/)![1]!
    // and agrees there
    const agreed = await desk.action(USERS.finance, 'details_agree', value, {
      channel: USERS.finance,
      ts: [...slack.messages.values()].find(
        (m) => m.channel === USERS.finance && JSON.stringify(m.blocks ?? '').includes(gamma.partner),
      )!.ts,
    })
    expect((await slack.response(agreed.responseId)).text).toMatch(/agreed/i)
    await sleep(2500)
    const channelCard = [...slack.messages.values()].find(
      (m) => m.channel === CHANNELS.finance && JSON.stringify(m.blocks ?? '').includes(gamma.partner),
    )!
    expect(
      JSON.stringify(channelCard.blocks),
      "the finance channel's card still offers Agree after finance agreed from the App Home's copy",
    ).not.toContain('details_agree')
  })
})
