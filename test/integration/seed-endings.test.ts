import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { deskEndDate, endDate } from '../../bots/shared/dates.ts'
import { type Api, balanceOf } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

const i18n = createI18n()
const KYIV = 'Europe/Kyiv'
const HOUR = 3_600_000
const DAY = 24 * HOUR

/**
 * Issue 15, items 7 and 10: how an agreement ends, as each seed says. Seed 001 (worksection, in Kazakh) is quoted
 * clause by clause; programs.md said an objection ends the agreement "on the effective date" of the change, the
 * seed's 8.3 says from the moment the objection is received: the seed wins.
 */
describe('agreements end as the seeds say (issue 15 items 7 and 10)', () => {
  const env = withDesk('2026-05-04T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })

  const enrolment = (partnerId: string, programKey: string) =>
    api.service.db.prisma.enrolment.findUniqueOrThrow({ where: { partnerId_programKey: { partnerId, programKey } } })
  /** Where `/r/{code}` sends a visitor: with the code (attributed) or not. */
  const attributes = async (code: string, ip: string) => {
    const location = (await api.get(`/r/${code}`, { 'x-forwarded-for': ip })).headers.get('location')!
    return new URL(location).searchParams.get('ref') === code
  }
  /** A worksection-referral partner in Telegram with one $25 reward on hold (paid on `at`). */
  const referrer = async (chat: number, language: string, tag: string) => {
    const { partner, codes } = await api.enrolled('worksection-referral', {
      name: `P${chat}`,
      language,
      legalType: 'individual',
      telegramId: chat,
    })
    const ref = codes[0]!.code
    const at = api.clock.now().toISOString()
    await api.recorded('worksection-referral', {
      id: `${tag}-s`,
      type: 'signup',
      occurredAt: at,
      customer: `${tag}-c`,
      ref,
      ip: `198.51.100.${chat % 250}`,
    })
    const paid = await api.recorded('worksection-referral', {
      id: `${tag}-p`,
      type: 'payment',
      occurredAt: at,
      customer: `${tag}-c`,
      order: `${tag}-o`,
      amount: '9.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(paid.commissions[0]).toMatchObject({ amount: '25.00', status: 'pending' })
    return { partner, ref }
  }
  const settle = () => new Promise((r) => setTimeout(r, 1500))

  it('item 10. worksection-referral 8.7 (the company ends it without the partner\'s consent; 8.6\'s "24 сағаттан кейін" applies): 24 hours after its notice (API); the partner is told in Russian with the date and the money; the link attributes until then, not after; 4.6.1 the balance is paid below 50 USD', async () => {
    api.clock.set('2026-05-10T09:00:00Z')
    const chat = 9702
    const { partner, ref } = await referrer(chat, 'ru', 'i10a')
    const url = `/v1/programs/worksection-referral/partners/${partner}/terminate`

    // bad input changes nothing
    const bad = await api.operator('POST', url, { reason: 'because' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBeDefined()
    expect((await enrolment(partner, 'worksection-referral')).endsAt).toBeNull()
    const unknown = await api.operator(
      'POST',
      '/v1/programs/worksection-referral/partners/6f1c1f0e-9b7a-4c55-8f5e-0d6f3f6f2a11/terminate',
      { reason: 'breach' },
    )
    expect(unknown.status).toBe(404)

    const r = await api.operator('POST', url, { reason: 'convenience', note: 'the program is being restructured' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const endsAt = new Date('2026-05-11T09:00:00Z')
    expect(r.body).toMatchObject({
      partner,
      program: 'worksection-referral',
      reason: 'convenience',
      status: 'ending',
      endsAt: endsAt.toISOString(),
      repeated: false,
      unpaid: 'paid_any_amount',
      lastPaymentDays: null,
    })
    // one job, queued for the end moment, ends it (the minute sweep is the backstop)
    const e0 = await enrolment(partner, 'worksection-referral')
    const job = await api.service.db.prisma.outboxJob.findFirstOrThrow({
      where: { queue: 'system', name: 'agreement_end', jobId: `agreement-end-${e0.id}-${endsAt.getTime()}` },
    })
    expect(job.data).toEqual({ enrolmentId: e0.id })
    // the same again: nothing changes
    const again = await api.operator('POST', url, { reason: 'convenience' })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ repeated: true, endsAt: endsAt.toISOString() })

    const t = i18n.t('ru')
    const told = await telegram.nthText(chat, 1)
    expect(told).toBe(
      `${t('endings.ending.convenience', { program: 'Worksection (реферальная)', date: endDate('ru', endsAt, KYIV) })}\n\n${t('endings.money.paid_any_amount')}`,
    )
    expect(told).toContain('11 мая 2026')
    expect(told).toContain('даже если он меньше минимальной суммы')

    // until the end the link attributes as before
    api.clock.set('2026-05-11T08:59:00Z')
    expect(await api.service.core.terms.endAgreementsDue()).toBe(0)
    expect(await attributes(ref, '192.0.2.72')).toBe(true)
    // at the end the link stops attributing, even before the job that ends the agreement has run
    api.clock.set('2026-05-11T09:00:00Z')
    expect(await attributes(ref, '192.0.2.76')).toBe(false)
    // the agreement ends (the job queued for that moment, or the sweep), the partner is told
    await api.service.core.terms.endAgreementsDue()
    expect((await enrolment(partner, 'worksection-referral')).status).toBe('terminated')
    expect(await attributes(ref, '192.0.2.73')).toBe(false)
    const ended = await telegram.nthText(chat, 2)
    expect(ended).toContain('Ваш договор с программой Worksection (реферальная) прекращён')
    expect(ended).toContain(t('endings.money.paid_any_amount'))
    // 7.3 "Келісімнің тоқтатылуы сәтінде жүзеге асқан барлық операциялар әдеттегі тәртіпте өңделеді": a payment made
    // before the end but reported after it still earns; a client who signs up after the end earns nothing
    await api.recorded('worksection-referral', {
      id: 'i10a-late-s',
      type: 'signup',
      occurredAt: '2026-05-11T08:00:00Z',
      customer: 'i10a-late',
      ref,
      ip: '198.51.100.231',
    })
    const late = await api.recorded('worksection-referral', {
      id: 'i10a-late-p',
      type: 'payment',
      occurredAt: '2026-05-11T08:30:00Z',
      customer: 'i10a-late',
      order: 'i10a-late-o',
      amount: '9.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(late.commissions[0]).toMatchObject({ amount: '25.00', status: 'pending' })
    api.clock.set('2026-05-11T10:00:00Z')
    const after = await api.recorded('worksection-referral', {
      id: 'i10a-after-s',
      type: 'signup',
      occurredAt: '2026-05-11T09:30:00Z',
      customer: 'i10a-after',
      ref,
      ip: '198.51.100.232',
    })
    expect(after.commissions).toEqual([])
    expect(after.notes).toContain('partner_terminated')
    // the company cannot end it twice
    expect((await api.operator('POST', url, { reason: 'breach' })).status).toBe(409)

    // the reward still matures and is paid below the minimum (4.6.1: "Келісімнің тоқтатылуы жағдайында")
    api.clock.set('2026-06-12T09:00:00Z')
    await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'paypal',
      details: { email: 'ended@example.com' },
    })
    const payout = await api.requestPayout(
      partner,
      { program: 'worksection-referral', method: 'paypal', amount: '25.00' },
      'i10a-payout',
    )
    expect(payout.status, JSON.stringify(payout.body)).toBe(201)
  })

  it('worksection-referral 3.5.3 "Келісімнің шарттарын бұзған жағдайда, ... шотындағы жинақталған сыйақы жабылатын болады": an ending for a breach closes the reward on the account; the partner reads why, in Latvian', async () => {
    api.clock.set('2026-07-01T09:00:00Z')
    const chat = 9712
    const { partner } = await referrer(chat, 'lv', 'b353')
    const r = await api.operator('POST', `/v1/programs/worksection-referral/partners/${partner}/terminate`, {
      reason: 'breach',
      note: 'spam in a Telegram group',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body).toMatchObject({ unpaid: 'forfeited', annulled: [{ currency: 'USD', amount: '25.00' }] })
    const b = balanceOf(
      (await api.statement(partner, { program: 'worksection-referral' })).body,
      'worksection-referral',
    )
    expect(b).toMatchObject({ pending: '0.00', available: '0.00', reversed: '25.00' })
    const told = await telegram.nthText(chat, 1)
    expect(told).toContain(i18n.t('lv')('endings.money.forfeited'))
    expect(told).not.toContain(i18n.t('lv')('endings.money.paid_any_amount'))
    // after the 31 days nothing has matured to pay, below the minimum or not
    api.clock.set('2026-08-05T09:00:00Z')
    await api.service.core.terms.endAgreementsDue()
    const ask = {
      program: 'worksection-referral',
      method: 'paypal',
      amount: '25.00',
      details: { email: 'p@example.com' },
    }
    expect((await api.requestPayout(partner, ask, 'b353-payout')).status).toBe(422)
  })

  it('item 10. worksection-partner 9.2 (breach: "10 күнтізбелік күнінің ішінде"), 9.1 ("31 (отыз бір) күн"), 5.5 ("соңғы төлегіңізді 60 күнге дейін кешіктіру"): the notice per reason, the earlier date wins, and the partner reads the 60 days in Kazakh', async () => {
    api.clock.set('2026-05-12T09:00:00Z')
    const chat = 9703
    const { partner } = await api.enrolled('worksection-partner', {
      name: 'Integrator',
      language: 'kk',
      legalType: 'company',
      telegramId: chat,
    })
    // enrolled by the operator, the partner is active at once (no application)
    expect((await enrolment(partner, 'worksection-partner')).status).toBe('active')
    const url = `/v1/programs/worksection-partner/partners/${partner}/terminate`
    const convenience = await api.operator('POST', url, { reason: 'convenience' })
    expect(convenience.status).toBe(201)
    expect(convenience.body).toMatchObject({
      endsAt: new Date(Date.parse('2026-05-12T09:00:00Z') + 31 * DAY).toISOString(),
      lastPaymentDays: 60,
      status: 'ending',
    })
    const told = await telegram.nthText(chat, 1)
    expect(told).toContain('Компания Worksection (серіктестік) бағдарламасымен келісіміңізді тоқтатады')
    expect(told).toContain('Соңғы төлем келісім тоқтатылғаннан кейін 60 күнге дейін кешігуі мүмкін.')
    // a breach found later: 10 days, earlier than the 31 days already running
    api.clock.set('2026-05-13T09:00:00Z')
    const breach = await api.operator('POST', url, { reason: 'breach' })
    expect(breach.status).toBe(201)
    expect(breach.body.endsAt).toBe(new Date(Date.parse('2026-05-13T09:00:00Z') + 10 * DAY).toISOString())
    expect(await enrolment(partner, 'worksection-partner')).toMatchObject({ endReason: 'breach', status: 'active' })
    // and the later convenience date no longer replaces it
    expect((await api.operator('POST', url, { reason: 'convenience' })).body).toMatchObject({
      repeated: true,
      endsAt: breach.body.endsAt,
    })
  })

  it('item 10. the OpenAPI document describes the termination endpoint', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    const op = doc.paths['/v1/programs/{program}/partners/{partner}/terminate']?.post
    expect(op).toBeDefined()
    expect(JSON.stringify(op)).toContain('convenience')
  })

  it('item 10. worksection-referral 7.1 "Сілтеме серіктесі Келісімді ... тоқтатуға құқылы": a partner leaves from /settings at once, after a confirmation that says what happens to the money; "No" changes nothing', async () => {
    api.clock.set('2026-05-14T09:00:00Z')
    const chat = 9704
    const { partner, ref } = await referrer(chat, 'lv', 'i10c')
    const t = i18n.t('lv')
    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, 'st:leave')
    const choose = await telegram.keyboardAfter(chat, 2)
    expect(choose?.text).toBe(t('endings.leave.choose'))
    expect(choose?.buttons.map((b) => b.text)).toEqual(['Worksection (ieteikumu)'])

    await telegram.press(chat, 'lp:ask:worksection-referral')
    const confirm = await telegram.keyboardAfter(chat, 3)
    expect(confirm?.text).toBe(
      `${t('endings.leave.confirm_now', { program: 'Worksection (ieteikumu)' })}\n\n${t('endings.money.paid_any_amount')}`,
    )
    await telegram.press(chat, 'lp:no:worksection-referral')
    await waitUntil(() =>
      telegram.calls.find((c) => c.method === 'editMessageText' && Number(c.payload.chat_id) === chat),
    )
    expect((await enrolment(partner, 'worksection-referral')).status).toBe('active')

    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, 4)
    await telegram.press(chat, 'st:leave')
    await telegram.keyboardAfter(chat, 5)
    await telegram.press(chat, 'lp:ask:worksection-referral')
    await telegram.keyboardAfter(chat, 6)
    await telegram.press(chat, 'lp:yes:worksection-referral')
    const done = await telegram.nthText(chat, 7)
    expect(done).toContain('Jūsu dalība programmā Worksection (ieteikumu) ir beigusies pēc jūsu lūguma.')
    expect(done).toContain(t('endings.money.paid_any_amount'))
    const e = await enrolment(partner, 'worksection-referral')
    expect(e).toMatchObject({ status: 'terminated', endReason: 'partner_request' })
    expect(await attributes(ref, '192.0.2.74')).toBe(false)
    await settle()
    expect(telegram.textsTo(chat)).toHaveLength(7)

    // afterwards /link says the agreement ended instead of offering the link as before, and /earnings no longer
    // counts towards the minimum (what is left is paid at any amount)
    await telegram.sendText(chat, '/link')
    expect(await telegram.nthText(chat, 8)).toBe(t('link.ended', { program: 'Worksection (ieteikumu)' }))
    await telegram.sendText(chat, '/earnings')
    // under the chart of May, when the reward was earned (it is on hold until June)
    const earnings = await waitUntil(() =>
      telegram.calls.find((c) => c.method === 'sendPhoto' && Number(c.payload.chat_id) === chat),
    )
    expect(earnings.payload.caption).toBe(
      '📊 Worksection (ieteikumu), USD\nPieejams: 0,00 USD\nGaida: 25,00 USD (gaidīšanas laiks pēc klienta maksājuma: 31 diena)\n• 25,00 USD — pieejamības datums: 2026. gada 14. jūnijs\nIzmaksāts: 0,00 USD',
    )
  })

  it('item 10. worksection-partner 9.1 "тоқтату күніне 31 (отыз бір) күн қалғанда": a partner leaving from /settings gives 31 days\' notice; the link works until then', async () => {
    api.clock.set('2026-05-15T09:00:00Z')
    const chat = 9705
    const { partner, codes } = await api.enrolled('worksection-partner', {
      name: 'Leaver',
      language: 'en',
      legalType: 'company',
      telegramId: chat,
    })
    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, 'st:leave')
    await telegram.keyboardAfter(chat, 2)
    await telegram.press(chat, 'lp:ask:worksection-partner')
    const confirm = await telegram.keyboardAfter(chat, 3)
    const endsAt = new Date(Date.parse('2026-05-15T09:00:00Z') + 31 * DAY)
    expect(confirm?.text).toContain(
      `Under its terms your agreement ends after a notice period. End of the agreement: ${endDate('en', endsAt, KYIV)}.`,
    )
    expect(confirm?.text).toContain('The last payout may come up to 60 days after the end.')
    await telegram.press(chat, 'lp:yes:worksection-partner')
    expect(await telegram.nthText(chat, 4)).toContain(
      `You asked to leave Worksection partner program. End of the agreement: ${endDate('en', endsAt, KYIV)}.`,
    )
    const e = await enrolment(partner, 'worksection-partner')
    expect(e).toMatchObject({ status: 'active', endReason: 'partner_request' })
    expect(e.endsAt?.toISOString()).toBe(endsAt.toISOString())
    expect(await attributes(codes[0]!.code, '192.0.2.75')).toBe(true)
  })

  it('item 10. the desk: an admin ends an agreement from the partner card (signed Slack requests), with a confirmation naming the 24-hour notice of 8.6; support sees no button and is refused', async () => {
    api.clock.set('2026-05-16T09:00:00Z')
    const chat = 9706
    const { partner } = await referrer(chat, 'ka', 'i10d')
    const value = `${partner}:worksection-referral`
    const card = async (user: string) => {
      const c = await desk.command(`partner ${partner}`, user)
      return JSON.stringify(
        (await waitUntil(() => slack.responses.find((r) => r.id === c.responseId))).body.blocks ?? [],
      )
    }
    expect(await card(USERS.admin)).toContain('partner_end')
    expect(await card(USERS.support)).not.toContain('partner_end')

    const refused = await desk.action(USERS.support, 'partner_end', value)
    const refusal = await waitUntil(() => slack.responses.find((r) => r.id === refused.responseId))
    expect(refusal.body.text).toMatch(/admin/)

    const mark = slack.calls.length
    await desk.action(USERS.admin, 'partner_end', value)
    const view = await desk.openedView(mark)
    expect(view.callback_id).toBe('partner_end_modal')
    const shown = JSON.stringify(view.blocks)
    expect(shown).toContain(`Breach of the terms: ends ${deskEndDate('en', new Date('2026-05-17T09:00:00Z'), KYIV)}`)
    expect(shown).toContain('everything earned stays payable, at any amount')
    // no reason picked: the modal says what to fix, nothing changes
    const missing = await desk.submit(USERS.admin, view, { note: { note: 'x' } })
    expect(missing.body).toMatchObject({ response_action: 'errors' })
    expect((await enrolment(partner, 'worksection-referral')).endsAt).toBeNull()

    const ok = await desk.submit(USERS.admin, view, {
      reason: { reason: { selected: 'breach' } },
      note: { note: 'bought ads on our brand name' },
    })
    expect(ok.status).toBe(200)
    const e = await enrolment(partner, 'worksection-referral')
    expect(e).toMatchObject({ status: 'active', endReason: 'breach' })
    expect(e.endsAt?.toISOString()).toBe('2026-05-17T09:00:00.000Z')
    const audit = await api.service.db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'enrolment.ending', subjectId: e.id },
    })
    expect(audit.actor).toBe(`slack:${USERS.admin}`)
    // the partner reads it in Georgian
    const told = await telegram.nthText(chat, 1)
    expect(told).toContain('კომპანია წყვეტს თქვენს ხელშეკრულებას პროგრამასთან Worksection (რეფერალური)')
    // the card now says when it ends
    expect(await card(USERS.admin)).toContain('Agreement ends:')
  })

  // last: on embedded PGlite a terms broadcast leaves postbacks waiting for a connection (also in
  // terms-broadcast.test.ts before this change), so the postbacks of the other tests come first
  it('item 7. worksection-referral 8.3 "Сілтеме Келісіми Компанияға тиісті жазбаша қарсылық түскен сәттен бастап тоқталады": an objection in time ends the agreement when it is received, not at the effective date; unpaid rewards are still paid', async () => {
    api.clock.set('2026-07-01T09:00:00Z')
    const chat = 9701
    const { partner, ref } = await referrer(chat, 'en', 'i7')
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-07-04T09:00:00Z',
      texts: {
        en: 'Bronze rewards become $30.',
        ru: 'Награда уровня Bronze составит $30.',
        kk: 'Bronze деңгейінің сыйақысы $30 болады.',
        ka: 'Bronze დონის ჯილდო იქნება $30.',
        lv: 'Bronze līmeņa atlīdzība būs $30.',
      },
    })
    expect(draft.status).toBe(201)
    expect((await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(201)
    expect(await telegram.nthText(chat, 1)).toContain(
      'press “Object” within 3 days: your agreement then ends the moment your objection is received',
    )

    // a day later, two days before the change takes effect: the objection ends the agreement now
    api.clock.set('2026-07-02T10:30:00Z')
    await telegram.press(chat, `tv:obj:${draft.body.version.id}`)
    // the bot asks first (the end date, the money), then takes the objection
    await telegram.keyboardAfter(chat, 2)
    await telegram.press(chat, `tv:obj_yes:${draft.body.version.id}`)
    const receivedAt = new Date('2026-07-02T10:30:00Z')
    expect(await telegram.nthText(chat, 3)).toBe(
      i18n.t('en')('terms.answer.objected_ends', {
        program: 'Worksection referral program',
        date: endDate('en', receivedAt, KYIV),
      }),
    )
    expect(await telegram.nthText(chat, 3)).toContain('July 2, 2026')
    const e = await enrolment(partner, 'worksection-referral')
    expect(e).toMatchObject({ status: 'terminated', endReason: 'terms_objection' })
    expect(e.endsAt?.toISOString()).toBe(receivedAt.toISOString())
    // the bot's answer was the notice: no second message saying the same
    await settle()
    expect(telegram.textsTo(chat)).toHaveLength(3)
    // support hears of it, with the moment it ended
    const post = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload.blocks ?? []).includes(partner),
      10_000,
    )
    expect(post.payload.text).toContain('ended when the objection was received')
    // the partner is named, not shown by id; the button opens their card
    expect(post.payload.text).not.toContain(partner)
    const open = post.payload.blocks.at(-1).elements[0]
    expect(open).toMatchObject({ action_id: 'home_open_partner', value: `${partner}:worksection-referral` })

    // from that moment the link no longer attributes
    expect(await attributes(ref, '192.0.2.71')).toBe(false)
    // the reward on hold still becomes available (31 days after the payment) and is paid below the $50 minimum
    api.clock.set('2026-08-03T10:00:00Z')
    expect(balanceOf((await api.statement(partner)).body, 'worksection-referral')).toMatchObject({
      available: '25.00',
    })
    await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'paypal',
      details: { email: 'objector@example.com' },
    })
    const payout = await api.requestPayout(
      partner,
      { program: 'worksection-referral', method: 'paypal', amount: '25.00' },
      'i7-payout',
    )
    expect(payout.status, JSON.stringify(payout.body)).toBe(201)
  })
})
