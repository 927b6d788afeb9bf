import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 16 item 4, deals: a per-partner commission from a date, in the program definition's own shape; events are
 * judged by the deal in force at their date. Seed 004 (quantower) lets the company raise a partner's rate ("может
 * повысить ставку"); seed 003 (melbet, 7.2/7.3) revises a partner's rates individually, lower for low activity.
 */
describe('item 4. deals: a per-partner commission from a date', () => {
  // the whole service, with the partner bot on a fake Bot API: the partner's notices are read there
  const env = withDesk('2026-03-02T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let seq = 0
  let tg = 16_400
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)
  const dealPath = (partner: string, program: string) => `/v1/programs/${program}/partners/${partner}/deal`

  /** A partner with a Telegram chat (told in `language`), and one referred customer signed up through the link. */
  const partnerOf = async (program: string, language: string, registeredAt = '2026-02-01T00:00:00Z') => {
    const chat = ++tg
    const p = await api.enrolled(program, {
      name: `Deal ${++seq}`,
      language,
      legalType: 'individual',
      telegramId: String(chat),
      registeredAt,
    })
    const customer = `${p.partner}-c1`
    await api.recorded(program, {
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: '2026-02-20T12:00:00Z',
      customer,
      ref: p.codes[0]!.code,
    })
    return { partner: p.partner, customer, chat }
  }
  const payment = (customer: string, id: string, occurredAt: string, amount = '100.00') =>
    api.recorded('quantower', { id, type: 'payment', occurredAt, customer, amount, currency: 'USD' })
  const amountOf = (r: any) => r.commissions.map((c: any) => c.amount)
  const audits = (partner: string, action: string) =>
    api.service.db.prisma.auditLog.findMany({ where: { subjectId: partner, action } })
  const noticeTo = async (chat: number, text: string) => {
    for (let i = 0; i < 100; i++) {
      const found = telegram.textsTo(chat).find((t: string) => t.includes(text))
      if (found) return found
      await new Promise((res) => setTimeout(res, 50))
    }
    throw new Error(`no notice with "${text}" to ${chat}: ${JSON.stringify(telegram.textsTo(chat))}`)
  }

  it('item 4. quantower "может повысить ставку": raised from 20% to 25% from a date through the API; an event before the date earns 20%, after it 25%', async () => {
    const q = await partnerOf('quantower', 'ru')
    expect(amountOf(await payment(q.customer, `${q.partner}-p1`, '2026-03-01T10:00:00Z'))).toEqual(['20.00'])

    // the preview: the last 30 days earned 20.00; under 25% the same payment would have earned 25.00
    const deal = { commission: { levels: [{ name: 'deal', after: 0, rateBps: 2500 }] } }
    const preview = await op('POST', `${dealPath(q.partner, 'quantower')}/preview`, deal)
    expect(preview.status, JSON.stringify(preview.body)).toBe(200)
    expect(preview.body.totals).toEqual([
      { currency: 'USD', commissions: 1, earned: '20.00', underDeal: '25.00', difference: '5.00' },
    ])
    const dry = await op('PUT', dealPath(q.partner, 'quantower'), {
      ...deal,
      from: '2026-03-10',
      note: 'raised for volume',
      dryRun: true,
    })
    expect(dry.body.preview.totals[0]).toMatchObject({ underDeal: '25.00' })
    expect((await op('GET', dealPath(q.partner, 'quantower'))).body.current).toBeNull()

    const body = { ...deal, from: '2026-03-10', note: 'raised for volume' }
    const saved = await op('PUT', dealPath(q.partner, 'quantower'), body)
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)
    expect(saved.body).toMatchObject({ changed: true, deal: { from: '2026-03-10T00:00:00.000Z', until: null } })
    // the program's hold and override flag are kept: only the rate changed
    expect(saved.body.deal.commission).toEqual({
      type: 'payment_share',
      levels: [{ name: 'deal', after: 0, rateBps: 2500 }],
      holdDays: 0,
      allowRateOverride: true,
    })
    // a retried PUT changes nothing
    const again = await op('PUT', dealPath(q.partner, 'quantower'), body)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ changed: false, deal: { id: saved.body.deal.id } })
    expect(await audits(q.partner, 'deal.set')).toHaveLength(1)
    expect((await audits(q.partner, 'deal.set'))[0]).toMatchObject({
      actor: 'operator-api',
      reason: 'raised for volume',
    })

    // the partner is told in Russian, with the rate from its date
    const notice = await noticeTo(q.chat, 'индивидуальные условия')
    expect(notice).toContain('Действуют с: 10 марта 2026')
    expect(notice).toContain('25')

    // still before the date: the program's 20%
    api.clock.set('2026-03-06T09:00:00Z')
    expect(amountOf(await payment(q.customer, `${q.partner}-p2`, '2026-03-05T10:00:00Z'))).toEqual(['20.00'])
    api.clock.set('2026-03-12T09:00:00Z')
    // the same customer's payment after the date: 25% (the deal is the partner's rate for every customer)
    expect(amountOf(await payment(q.customer, `${q.partner}-p3`, '2026-03-11T10:00:00Z'))).toEqual(['25.00'])
    // a late postback for a payment before the date, received now: judged by its date, 20%
    expect(amountOf(await payment(q.customer, `${q.partner}-p4`, '2026-03-09T23:59:00Z'))).toEqual(['20.00'])

    const list = await op('GET', dealPath(q.partner, 'quantower'))
    expect(list.body).toMatchObject({ current: { id: saved.body.deal.id }, future: [], past: [] })

    // ended from now: the next payment earns the program's 20% again; ending twice changes nothing
    const ended = await op('DELETE', dealPath(q.partner, 'quantower'), { note: 'campaign over' })
    expect(ended.status, JSON.stringify(ended.body)).toBe(200)
    expect(ended.body).toMatchObject({ ended: [saved.body.deal.id], at: '2026-03-12T09:00:00.000Z' })
    const twice = await op('DELETE', dealPath(q.partner, 'quantower'))
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('deal.none')
    // the code is what a program reads; the message names the program as a person knows it
    expect(twice.body.error.message).toBe(
      'Nothing changed: the partner has no deal in force or to come in Quantower referral program.',
    )
    expect(amountOf(await payment(q.customer, `${q.partner}-p5`, '2026-03-12T09:00:00Z'))).toEqual(['20.00'])
    // a late postback from while the deal was in force still earns the deal's rate
    expect(amountOf(await payment(q.customer, `${q.partner}-p6`, '2026-03-11T12:00:00Z'))).toEqual(['25.00'])
    expect(await audits(q.partner, 'deal.end')).toHaveLength(1)
    await noticeTo(q.chat, 'закончился')
    api.clock.set('2026-03-02T09:00:00Z')
  })

  it('item 4. a deal in another shape or type is refused and changes nothing; an unknown partner is a 404', async () => {
    const q = await partnerOf('quantower', 'en')
    const path = dealPath(q.partner, 'quantower')
    const wrongType = await op('PUT', path, {
      commission: { type: 'revenue_share', tiers: [{ minNewUsers: 0, rateBps: 2500 }] },
      from: '2026-03-10',
      note: 'x',
    })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.error).toMatchObject({ code: 'deal.invalid' })
    expect(wrongType.body.error.issues[0].path).toBe('commission.type')
    const badRate = await op('PUT', path, {
      commission: { levels: [{ name: 'x', after: 0, rateBps: 'lots' }] },
      from: '2026-03-10',
      note: 'x',
    })
    expect(badRate.status).toBe(400)
    expect(badRate.body.error.code).toBe('deal.invalid')
    // a rate written where the rule has no place for it would be a deal that pays the program's rate
    const stray = await op('PUT', path, { commission: { rateBps: 3000 }, from: '2026-03-10', note: 'raise to 30%' })
    expect(stray.status).toBe(400)
    expect(stray.body.error).toMatchObject({ code: 'deal.invalid', issues: [{ path: 'commission.rateBps' }] })
    const noNote = await op('PUT', path, { commission: {}, from: '2026-03-10', note: ' ' })
    expect(noNote.status).toBe(400)
    const backwards = await op('PUT', path, { commission: {}, from: '2026-03-10', until: '2026-03-01', note: 'x' })
    expect(backwards.status).toBe(400)
    // recorded commissions are never recalculated: a deal cannot start before today
    const past = await op('PUT', path, { commission: {}, from: '2026-03-01', note: 'x' })
    expect(past.status).toBe(400)
    expect(past.body.error.issues).toEqual([expect.objectContaining({ path: 'from' })])
    expect((await op('GET', path)).body).toMatchObject({ current: null, future: [], past: [] })
    expect(await audits(q.partner, 'deal.set')).toHaveLength(0)
    for (const from of ['0001-01-01', '2026-02-30', 'yesterday', '2026-03-10T10:00:00'])
      expect((await op('PUT', path, { commission: {}, from, note: 'x' })).status, from).toBe(400)
    expect((await op('PUT', path, { commission: {}, from: '2026-03-10', note: 'x', extra: 1 })).status).toBe(400)
    expect((await op('GET', path)).body).toMatchObject({ current: null, future: [], past: [] })
    const stranger = await op('GET', dealPath('00000000-0000-4000-8000-000000000000', 'quantower'))
    expect(stranger.status).toBe(404)
    expect((await op('GET', dealPath(q.partner, 'jqsee'))).status).toBe(404)
    // the operator API document names the new paths
    const doc = (await op('GET', '/v1/openapi.json')).body
    expect(Object.keys(doc.paths['/v1/programs/{program}/partners/{partner}/deal']).sort()).toEqual([
      'delete',
      'get',
      'put',
    ])
    expect(doc.paths['/v1/programs/{program}/partners/{partner}/deal/preview'].post).toBeDefined()
  })

  it('item 4. melbet 7.2/7.3 individual revision: a revised tier set from a date; the next deal from a later date ends it there', async () => {
    // a partner past melbet's three intro months, earning the 15% tier (fewer than 20 new users a month)
    const m = await partnerOf('melbet', 'lv', '2025-06-01T00:00:00Z')
    await api.recorded('melbet', {
      id: `${m.customer}-d`,
      type: 'first_deposit',
      occurredAt: '2026-02-20T12:05:00Z',
      customer: m.customer,
      amount: '10.00',
      currency: 'USD',
    })
    const revenue = (id: string, occurredAt: string) =>
      api.recorded('melbet', {
        id: `${m.partner}-${id}`,
        type: 'revenue',
        occurredAt,
        customer: m.customer,
        order: `${m.partner}-${id}`,
        amount: '100.00',
        currency: 'USD',
        settled: true,
      })
    expect(amountOf(await revenue('r1', '2026-03-01T12:00:00Z'))).toEqual(['15.00'])
    const lower = {
      tiers: [
        { minNewUsers: 0, rateBps: 1000 },
        { minNewUsers: 20, rateBps: 1500 },
      ],
    }
    const set = await op('PUT', dealPath(m.partner, 'melbet'), {
      commission: { type: 'revenue_share', ...lower },
      from: '2026-03-05T00:00:00Z',
      note: '7.3 low activity',
    })
    expect(set.status, JSON.stringify(set.body)).toBe(201)
    // the revision keeps melbet's intro period, settlement and carry-over rules
    expect(set.body.deal.commission).toMatchObject({ intro: { months: 3, rateBps: 2000 }, settledOnly: true })
    const later = await op('PUT', dealPath(m.partner, 'melbet'), {
      commission: { tiers: [{ minNewUsers: 0, rateBps: 1800 }] },
      from: '2026-03-20T00:00:00Z',
      note: '7.2 revised again',
    })
    expect(later.status).toBe(201)
    api.clock.set('2026-03-07T09:00:00Z')
    const list = (await op('GET', dealPath(m.partner, 'melbet'))).body
    expect(list.current).toMatchObject({ id: set.body.deal.id, until: '2026-03-20T00:00:00.000Z' })
    expect(list.future).toEqual([expect.objectContaining({ id: later.body.deal.id })])

    expect(amountOf(await revenue('r2', '2026-03-04T23:00:00Z'))).toEqual(['15.00'])
    expect(amountOf(await revenue('r3', '2026-03-06T12:00:00Z'))).toEqual(['10.00'])
    api.clock.set('2026-03-21T09:00:00Z')
    expect(amountOf(await revenue('r4', '2026-03-20T12:00:00Z'))).toEqual(['18.00'])
    await noticeTo(m.chat, 'individuāli atlīdzības noteikumi')
    api.clock.set('2026-03-02T09:00:00Z')
  })
})

/** The same deals from the Slack desk, through signed requests: the partner card, the two-step modal, "End deal". */
describe('item 4. deals from the Slack desk: finance or an admin sets a deal after its preview, and ends it', () => {
  const env = withDesk('2026-03-02T09:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  const text = (c: { text?: string; blocks?: unknown[] }) => `${c.text ?? ''}${JSON.stringify(c.blocks ?? [])}`
  const response = (id: string) => slack.response(id)
  const ephemeralTo = async (user: string, since: number) =>
    (await slack.waitForCall('chat.postEphemeral', (c: SlackCall) => c.payload.user === user, 5000, since)).payload
      .text as string
  const deals = (partnerId: string) =>
    api.service.db.prisma.partnerDeal.findMany({ where: { enrolment: { partnerId } }, orderBy: { createdAt: 'asc' } })
  const audits = (partner: string, action: string) =>
    api.service.db.prisma.auditLog.findMany({ where: { subjectId: partner, action } })

  it('item 4. quantower "может повысить ставку" from Slack: 20% -> 25% from a date after the preview; roles, double clicks, audit and the notice in Georgian', async () => {
    const chat = 16_900
    const p = await api.enrolled('quantower', {
      name: 'Nino',
      language: 'ka',
      legalType: 'individual',
      telegramId: String(chat),
      registeredAt: '2026-02-01T00:00:00Z',
    })
    const customer = `${p.partner}-c`
    const ref = p.codes[0]!.code
    await api.recorded('quantower', {
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: '2026-02-20T12:00:00Z',
      customer,
      ref,
    })
    const pay = async (id: string, occurredAt: string) =>
      (
        await api.recorded('quantower', {
          id,
          type: 'payment',
          occurredAt,
          customer,
          amount: '100.00',
          currency: 'USD',
        })
      ).commissions[0].amount
    expect(await pay(`${p.partner}-p1`, '2026-03-01T10:00:00Z')).toBe('20.00')
    const value = `${p.partner}:quantower`

    // the card: finance sees the program's commission and "Set deal"; support sees the deal section only
    const card = text(await response((await desk.command(`partner ${p.partner}`, USERS.finance)).responseId))
    expect(card).toContain('No deal · Quantower referral program')
    expect(card).toContain('deal_set')
    expect(card).not.toContain('deal_end')
    const supportCard = text(await response((await desk.command(`partner ${p.partner}`, USERS.support)).responseId))
    expect(supportCard).toContain('No deal')
    expect(supportCard).not.toContain('deal_set')

    // support may not set a deal: told which roles may
    const refused = await desk.action(USERS.support, 'deal_set', value)
    expect((await response(refused.responseId)).text).toMatch(/finance, admin/)

    const before = slack.calls.length
    await desk.action(USERS.finance, 'deal_set', value)
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('deal_modal')
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"0: 20"')
    const form = { from: { date: { date: '2026-03-10' } }, note: { note: 'Raised for volume' } }
    const bad = await desk.submit(USERS.finance, view, { ...form, levels: { levels: 'twenty five' } })
    expect(bad.body).toMatchObject({
      response_action: 'errors',
      errors: { levels: expect.stringMatching(/^Write one line/) },
    })
    const past = await desk.submit(USERS.finance, view, {
      ...form,
      from: { date: { date: '2026-03-01' } },
      levels: { levels: '0: 25' },
    })
    expect(past.body).toMatchObject({
      response_action: 'errors',
      errors: { from: 'A deal starts today or later: commissions already recorded are not recalculated.' },
    })
    const tooHigh = await desk.submit(USERS.finance, view, { ...form, levels: { levels: '0: 250' } })
    expect(tooHigh.body).toMatchObject({ response_action: 'errors' })
    // a last day before the start is refused on its field, in words that allow a one-day deal (the same day is fine)
    const backwards = await desk.submit(USERS.finance, view, {
      ...form,
      until: { date: { date: '2026-03-09' } },
      levels: { levels: '0: 25' },
    })
    expect(backwards.body).toMatchObject({
      response_action: 'errors',
      errors: { until: 'The last day cannot be before the start date.' },
    })

    // step two: the preview, nothing saved yet
    const step = await desk.submit(USERS.finance, view, { ...form, levels: { levels: '0: 25%' } })
    expect(step.body.response_action).toBe('update')
    const confirm = step.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] }
    expect(confirm.callback_id).toBe('deal_confirm_modal')
    const shown = JSON.stringify(confirm.blocks)
    expect(shown).toContain('Commission: 25% of each payment')
    expect(shown).toContain('Last 30 days, USD: commissions: 1; earned 20.00, under this deal 25.00 (+5.00).')
    expect(await deals(p.partner)).toHaveLength(0)

    // a stranger's forged submission of the confirmation changes nothing
    await desk.submit(USERS.stranger, confirm, {})
    expect(await deals(p.partner)).toHaveLength(0)

    let since = slack.calls.length
    expect((await desk.submit(USERS.finance, confirm, {})).status).toBe(200)
    expect(await ephemeralTo(USERS.finance, since)).toMatch(
      /^Quantower referral program: the deal from .* is saved; the partner has been told\.$/,
    )
    const saved = await deals(p.partner)
    expect(saved).toEqual([
      expect.objectContaining({ actor: 'slack:UFINANCE', note: 'Raised for volume', validUntil: null }),
    ])
    expect(saved[0]!.validFrom.toISOString()).toBe('2026-03-10T00:00:00.000Z')
    // a double click on Save: nothing changes, and it says so
    since = slack.calls.length
    await desk.submit(USERS.finance, confirm, {})
    expect(await ephemeralTo(USERS.finance, since)).toBe('Nothing changed: this deal is already saved.')
    expect(await deals(p.partner)).toHaveLength(1)
    expect(await audits(p.partner, 'deal.set')).toEqual([
      expect.objectContaining({ actor: 'slack:UFINANCE', reason: 'Raised for volume' }),
    ])
    // the partner is told in Georgian, from its date
    const notice = await telegram.waitForCall(
      'sendMessage',
      (c: any) => Number(c.payload.chat_id) === chat && String(c.payload.text).includes('ინდივიდუალური'),
      5000,
    )
    expect(notice.payload.text).toContain('მოქმედებს თარიღიდან:')
    expect(notice.payload.text).toContain('25%')

    // judged by date: before it 20%, after it 25%
    api.clock.set('2026-03-12T09:00:00Z')
    expect(await pay(`${p.partner}-p2`, '2026-03-09T10:00:00Z')).toBe('20.00')
    expect(await pay(`${p.partner}-p3`, '2026-03-11T10:00:00Z')).toBe('25.00')

    // the card shows the deal in force and "End deal"; support may not end it, an admin may, once
    const inForce = text(await response((await desk.command(`partner ${p.partner}`, USERS.admin)).responseId))
    expect(inForce).toContain('Deal in force* · Quantower referral program')
    expect(inForce).toContain('Note: Raised for volume')
    expect(inForce).toContain('deal_end')
    const notYours = await desk.action(USERS.support, 'deal_end', value)
    expect((await response(notYours.responseId)).text).toMatch(/finance, admin/)
    const ended = await desk.action(USERS.admin, 'deal_end', value)
    expect((await response(ended.responseId)).text).toBe(
      "Quantower referral program: the deal has ended; from now on the program's commission applies. The partner has been told.",
    )
    const twice = await desk.action(USERS.admin, 'deal_end', value)
    expect((await response(twice.responseId)).text).toBe(
      'Nothing changed: the partner has no deal in force or to come in Quantower referral program.',
    )
    expect(await audits(p.partner, 'deal.end')).toEqual([expect.objectContaining({ actor: 'slack:UADMIN' })])
    expect(await pay(`${p.partner}-p4`, '2026-03-12T09:00:00Z')).toBe('20.00')
    await telegram.waitForCall(
      'sendMessage',
      (c: any) => Number(c.payload.chat_id) === chat && String(c.payload.text).includes('დასრულდა'),
      5000,
    )
    api.clock.set('2026-03-02T09:00:00Z')
  })
})
