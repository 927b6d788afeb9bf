import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/** Two agents, or a stale card, on the operator desk: codes, payouts and codes' validity (signed requests to Bolt). */
describe('the operator desk under races and stale cards', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let chat = 9100
  let order = 0
  async function quantowerPartner(username: string, paid = '75.00') {
    const tg = ++chat
    const { partner, codes } = await api.enrolled('quantower', {
      name: `Rev ${tg}`,
      language: 'en',
      legalType: 'individual',
      telegramId: tg,
    })
    await api.service.db.prisma.partner.update({ where: { id: partner }, data: { telegramUsername: username } })
    const ref = codes[0]!.code
    const at = new Date(api.clock.now().getTime() - 3_600_000).toISOString()
    await api.recorded('quantower', {
      id: `rs-${++order}`,
      type: 'signup',
      occurredAt: at,
      customer: `rc-${order}`,
      ref,
    })
    await api.recorded('quantower', {
      id: `rp-${order}`,
      type: 'payment',
      occurredAt: at,
      customer: `rc-${order}`,
      order: `ro-${order}`,
      amount: paid,
      currency: 'USD',
    })
    return { partner, chat: tg, code: ref }
  }
  const ephemeralTo = (user: string, since: number) =>
    slack.waitForCall('chat.postEphemeral', (c: SlackCall) => c.payload.user === user, 5000, since)
  const sanctions = (partnerId: string) =>
    api.service.db.prisma.sanction.findMany({ where: { enrolment: { partnerId } }, orderBy: { createdAt: 'asc' } })

  it('two agents suspending codes: lifting one suspension must not reactivate codes while the other is in force', async () => {
    const p = await quantowerPartner('double_suspend')
    // support and the admin each open "Suspend codes" on their own card (both offered while the partner is active)
    const a = slack.calls.length
    await desk.action(USERS.support, 'partner_suspend_codes', `${p.partner}:quantower`, { channel: 'CSUPPORT' })
    const supportView = await desk.openedView(a)
    const b = slack.calls.length
    await desk.action(USERS.admin, 'partner_suspend_codes', `${p.partner}:quantower`, { channel: 'CSUPPORT' })
    const adminView = await desk.openedView(b)
    await desk.submit(USERS.support, supportView, { reason: { reason: { selected: 'bot_traffic' } } })
    const second = await desk.submit(USERS.admin, adminView, { reason: { reason: { selected: 'fraud' } } })
    expect(second.status).toBe(200)
    const all = (await sanctions(p.partner)).filter((s) => s.kind === 'suspend_codes' && !s.liftedAt)
    // support later lifts the one they applied
    const mine = all[0]!
    const c = slack.calls.length
    await desk.action(USERS.support, 'partner_lift', mine.id, { channel: 'CSUPPORT' })
    await desk.submit(USERS.support, await desk.openedView(c), { reason: { reason: 'Traffic checked: clean.' } })
    await ephemeralTo(USERS.support, c)
    const inForce = (await sanctions(p.partner)).filter((s) => s.kind === 'suspend_codes' && !s.liftedAt)
    const codes = await api.service.db.prisma.referralCode.findMany({ where: { enrolment: { partnerId: p.partner } } })
    // either the second suspension was refused (one suspension only), or the codes stay suspended while one is in force
    if (inForce.length > 0) expect(codes.map((x) => x.status)).toEqual(codes.map(() => 'suspended'))
  })

  /** A jqsee partner with a PayPal payout request of their 10% commission on `amount`. */
  async function requested(amount = '150.00') {
    const tg = ++chat
    const { partner, codes } = await api.enrolled('jqsee', {
      name: `Payee ${tg}`,
      language: 'en',
      legalType: 'individual',
      telegramId: tg,
    })
    await api.recorded('jqsee', {
      id: `rfin-${partner}`,
      type: 'payment',
      occurredAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(),
      customer: `rfin-${partner}`,
      ref: codes[0]!.code,
      order: `rfin-${partner}`,
      amount,
      currency: 'USD',
    })
    const r = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'paypal', details: { email: `payee${tg}@example.com` } },
      `rfin-${partner}`,
    )
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return { partner, chat: tg, payoutId: r.body.payout.id as string }
  }
  const payout = async (id: string) => (await api.operator('GET', `/v1/payouts/${id}`)).body.payout

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

  it('Add code with a "valid until" day already past is refused in the form, not issued expired', async () => {
    const tg = ++chat
    const { partner } = await api.enrolled('jqsee', {
      name: `Vera ${tg}`,
      language: 'en',
      legalType: 'individual',
      telegramId: tg,
    })
    const before = slack.calls.length
    await desk.action(USERS.support, 'code_add', `${partner}:jqsee`, { channel: 'CSUPPORT' })
    const view = await desk.openedView(before)
    // today is March 6, 2026: a code valid until March 1 could never attribute anything
    const r = await desk.submit(USERS.support, view, {
      code: { code: 'Spring2026' },
      until: { date: { date: '2026-03-01' } },
    })
    const codes = await api.service.db.prisma.referralCode.findMany({ where: { enrolment: { partnerId: partner } } })
    expect(codes.map((c) => c.code)).not.toContain('Spring2026')
    expect(r.body).toMatchObject({ response_action: 'errors', errors: { until: expect.any(String) } })
  })

  it('codes suspended, partner blocked, suspension lifted, block lifted: the codes work again as the partner was told', async () => {
    const p = await quantowerPartner('suspend_then_block')
    const sanction = async (user: string, action: string, reason: string) => {
      const at = slack.calls.length
      await desk.action(user, action, `${p.partner}:quantower`, { channel: 'CSUPPORT' })
      await desk.submit(user, await desk.openedView(at), { reason: { reason: { selected: reason } } })
    }
    const lift = async (user: string, id: string, reason: string) => {
      const at = slack.calls.length
      await desk.action(user, 'partner_lift', id, { channel: 'CSUPPORT' })
      await desk.submit(user, await desk.openedView(at), { reason: { reason } })
      await ephemeralTo(user, at)
    }
    await sanction(USERS.support, 'partner_suspend_codes', 'bot_traffic')
    await sanction(USERS.admin, 'partner_block', 'fraud')
    const all = await sanctions(p.partner)
    const suspended = all.find((s) => s.kind === 'suspend_codes')!
    const blocked = all.find((s) => s.kind === 'block')!
    // support clears the traffic question while the partner is blocked: the codes stay suspended, and the partner
    // is not told they are reinstated
    await lift(USERS.support, suspended.id, 'Traffic checked: clean.')
    const codesNow = await api.service.db.prisma.referralCode.findMany({
      where: { enrolment: { partnerId: p.partner } },
    })
    expect(codesNow.map((c) => c.status)).toEqual(codesNow.map(() => 'suspended'))
    // ...and the admin lifts the block
    await lift(USERS.admin, blocked.id, 'Chargebacks explained.')
    const enrolment = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: p.partner } })
    expect(enrolment.status).toBe('active')
    expect((await sanctions(p.partner)).filter((s) => !s.liftedAt)).toEqual([])
    // no sanction in force, the partner told their codes are reinstated: the codes must work
    const codes = await api.service.db.prisma.referralCode.findMany({ where: { enrolment: { partnerId: p.partner } } })
    expect(codes.map((c) => c.status)).toEqual(codes.map(() => 'active'))
    const reinstated = telegram.calls.filter(
      (c) =>
        Number(c.payload.chat_id) === p.chat && String(c.payload.text).includes('has reinstated your referral links'),
    )
    expect(reinstated).toEqual([])
  })
})
