import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * melbet seed 8.1: "... bet tikai tad, ja tas ir iepriekš vienojies ar uzņēmuma vadītāju par maksājuma
 * rekvizītiem" (paid only once the payment details were agreed with the company's manager beforehand).
 * The partner saves details in the bot; finance sees them (masked) on a card in Slack and agrees them or asks for
 * other ones; the partner is told in their language; a payout request then passes the details check.
 */
describe('melbet: payment details agreed with the manager, from Slack', () => {
  const env = withDesk('2026-08-03T08:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let chat = 9300
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
  const request = (partner: string, key: string) =>
    api.requestPayout(partner, { program: 'melbet', method: 'bank' }, key)
  const audit = (partner: string) =>
    api.service.db.prisma.auditLog.findMany({ where: { subjectId: partner }, orderBy: { id: 'asc' } })

  it('seed 8.1 "iepriekš vienojies ar uzņēmuma vadītāju par maksājuma rekvizītiem" (en): saved in the bot, revealed to finance (audited), agreed, then paid', async () => {
    const { partner, chat: tg } = await melbetPartner('en')
    expect(await saveInBot(tg, 'LV80 BANK 0000 4351 9500 1')).toMatch(/^Payment details saved: LV/)
    const refused = await request(partner, 'before')
    expect(refused.body.error).toMatchObject({ code: 'payout.details_not_agreed' })

    const card = await cardFor(partner, '5001')
    expect(includes(card, 'Payment details to agree: Melbet')).toBe(true)
    expect(includes(card, '435195')).toBe(false) // the mask only, never the account
    const value = buttonValue(card, 'details_agree')

    // support may not agree payment details
    const denied = await desk.action(USERS.support, 'details_agree', value, { channel: CHANNELS.finance, ts: '1.1' })
    expect((await response(denied.responseId)).text).toMatch(/finance, admin/)
    expect((await request(partner, 'denied')).body.error).toMatchObject({ code: 'payout.details_not_agreed' })

    // the full details: finance alone, ephemerally, and the reading is audited (without the details)
    const hidden = await desk.action(USERS.support, 'details_reveal', value, { channel: CHANNELS.finance })
    expect((await response(hidden.responseId)).text).toMatch(/finance, admin/)
    const shown = await desk.action(USERS.finance, 'details_reveal', value, { channel: CHANNELS.finance })
    expect((await response(shown.responseId)).text).toContain('iban: `LV80BANK0000435195001`')
    const revealed = (await audit(partner)).filter((a) => a.action === 'payment_details.revealed')
    expect(revealed).toHaveLength(1)
    expect(revealed[0]).toMatchObject({ actor: 'slack:UFINANCE' })
    expect(JSON.stringify(revealed[0]!.data)).not.toContain('435195')

    const since = slack.calls.length
    const ok = await desk.action(USERS.finance, 'details_agree', value, { channel: CHANNELS.finance, ts: '1.1' })
    expect((await response(ok.responseId)).text).toBe('✅ Payment details agreed (Melbet partners).')
    await slack.waitForCall('chat.update', (c) => includes(c, 'Agreed by <@UFINANCE>'), 10_000, since)
    await told(
      tg,
      'Your payment details for Melbet partners have been agreed with the manager. You can now request a payout with /payout.',
    )
    expect((await audit(partner)).find((a) => a.action === 'payment_details.agreed')).toMatchObject({
      actor: 'slack:UFINANCE',
    })

    const paid = await request(partner, 'after')
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
  })

  it('seed 8.1 (ru): finance asks for other details with a reason, the partner is told in Russian, saves new ones, they are agreed', async () => {
    const { partner, chat: tg } = await melbetPartner('ru')
    await saveInBot(tg, 'LV80 BANK 0000 4351 9500 1')
    const first = await cardFor(partner, '5001')
    const value = buttonValue(first, 'details_ask_changes')

    const before = slack.calls.length
    await desk.action(USERS.finance, 'details_ask_changes', value, { channel: CHANNELS.finance, ts: '2.1' })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('details_changes_modal')
    const empty = await desk.submit(USERS.finance, view, {})
    expect(empty.body).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } })
    const asked = await desk.submit(USERS.finance, view, { reason: { reason: { selected: 'name_mismatch' } } })
    expect(asked.status).toBe(200)
    await told(
      tg,
      'Менеджер программы Melbet не смог согласовать ваши платёжные реквизиты: имя владельца счёта не совпадает с именем партнёра. Пожалуйста, сохраните другие реквизиты командой /payout.',
    )
    expect((await audit(partner)).find((a) => a.action === 'payment_details.changes_requested')).toMatchObject({
      reason: 'name_mismatch',
    })
    expect((await request(partner, 'asked')).body.error).toMatchObject({ code: 'payout.details_not_agreed' })

    // other details: a card of their own; the old card's buttons are stale
    await saveInBot(tg, 'GE29 NB00 0000 0101 9049 17')
    const second = await cardFor(partner, '4917')
    const stale = await desk.action(USERS.finance, 'details_agree', buttonValue(first, 'details_agree'), {
      channel: CHANNELS.finance,
    })
    expect((await response(stale.responseId)).text).toMatch(/other payment details/)
    const ok = await desk.action(USERS.finance, 'details_agree', buttonValue(second, 'details_agree'), {
      channel: CHANNELS.finance,
      ts: '2.2',
    })
    expect((await response(ok.responseId)).text).toBe('✅ Payment details agreed (Melbet partners).')
    await told(
      tg,
      'Ваши платёжные реквизиты для программы Melbet согласованы с менеджером. Теперь вы можете запросить выплату командой /payout.',
    )
    const paid = await request(partner, 'after')
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
  })

  // two agents, or one twice: one decision per details and program
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
    const first = await desk.action(USERS.finance, 'details_agree', value, { channel: CHANNELS.finance, ts: '4.1' })
    const again = await desk.action(USERS.admin, 'details_agree', value, { channel: CHANNELS.finance, ts: '4.1' })
    // both are acknowledged at once and decided after: whichever takes the partner's lock first agrees, the other
    // is told nothing changed
    const answers = [(await response(first.responseId)).text, (await response(again.responseId)).text]
    expect(answers.filter((a) => /^Nothing changed/.test(a))).toHaveLength(1)
    expect(answers.filter((a) => /^✅ Payment details agreed/.test(a))).toHaveLength(1)
    await told(
      tg,
      'Your payment details for Melbet partners have been agreed with the manager. You can now request a payout with /payout.',
    )
    const agreed = telegram.textsTo(tg).filter((x) => /have been agreed with the manager/.test(x))
    expect(agreed).toHaveLength(1)
    expect((await audit(partner)).filter((a) => a.action === 'payment_details.agreed')).toHaveLength(1)
  })

  it('the card names the partner as every other card does, without their id; the id is one button away', async () => {
    const { partner, chat: tg } = await melbetPartner('en')
    await saveInBot(tg, 'LV80 BANK 0000 4351 9500 1')
    const card = await cardFor(partner, '5001')
    const words = JSON.stringify(card.payload.blocks, (k, v) => (k === 'value' ? undefined : v))
    expect(words).toContain(`Partner: Melbet ${tg} @user${tg}\\nMethod: `)
    expect(words).not.toContain(partner)
    const open = (card.payload.blocks as any[])
      .flatMap((b) => b.elements ?? [])
      .find((e: any) => e.action_id === 'home_open_partner').value
    const since = slack.calls.length
    await desk.action(USERS.finance, 'home_open_partner', open, { channel: CHANNELS.finance })
    const opened = await slack.waitForCall('chat.postMessage', (c) => includes(c, `Melbet ${tg}`), 10_000, since)
    expect(includes(opened, partner)).toBe(true)
  })

  it('the partner erases their data: the card in the finance channel keeps the program, not the name nor the details', async () => {
    const { partner, chat: tg } = await melbetPartner('en')
    await saveInBot(tg, 'GE29 NB00 0000 0101 9049 17')
    const card = await cardFor(partner, '4917')
    expect(JSON.stringify(card.payload)).toContain(`Melbet ${tg}`)
    const kept = await waitUntil(
      async () => (await api.service.db.prisma.deskCard.findFirst({ where: { partnerId: partner } })) ?? undefined,
    )
    expect(kept).toMatchObject({ kind: 'details', channel: CHANNELS.finance })
    const since = slack.calls.length
    expect(await api.service.core.partners.erase(partner)).toBeTruthy()
    const update = await slack.waitForCall('chat.update', (c) => c.payload.ts === kept.ts, 10_000, since)
    const shown = JSON.stringify(update.payload)
    expect(shown).toContain('(personal data erased)')
    expect(shown).not.toContain(`Melbet ${tg}`)
    expect(shown).not.toContain('4917')
    expect(shown).not.toContain('details_agree')
    // as the channel shows it now
    const now = [...slack.messages.values()].find((m) => m.ts === kept.ts)!
    expect(JSON.stringify(now)).not.toContain('4917')
  })
})
