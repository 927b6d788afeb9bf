import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * melbet seed 8.1: "... bet tikai tad, ja tas ir iepriekš vienojies ar uzņēmuma vadītāju par maksājuma
 * rekvizītiem" (paid only once the payment details were agreed with the company's manager beforehand).
 * The partner saves details in the bot; finance sees them (masked) on a card in Slack and agrees them or asks for
 * other ones; the partner is told in their language; a payout request then passes the details check.
 */
describe('payment details decided by two agents, or twice', () => {
  const env = withDesk('2026-08-03T08:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let chat = 9700
  /** A melbet partner with 5 players who deposited and 500.00 USD of revenue last week, in a Telegram chat. */
  async function melbetPartner(language: string) {
    const tg = ++chat
    telegram.languages.set(tg, language)
    const registeredAt = '2026-01-10T12:00:00Z'
    const { partner, codes } = await api.enrolled('melbet', {
      name: `Melbet ${tg}`,
      language,
      legalType: 'individual',
      telegramId: tg,
      registeredAt,
    })
    const ref = codes[0]!.code
    for (let i = 1; i <= 5; i++) {
      const customer = `${partner}-pl${i}`
      await api.recorded('melbet', { id: `${customer}-s`, type: 'signup', occurredAt: registeredAt, customer, ref })
      await api.recorded('melbet', {
        id: `${customer}-d`,
        type: 'first_deposit',
        occurredAt: registeredAt,
        customer,
        amount: '10.00',
        currency: 'USD',
      })
    }
    await api.recorded('melbet', {
      id: `${partner}-r1`,
      type: 'revenue',
      occurredAt: '2026-07-29T12:00:00Z',
      customer: `${partner}-pl1`,
      order: `${partner}-o1`,
      amount: '500.00',
      currency: 'USD',
    })
    return { partner, chat: tg }
  }

  /** The partner types an IBAN into /payout (taken out of the chat and saved by core). */
  async function saveInBot(tg: number, iban: string) {
    const before = telegram.textsTo(tg).length
    await telegram.sendText(tg, '/payout')
    let n = before + 1
    // the currency and the method where there is a choice (only those with money to pay), and new details in
    // place of the saved ones, until the IBAN is asked for
    while (!/IBAN/.test(await telegram.nthText(tg, n))) {
      const buttons = telegram.lastKeyboard(tg)?.buttons ?? []
      const next = [':new', ':USD', ':bank'].find((d) => buttons.some((b) => b.data.endsWith(d)))
      if (!next) throw new Error(`no way on from: ${telegram.textsTo(tg)[n - 1]}`)
      await telegram.press(tg, next)
      n++
    }
    await telegram.sendText(tg, iban)
    return telegram.nthText(tg, n + 1)
  }

  const includes = (c: SlackCall, s: string) => JSON.stringify(c.payload).includes(s)
  const cardFor = (partner: string, mask: string) =>
    slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.finance && includes(c, partner) && includes(c, mask),
      10_000,
    )
  const buttonValue = (card: SlackCall, actionId: string) => {
    const m = JSON.stringify(card.payload).match(new RegExp(`"action_id":"${actionId}","value":"([^"]+)"`))
    if (!m) throw new Error(`no ${actionId} on the card`)
    return m[1]!
  }
  const response = (id: string) => slack.response(id)
  const told = (tg: number, text: string) =>
    telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === tg && String(c.payload.text) === text,
      10_000,
    )
  const audit = (partner: string) =>
    api.service.db.prisma.auditLog.findMany({ where: { subjectId: partner }, orderBy: { id: 'asc' } })

  it('a stale "Ask for changes" submitted after another agent agreed the details does not undo the agreement', async () => {
    const { partner, chat: tg } = await melbetPartner('en')
    await saveInBot(tg, 'LV80 BANK 0000 4351 9500 1')
    const card = await cardFor(partner, '5001')
    // finance opens "Ask for changes" and is still choosing a reason...
    const before = slack.calls.length
    await desk.action(USERS.finance, 'details_ask_changes', buttonValue(card, 'details_ask_changes'), {
      channel: CHANNELS.finance,
      ts: '3.1',
    })
    const view = await desk.openedView(before)
    // ...while the admin agrees the same details on the card
    const ok = await desk.action(USERS.admin, 'details_agree', buttonValue(card, 'details_agree'), {
      channel: CHANNELS.finance,
      ts: '3.1',
    })
    expect((await response(ok.responseId)).text).toMatch(/agreed/)
    await told(
      tg,
      'Your payment details for Melbet partners have been agreed with the manager. You can now request a payout with /payout.',
    )
    // finance submits the form opened on details that were not agreed yet
    const since = slack.calls.length
    await desk.submit(USERS.finance, view, { reason: { reason: { selected: 'name_mismatch' } } })
    const refused = await slack.waitForCall(
      'chat.postEphemeral',
      (c) => c.payload.user === USERS.finance,
      10_000,
      since,
    )
    expect(refused.payload.text).toBe(
      'Nothing changed: these payment details have already been decided (agreed, or sent back for changes).',
    )
    // the partner must not be told "agreed" and then "not agreed" about the same details by two agents
    const e = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: partner } })
    expect(e.paymentDetailsAgreed).toBe(true)
    const texts = telegram.textsTo(tg)
    expect(texts.filter((x) => /could not agree|not agree/.test(x))).toEqual([])
  })

  it('Agree pressed twice (a double click, a second agent) tells the partner once', async () => {
    const { partner, chat: tg } = await melbetPartner('en')
    await saveInBot(tg, 'GE29 NB00 0000 0101 9049 17')
    const card = await cardFor(partner, '4917')
    const value = buttonValue(card, 'details_agree')
    await desk.action(USERS.finance, 'details_agree', value, { channel: CHANNELS.finance, ts: '4.1' })
    const again = await desk.action(USERS.admin, 'details_agree', value, { channel: CHANNELS.finance, ts: '4.1' })
    expect((await response(again.responseId)).text).toMatch(/^Nothing changed/)
    await told(
      tg,
      'Your payment details for Melbet partners have been agreed with the manager. You can now request a payout with /payout.',
    )
    const agreed = telegram.textsTo(tg).filter((x) => /have been agreed with the manager/.test(x))
    expect(agreed).toHaveLength(1)
    expect((await audit(partner)).filter((a) => a.action === 'payment_details.agreed')).toHaveLength(1)
  })
})
