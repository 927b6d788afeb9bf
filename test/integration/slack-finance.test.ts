import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { PAY_DAY_AT, seedMelbetPartners } from '../helpers/payout-seed.ts'

/**
 * The finance desk through the real Bolt app (signed requests to /slack/events) and the real service: payout
 * cards posted by the desk worker, approve / hold / reject / mark paid, the weekly batch summary, roles and stale
 * buttons. Effects are checked through the operator API, the audit log and the partner's Telegram chat.
 */
describe('slack finance desk', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
    // the admin reads Slack in Russian (cached per user, so set before their first request)
    slack.locales.set(USERS.admin, 'ru-RU')
  })

  let chat = 7100
  /** A jqsee partner with `amount` paid by a referral (10% commission), and a PayPal payout of all of it. */
  async function requested(amount = '150.00') {
    const tg = ++chat
    const { partner, codes } = await api.enrolled('jqsee', {
      name: `Payee ${tg}`,
      language: 'en',
      legalType: 'individual',
      telegramId: tg,
    })
    await api.recorded('jqsee', {
      id: `fin-${partner}`,
      type: 'payment',
      occurredAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(),
      customer: `fin-${partner}`,
      ref: codes[0]!.code,
      order: `fin-${partner}`,
      amount,
      currency: 'USD',
    })
    const r = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'paypal', details: { email: `payee${tg}@example.com` } },
      `fin-${partner}`,
    )
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return { partner, chat: tg, payoutId: r.body.payout.id as string }
  }

  const includes = (c: SlackCall, s: string) => JSON.stringify(c.payload).includes(s)
  /** What the desk told one user alone, since a point in the calls. */
  const ephemeralTo = (user: string, since: number) =>
    slack.waitForCall('chat.postEphemeral', (c) => c.payload.user === user, 5000, since)
  /** The card the desk worker posted to the finance channel for a payout. */
  const cardOf = (payoutId: string) =>
    slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.finance && includes(c, payoutId),
      10_000,
    )
  const updated = (ts: string, text: string, since: number) =>
    slack.waitForCall('chat.update', (c) => c.payload.ts === ts && includes(c, text), 10_000, since)
  const response = (id: string) => slack.response(id)
  /** The row once the desk worker recorded its card (it posts first, then records). */
  const recorded = async <T extends { slackTs: string | null }>(read: () => Promise<T>) => {
    for (let i = 0; i < 100; i++) {
      const row = await read()
      if (row.slackTs) return row
      await new Promise((res) => setTimeout(res, 50))
    }
    throw new Error('the card was not recorded')
  }
  const payout = async (id: string) => (await api.operator('GET', `/v1/payouts/${id}`)).body.payout
  const audit = (subjectId: string) =>
    api.service.db.prisma.auditLog.findMany({ where: { subjectId }, orderBy: { id: 'asc' } })

  it('a request is posted to finance; approve is refused without the role, then approved, then stale', async () => {
    const { payoutId, chat: tg } = await requested()
    const card = await cardOf(payoutId)
    expect(includes(card, 'Payout request: 15.00 USD')).toBe(true)
    // the notification's text carries the amount and the date it is due by
    expect(card.payload.text).toMatch(/^Payout request: 15\.00 USD · JQSEE · due by \w+ \d{1,2}, \d{4} \([\w/]+\)$/)
    expect(includes(card, 'payout_approve')).toBe(true)
    // the partner by name with their card a button away: their id is in no text, only in the button's value
    const texts = JSON.stringify(card.payload.blocks, (k, v) => (k === 'value' ? undefined : v))
    const partnerId = (await payout(payoutId)).partner as string
    expect(texts).not.toContain(partnerId)
    expect(card.payload.text).not.toContain(partnerId)
    expect(includes(card, 'home_open_partner')).toBe(true)
    // the request's moment with the program's zone
    expect(texts).toMatch(/Requested\*\\n\w+ \d{1,2}, \d{4} at [^"]* \([\w/]+\)/)
    expect(includes(card, 'p•••')).toBe(true) // the mask only, never the e-mail
    expect(includes(card, `payee${tg}@`)).toBe(false)
    // the card's message is recorded, so every change updates it in place
    const stored = await recorded(() =>
      api.service.db.prisma.payoutRequest.findUniqueOrThrow({ where: { id: payoutId } }),
    )
    expect(stored.slackChannel).toBe(CHANNELS.finance)

    // support and a stranger may not decide payouts
    for (const user of [USERS.stranger, USERS.support]) {
      const r = await desk.action(user, 'payout_approve', payoutId, { channel: CHANNELS.finance, ts: '1.1' })
      expect(r.status).toBe(200)
      expect((await response(r.responseId)).text).toMatch(/finance, admin/)
    }
    expect((await payout(payoutId)).status).toBe('requested')

    const since = slack.calls.length
    const ok = await desk.action(USERS.finance, 'payout_approve', payoutId, { channel: CHANNELS.finance })
    expect(ok.status).toBe(200)
    expect((await response(ok.responseId)).text).toBe('✅ Approved: 15.00 USD (JQSEE).')
    expect(await payout(payoutId)).toMatchObject({ status: 'approved' })
    const change = await updated(stored.slackTs!, payoutId, since)
    expect(includes(change, 'Approved by <@UFINANCE>')).toBe(true)
    expect(includes(change, 'payout_paid')).toBe(true)
    expect(includes(change, 'payout_approve')).toBe(false)
    const rows = await audit(payoutId)
    expect(rows.find((a) => a.action === 'payout.approve')).toMatchObject({ actor: 'slack:UFINANCE' })
    await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === tg && String(c.payload.text).includes('approved your payout'),
      10_000,
    )

    // the card's approve button pressed again (a second tab, an old message): told, nothing changes
    const again = await desk.action(USERS.admin, 'payout_approve', payoutId, { channel: CHANNELS.finance })
    expect((await response(again.responseId)).text).toBe('Ничего не изменилось: выплата уже одобрена.')

    // mark paid: the modal asks for the reference; an empty one is refused in the modal
    const before = slack.calls.length
    await desk.action(USERS.finance, 'payout_paid', payoutId, { channel: CHANNELS.finance })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('payout_paid_modal')
    const empty = await desk.submit(USERS.finance, view, { reference: { reference: '  ' } })
    expect(empty.body).toMatchObject({ response_action: 'errors', errors: { reference: expect.any(String) } })
    const sinceUpdate = slack.calls.length
    const paid = await desk.submit(USERS.finance, view, { reference: { reference: 'PP-2026-0309-77' } })
    expect(paid.status).toBe(200)
    expect(paid.body).toBeUndefined()
    expect(await payout(payoutId)).toMatchObject({ status: 'paid', paymentRef: 'PP-2026-0309-77' })
    const told = await ephemeralTo(USERS.finance, sinceUpdate)
    expect(told.payload.text).toContain('Marked paid: 15.00 USD')
    const final = await slack.waitForCall('chat.update', (c) => includes(c, 'PP-2026-0309-77'), 10_000, sinceUpdate)
    expect(includes(final, 'payout_')).toBe(false) // no buttons on a paid payout
    await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === tg && String(c.payload.text).includes('PP-2026-0309-77'),
      10_000,
    )
    // the same modal submitted twice: core refuses, the user is told
    const twice = slack.calls.length
    await desk.submit(USERS.finance, view, { reference: { reference: 'PP-2026-0309-77' } })
    const stale = await ephemeralTo(USERS.finance, twice)
    expect(stale.payload.text).toBe('Nothing changed: this payout is already paid.')
  })

  it('reject with a reason gives the money back; hold sends it to review; the answers follow the Slack locale', async () => {
    const a = await requested('200.00')
    await cardOf(a.payoutId)
    const before = slack.calls.length
    await desk.action(USERS.admin, 'payout_reject', a.payoutId, { channel: CHANNELS.finance })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('payout_decision_modal')
    expect(JSON.stringify(view.blocks)).toContain('Причина')
    // a reason that is not offered is refused in the modal
    const bad = await desk.submit(USERS.admin, view, { reason: { reason: { selected: 'because' } } })
    expect(bad.body).toMatchObject({ response_action: 'errors' })
    const since = slack.calls.length
    await desk.submit(USERS.admin, view, { reason: { reason: { selected: 'fraud' } } })
    expect(await payout(a.payoutId)).toMatchObject({ status: 'rejected', reason: 'fraud' })
    const told = await ephemeralTo(USERS.admin, since)
    expect(told.payload.text).toBe('❌ Отклонено: 20,00 USD (JQSEE). Сумма вернулась на баланс партнёра.')
    const st = await api.statement(a.partner, { program: 'jqsee' })
    expect(st.body.balances[0]).toMatchObject({ available: '20.00', inPayout: '0.00' })
    await slack.waitForCall('chat.update', (c) => includes(c, 'Rejected by <@UADMIN>'), 10_000, since)

    const b = await requested('120.00')
    const card = await cardOf(b.payoutId)
    const open = slack.calls.length
    await desk.action(USERS.finance, 'payout_hold', b.payoutId, { channel: CHANNELS.finance })
    const hold = await desk.openedView(open)
    const sinceHold = slack.calls.length
    await desk.submit(USERS.finance, hold, { reason: { reason: { selected: 'traffic_check' } } })
    expect(await payout(b.payoutId)).toMatchObject({ status: 'needs_review', reason: 'traffic_check' })
    // the card keeps its message (updated, not posted again) and now asks to approve or reject
    const change = await slack.waitForCall('chat.update', (c) => includes(c, 'Payout to review'), 10_000, sinceHold)
    expect(change.payload.channel).toBe(card.payload.channel)
    expect(includes(change, 'payout_hold')).toBe(false)
    expect(includes(change, 'payout_reject')).toBe(true)
    // the button carries what the card showed: the updated card's Approve is on a payout under review
    expect(includes(card, `${b.payoutId}:requested`)).toBe(true)
    expect(includes(change, `${b.payoutId}:needs_review`)).toBe(true)
    // Approve pressed on the card as it was before the hold (another agent's screen not yet refreshed): the hold
    // stands, and the agent is told the payout moved on
    const staleApprove = await desk.action(USERS.admin, 'payout_approve', `${b.payoutId}:requested`, {
      channel: CHANNELS.finance,
    })
    expect((await response(staleApprove.responseId)).text).toMatch(/^Ничего не изменилось/)
    expect(await payout(b.payoutId)).toMatchObject({ status: 'needs_review', reason: 'traffic_check' })
    expect((await audit(b.payoutId)).map((r) => r.action)).not.toContain('payout.approve')

    // a Hold opened on a request that admin approves meanwhile: submitted, it changes nothing and says why
    const c = await requested('110.00')
    await cardOf(c.payoutId)
    const opened = slack.calls.length
    await desk.action(USERS.finance, 'payout_hold', c.payoutId, { channel: CHANNELS.finance })
    const stale = await desk.openedView(opened)
    await desk.action(USERS.admin, 'payout_approve', c.payoutId, { channel: CHANNELS.finance })
    await expect.poll(async () => (await payout(c.payoutId)).status).toBe('approved')
    const sinceStale = slack.calls.length
    await desk.submit(USERS.finance, stale, { reason: { reason: { selected: 'traffic_check' } } })
    const refusedHold = await ephemeralTo(USERS.finance, sinceStale)
    expect(refusedHold.payload.text).toBe('Nothing changed: this payout is already approved.')
    expect(await payout(c.payoutId)).toMatchObject({ status: 'approved' })
    expect((await audit(c.payoutId)).map((r) => r.action)).not.toContain('payout.hold')

    // /pa payouts lists it with its buttons
    const list = await desk.command('payouts', USERS.finance)
    const listed = await response(list.responseId)
    expect(JSON.stringify(listed.blocks)).toContain(b.payoutId)
    expect(JSON.stringify(listed.blocks)).toContain("checking the partner's traffic sources")
    const refused = await desk.command('payouts', USERS.support)
    expect((await response(refused.responseId)).text).toMatch(/finance, admin/)
  })

  it("Reject or Hold pressed on a /pa payouts row a colleague's approval has overtaken opens no form", async () => {
    const { payoutId } = await requested('140.00')
    await cardOf(payoutId)
    // finance lists what waits: the row's buttons carry the status it shows
    const list = await desk.command('payouts', USERS.finance)
    const rows = (await response(list.responseId)).blocks as any[]
    const row = rows.find((b) => b.type === 'actions' && b.block_id === `payout:${payoutId}`)
    const buttonValue = (id: string) => row?.elements.find((e: any) => e.action_id === id)?.value
    expect([buttonValue('payout_hold'), buttonValue('payout_reject')]).toEqual([
      `${payoutId}:requested`,
      `${payoutId}:requested`,
    ])
    // meanwhile the admin approves it on the channel's card (and may already be transferring the money)
    const ok = await desk.action(USERS.admin, 'payout_approve', `${payoutId}:requested`, { channel: CHANNELS.finance })
    await response(ok.responseId)
    expect((await payout(payoutId)).status).toBe('approved')
    // finance presses Reject, then Hold, on the row it still has: told what happened, no form, the approval stands
    for (const id of ['payout_reject', 'payout_hold']) {
      const mark = slack.calls.length
      const press = await desk.action(USERS.finance, id, buttonValue(id), { channel: 'CANY' })
      expect((await response(press.responseId)).text).toBe('Nothing changed: this payout is already approved.')
      expect(slack.calls.slice(mark).filter((c) => c.method === 'views.open')).toEqual([])
    }
    expect(await payout(payoutId)).toMatchObject({ status: 'approved' })
    expect((await audit(payoutId)).map((r) => r.action)).not.toContain('payout.reject')
    // a button of a card posted before the status was carried (a bare id) still opens the form, as it did
    const mark = slack.calls.length
    await desk.action(USERS.finance, 'payout_hold', payoutId, { channel: CHANNELS.finance })
    const old = await desk.openedView(mark)
    expect(JSON.parse(old.private_metadata)).toMatchObject({ payoutId, action: 'hold', status: 'approved' })
  })

  it('bad payloads and unknown buttons are answered, not crashed on', async () => {
    const junk = await desk.action(USERS.finance, 'payout_approve', 'not-a-payout', { channel: CHANNELS.finance })
    expect(junk.status).toBe(200)
    expect((await response(junk.responseId)).text).toBe('This button is no longer active.')
    const gone = await desk.action(USERS.finance, 'payout_hold', '00000000-0000-4000-8000-000000000000', {
      channel: CHANNELS.finance,
    })
    expect((await response(gone.responseId)).text).toBe('This payout no longer exists.')
    const since = slack.calls.length
    const forged = await desk.submit(
      USERS.finance,
      { callback_id: 'payout_paid_modal', private_metadata: '{not json' },
      { reference: { reference: 'X' } },
    )
    expect(forged.status).toBe(200)
    await slack.waitForCall('chat.postMessage', (c) => c.payload.channel === USERS.finance, 5000, since)
    const stranger = await desk.submit(
      USERS.stranger,
      {
        callback_id: 'batch_paid_modal',
        private_metadata: JSON.stringify({ batchId: 'x', channel: CHANNELS.finance }),
      },
      { reference: { reference: 'X' } },
    )
    expect(stranger.status).toBe(200)
    const refusal = await ephemeralTo(USERS.stranger, since)
    expect(refusal.payload.text).toMatch(/finance, admin/)
    const unknownProgram = await desk.command('batches nope', USERS.finance)
    expect((await response(unknownProgram.responseId)).text).toMatch(/^There is no program `nope`/)
  })

  it('the weekly melbet batch is summarised in the finance channel and marked paid from it', async () => {
    await seedMelbetPartners(api.service.db.pool, 2, 'desk')
    api.clock.set(PAY_DAY_AT)
    const run = await api.operator('POST', '/v1/programs/melbet/payout-batches', { day: '2026-03-10' })
    expect(run.status, JSON.stringify(run.body)).toBe(200)
    const batchId = run.body.batch.id as string
    const summary = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.finance && includes(c, batchId),
      10_000,
    )
    expect(includes(summary, 'Weekly payout batch · Melbet partners')).toBe(true)
    expect(includes(summary, 'USD: 2 payouts')).toBe(true)
    expect(includes(summary, '*100.00 USD*')).toBe(true)

    const refused = await desk.action(USERS.support, 'batch_paid', batchId, { channel: CHANNELS.finance })
    expect((await response(refused.responseId)).text).toMatch(/finance, admin/)
    const before = slack.calls.length
    await desk.action(USERS.finance, 'batch_paid', batchId, { channel: CHANNELS.finance })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('batch_paid_modal')
    const since = slack.calls.length
    await desk.submit(USERS.finance, view, { reference: { reference: 'SEPA-2026-W11' } })
    const batch = (await api.operator('GET', `/v1/payout-batches/${batchId}`)).body.batch
    expect(batch).toMatchObject({ status: 'paid', paymentRef: 'SEPA-2026-W11' })
    const told = await ephemeralTo(USERS.finance, since)
    expect(told.payload.text).toBe('💸 Melbet partners batch marked paid: 2 payouts, reference `SEPA-2026-W11`.')
    const card = await recorded(() => api.service.db.prisma.payoutBatch.findUniqueOrThrow({ where: { id: batchId } }))
    const paidCard = await updated(card.slackTs!, 'SEPA-2026-W11', since)
    expect(includes(paidCard, 'batch_paid')).toBe(false)
    const rows = await audit(batchId)
    expect(rows.find((a) => a.action === 'batch.paid')).toMatchObject({ actor: 'slack:UFINANCE' })

    // the summary's button, pressed again
    const again = await desk.action(USERS.finance, 'batch_paid', batchId, { channel: CHANNELS.finance })
    expect((await response(again.responseId)).text).toBe('Nothing changed: this batch is paid.')
    const list = await desk.command('batches melbet', USERS.admin)
    expect(JSON.stringify((await response(list.responseId)).blocks)).toContain('SEPA-2026-W11')
  })

  it('/pa payouts with 22 waiting: the title counts all 22, and a line says where the 2 not listed are', async () => {
    const waitingNow = async () =>
      (await api.operator('GET', '/v1/queues?queues=payouts')).body.queues[0].count as number
    const ids: string[] = []
    while ((await waitingNow()) < 22) {
      api.clock.set(new Date(api.clock.now().getTime() + 60_000).toISOString()) // a minute apart: oldest first
      ids.push((await requested('100.00')).payoutId)
    }
    const r = await desk.command('payouts', USERS.finance)
    const answer = await response(r.responseId)
    const blocks = answer.blocks as any[]
    // the title states the queue's size, as the App Home and GET /v1/queues do; 20 rows fit Slack's 50 blocks
    expect(answer.text).toBe('*Payouts waiting for a decision:* 22')
    expect(blocks.length).toBeLessThanOrEqual(50)
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(20)
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '2 more payouts are waiting and not listed here: their cards are in <#CFINANCE> (the list shows the oldest first).',
        },
      ],
    })
    // the newest, not listed, are reached on their cards in the finance channel
    expect(JSON.stringify(blocks)).not.toContain(ids.at(-1)!)
    await cardOf(ids.at(-1)!)
  })

  // a payout back to a status it had: the partner is told again
  it('approve, hold, approve again: the partner is told each change, the last one included', async () => {
    const { payoutId, chat: tg } = await requested('130.00')
    const toPartner = (re: RegExp) =>
      telegram.calls.filter(
        (c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === tg && re.test(String(c.payload.text)),
      ).length
    await desk.action(USERS.finance, 'payout_approve', payoutId, { channel: 'CFINANCE' })
    await expect.poll(() => toPartner(/approved your payout/), { timeout: 10_000 }).toBe(1)
    // a second look: finance puts the approved payout on hold for a traffic check, then approves it again
    const open = slack.calls.length
    await desk.action(USERS.finance, 'payout_hold', payoutId, { channel: 'CFINANCE' })
    await desk.submit(USERS.finance, await desk.openedView(open), { reason: { reason: { selected: 'traffic_check' } } })
    expect((await payout(payoutId)).status).toBe('needs_review')
    const heldTexts = () =>
      telegram.calls.filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === tg).length
    await expect.poll(heldTexts, { timeout: 10_000 }).toBeGreaterThanOrEqual(3) // request, approved, held
    const r = await desk.action(USERS.finance, 'payout_approve', payoutId, { channel: 'CFINANCE' })
    expect((await slack.response(r.responseId)).text).toMatch(/Approved/)
    expect((await payout(payoutId)).status).toBe('approved')
    // the partner's last word must not be "in review" while the payout is approved
    await expect.poll(() => toPartner(/approved your payout/), { timeout: 10_000 }).toBe(2)
  })
})

/** A chetup individual (Georgian tax withheld, monthly batch on the 25th) with 150.00 GEL asked for by bank. */
async function chetupRequest(api: Api, slack: FakeSlack, desk: DeskClient, tag: string, language = 'en') {
  const { partner, codes } = await api.enrolled('chetup', {
    name: `Chetup ${tag}`,
    language,
    legalType: 'individual',
    campaigns: ['cafe-sale'],
  })
  await api.recorded('chetup', {
    id: `fin-${tag}`,
    type: 'payment',
    occurredAt: '2026-03-01T07:00:00Z',
    customer: `fin-${tag}-c`,
    ref: codes[0]!.code,
    campaign: 'cafe-sale',
    order: `fin-${tag}-o`,
    amount: '1500.00',
    currency: 'GEL',
    country: 'GE',
  })
  const details = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
    method: 'bank',
    details: { iban: 'GE29NB0000000101904917' },
  })
  expect(details.status).toBe(201)
  api.clock.set('2026-03-12T08:00:00Z')
  const r = await api.requestPayout(partner, { program: 'chetup', method: 'bank' }, `fin-${tag}-req`)
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  expect(r.body.payout).toMatchObject({ gross: '150.00', taxWithheld: '30.00', net: '120.00' })
  const payoutId = r.body.payout.id as string
  // sent to review, its card posted to finance, approved there: the card now offers Mark paid
  expect((await api.operator('POST', `/v1/payouts/${payoutId}/hold`, { reason: 'traffic_check' })).status).toBe(200)
  await slack.waitForCall(
    'chat.postMessage',
    (c) => c.payload.channel === CHANNELS.finance && JSON.stringify(c.payload).includes(payoutId),
    10_000,
  )
  const ok = await desk.action(USERS.finance, 'payout_approve', `${payoutId}:needs_review`, {
    channel: CHANNELS.finance,
  })
  // what will be transferred is named beside the gross (the tax is withheld from it)
  expect((await slack.response(ok.responseId)).text).toBe('✅ Approved: 150.00 GEL (Chetup); to pay: 120.00 GEL.')
  return payoutId
}

describe('slack finance desk: a monthly batch takes in a payout whose Mark paid form is open', () => {
  const env = withDesk('2026-03-01T08:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  it('the form opened before the pay day does not pay the payout on its own; the batch pays it', async () => {
    const payoutId = await chetupRequest(api, slack, desk, 'batched')
    const mark = slack.calls.length
    await desk.action(USERS.finance, 'payout_paid', payoutId, { channel: CHANNELS.finance })
    const form = await desk.openedView(mark)
    expect(form.callback_id).toBe('payout_paid_modal')

    // the 25th: the monthly batch takes the approved request in, to be paid with the batch's file
    api.clock.set('2026-03-25T03:00:00Z')
    const run = await api.operator('POST', '/v1/programs/chetup/payout-batches', { day: '2026-03-25' })
    expect(run.status, JSON.stringify(run.body)).toBe(200)
    const batchId = run.body.batch.id as string
    const payout = async () => (await api.operator('GET', `/v1/payouts/${payoutId}`)).body.payout
    expect(await payout()).toMatchObject({ status: 'approved', batch: batchId })
    const paidWithBatch = 'This payout is paid with its batch: mark the batch paid, not the payout on its own.'
    // the card's Mark paid, pressed again, says so
    const stale = await desk.action(USERS.finance, 'payout_paid', payoutId, { channel: CHANNELS.finance })
    expect((await slack.response(stale.responseId)).text).toBe(paidWithBatch)
    // the form opened before, submitted with the reference of a separate transfer: refused, nothing paid
    const since = slack.calls.length
    await desk.submit(USERS.finance, form, { reference: { reference: 'SEPARATE-TRANSFER-1' } })
    const told = await slack.waitForCall('chat.postEphemeral', (c) => c.payload.user === USERS.finance, 5000, since)
    expect(told.payload.text).toBe(paidWithBatch)
    expect(await payout()).toMatchObject({ status: 'approved', paymentRef: null })
    // the operator API refuses it alike
    const api409 = await api.operator('POST', `/v1/payouts/${payoutId}/paid`, { reference: 'SEPARATE-TRANSFER-2' })
    expect(api409.status).toBe(409)
    expect(api409.body.error.code).toBe('payout.in_batch')

    // the batch marked paid pays it, once, under the batch's reference
    const open = slack.calls.length
    await desk.action(USERS.finance, 'batch_paid', batchId, { channel: CHANNELS.finance })
    await desk.submit(USERS.finance, await desk.openedView(open), { reference: { reference: 'GE-BATCH-03' } })
    await expect.poll(async () => (await payout()).status).toBe('paid')
    expect(await payout()).toMatchObject({ paymentRef: 'GE-BATCH-03' })
  })
})

describe('slack finance desk: what Mark paid says was paid', () => {
  const env = withDesk('2026-03-01T08:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })
  /** Mark paid pressed on the card and its form submitted: what the desk tells finance. */
  const markPaid = async (payoutId: string, reference: string) => {
    const mark = slack.calls.length
    await desk.action(USERS.finance, 'payout_paid', payoutId, { channel: CHANNELS.finance })
    const form = await desk.openedView(mark)
    const since = slack.calls.length
    await desk.submit(USERS.finance, form, { reference: { reference } })
    const told = await slack.waitForCall('chat.postEphemeral', (c) => c.payload.user === USERS.finance, 5000, since)
    return { form: JSON.stringify(form.blocks), told: told.payload.text as string }
  }

  it('chetup individual: 150 GEL gross, 30 withheld, 120 transferred: "Marked paid" names the 120 GEL', async () => {
    const payoutId = await chetupRequest(api, slack, desk, 'net')
    const { form, told } = await markPaid(payoutId, 'GE-TR-120')
    // the form asked finance to transfer the net; the answer names what was transferred, not the gross
    expect(form).toContain('120.00 GEL')
    expect(told).toBe('💸 Marked paid: 120.00 GEL (Chetup), reference `GE-TR-120`.')
  })

  it('quantower licences: "Marked paid" names what the payout credits, not its net of 0.00', async () => {
    const q = await api.enrolled('quantower', { name: 'Licensee', language: 'en', legalType: 'individual' })
    const event = { customer: 'fin-q-1', ref: q.codes[0]!.code, currency: 'USD' }
    const at = new Date(api.clock.now().getTime() - 3_600_000).toISOString()
    await api.recorded('quantower', { id: 'fin-q-signup', type: 'signup', occurredAt: at, ...event })
    await api.recorded('quantower', { id: 'fin-q-pay', type: 'payment', occurredAt: at, amount: '52.50', ...event })
    const r = await api.requestPayout(q.partner, { program: 'quantower', method: 'licences', amount: '10.50' }, 'fin-q')
    expect(r.body.payout).toMatchObject({ net: '0.00', credit: '10.50' })
    expect((await api.operator('POST', `/v1/payouts/${r.body.payout.id}/approve`, {})).status).toBe(200)
    const { told } = await markPaid(r.body.payout.id, 'LIC-7')
    expect(told).toBe('💸 Marked paid: 10.50 USD (Quantower referral program), reference `LIC-7`.')
  })
})
