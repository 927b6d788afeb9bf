import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 15, items 6 and 12, through postbacks, the operator API and the Slack desk:
 * - worksection-referral's "one IP" (seed 001, 3.3.5): every user on a shared address loses its unpaid reward;
 * - review flags a program sets to `flag` (quantower, seed 004): stored with their evidence, listed on the operator
 *   API and on the partner card in Slack.
 */
describe('seed rules: one IP, review flags', () => {
  const env = withDesk('2026-03-02T09:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, slack, desk, telegram } = env())
  })

  let seq = 0
  const post = (program: string, event: Record<string, unknown>) => api.recorded(program, event)
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)
  const enrol = (program: string, extra: Record<string, unknown> = {}) =>
    api.enrolled(program, { name: `P ${++seq}`, language: 'en', legalType: 'individual', ...extra })

  /** A referred client of `code` signs up (from `ip`, if given) and pays its first month. */
  const referral = async (code: string | undefined, customer: string, ip: string | undefined, at: string) => {
    const signup = await post('worksection-referral', {
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: at,
      customer,
      ...(code ? { ref: code } : {}),
      ...(ip ? { ip } : {}),
    })
    const payment = await post('worksection-referral', {
      id: `${customer}-p`,
      type: 'payment',
      occurredAt: at,
      customer,
      order: `${customer}-o`,
      amount: '49.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    return { signup, payment }
  }
  const commissionsOf = (partner: string) =>
    api.service.db.prisma.commission.findMany({
      where: { enrolment: { partnerId: partner } },
      orderBy: { createdAt: 'asc' },
    })

  it('item 6. worksection-referral 3.3.5 "бір IP мекенжайынан екі немесе одан да көп пайдаланушы бұрын-соңды Қызметті пайдаланған жағдай ... Сілтеме серіктесіне ақы берілмейді": a second user on the IP voids the earlier user\'s unpaid reward too', async () => {
    // programs.md words it "no reward for the later ones"; the seed says no reward for any user of a shared IP
    api.clock.set('2026-03-02T10:00:00Z')
    const chat = 9601
    telegram.languages.set(chat, 'kk')
    const first = await enrol('worksection-referral', { language: 'kk', telegramId: chat })
    const second = await enrol('worksection-referral')
    const a = await referral(first.codes[0]!.code, `ip6-a-${seq}`, '203.0.113.60', '2026-03-02T09:00:00Z')
    expect(a.payment.commissions).toEqual([expect.objectContaining({ amount: '25.00', status: 'pending' })])
    const rewardA = a.payment.commissions[0].id as string

    // another partner's client signs up from the same address: it earns nothing, and the first reward is voided
    const b = await referral(second.codes[0]!.code, `ip6-b-${seq}`, '203.0.113.60', '2026-03-02T09:30:00Z')
    expect(b.signup.reversals).toEqual([
      { commission: rewardA, amount: '-25.00', currency: 'USD', reason: 'shared_ip' },
    ])
    // its own payment is refused with the reason, no money moves
    expect(b.payment.commissions).toEqual([
      expect.objectContaining({ amount: '25.00', status: 'rejected', reason: 'shared_ip' }),
    ])
    expect(await commissionsOf(first.partner)).toEqual([
      expect.objectContaining({ id: rewardA, status: 'annulled', reason: 'shared_ip' }),
    ])
    expect(await commissionsOf(second.partner)).toEqual([expect.objectContaining({ status: 'rejected' })])
    expect((await api.statement(second.partner)).body.entries).toEqual([])

    // the first partner sees the reward taken back, with its reason, and nothing left to be paid for it
    const st = (await api.statement(first.partner, { program: 'worksection-referral' })).body
    expect(balanceOf(st, 'worksection-referral')).toMatchObject({
      pending: '0.00',
      available: '0.00',
      reversed: '25.00',
    })
    expect(st.entries).toContainEqual(
      expect.objectContaining({ commission: rewardA, kind: 'annulment', reason: 'shared_ip', amount: '-25.00' }),
    )
    const [view] = await api.service.core.reports.earnings(first.partner)
    expect(view).toMatchObject({ reversedMinor: 2500n, reversedReasons: ['shared_ip'] })
    // and in the bot, in their language: /earnings names the reason
    await telegram.sendText(chat, '/earnings')
    expect(await telegram.nthText(chat, 1)).toContain(
      'Шегерілді: 25,00 USD — клиенттің IP-мекенжайы басқа пайдаланушымен ортақ',
    )

    // a replay of the revealing postback gets its first answer and voids nothing twice
    const replay = await api.postback('worksection-referral', {
      id: `ip6-b-${seq}-s`,
      type: 'signup',
      occurredAt: '2026-03-02T09:30:00Z',
      customer: `ip6-b-${seq}`,
      ref: second.codes[0]!.code,
      ip: '203.0.113.60',
    })
    expect(replay).toMatchObject({ status: 200, body: b.signup })
    const again = (await api.statement(first.partner, { program: 'worksection-referral' })).body
    expect(balanceOf(again, 'worksection-referral')).toMatchObject({ reversed: '25.00' })

    // the earlier user is barred for good, not only its reward so far: a client who signed up from an address,
    // then saw another user there, earns nothing when it pays
    const c = `ip6-c-${seq}`
    const code = first.codes[0]!.code
    await post('worksection-referral', {
      id: `${c}-s`,
      type: 'signup',
      occurredAt: '2026-03-02T09:40:00Z',
      customer: c,
      ref: code,
      ip: '203.0.113.61',
    })
    await post('worksection-referral', {
      id: `${c}-x`,
      type: 'signup',
      occurredAt: '2026-03-02T09:41:00Z',
      customer: `${c}-stranger`,
      ip: '203.0.113.61',
    })
    const paid = await post('worksection-referral', {
      id: `${c}-p`,
      type: 'payment',
      occurredAt: '2026-03-02T09:45:00Z',
      customer: c,
      order: `${c}-o`,
      amount: '49.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(paid.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'shared_ip' })])
    expect(paid.reversals).toEqual([])
  })

  it('item 6. worksection-referral "one IP": a user known only from a later event on the address (no referral of its own) still voids the rewards there; money already in a payout stays paid', async () => {
    api.clock.set('2026-03-02T10:00:00Z')
    const p = await enrol('worksection-referral')
    const code = p.codes[0]!.code
    const c1 = await referral(code, `ip6p-1-${seq}`, '198.51.100.61', '2026-03-02T09:00:00Z')
    await referral(code, `ip6p-2-${seq}`, '198.51.100.62', '2026-03-02T09:00:00Z')
    api.clock.set('2026-04-03T10:00:00Z') // 31 days on: $50.00 available
    const c3 = await referral(code, `ip6p-3-${seq}`, '198.51.100.63', '2026-04-03T09:00:00Z')
    const payout = await api.requestPayout(
      p.partner,
      { program: 'worksection-referral', method: 'service_credit' },
      `k${seq}`,
    )
    expect(payout.status, JSON.stringify(payout.body)).toBe(201)
    expect(payout.body.payout).toMatchObject({ gross: '50.00' })

    // a stranger (no referral) uses the first client's address: its reward is in the payout, so it stays paid
    const s1 = await post('worksection-referral', {
      id: `ip6p-x-${seq}`,
      type: 'signup',
      occurredAt: '2026-04-03T09:10:00Z',
      customer: `ip6p-x-${seq}`,
      ip: '198.51.100.61',
    })
    expect(s1.reversals).toEqual([])
    // another uses the third client's address: its reward, still pending, is voided
    const s2 = await post('worksection-referral', {
      id: `ip6p-y-${seq}`,
      type: 'signup',
      occurredAt: '2026-04-03T09:20:00Z',
      customer: `ip6p-y-${seq}`,
      ip: '198.51.100.63',
    })
    const reward3 = c3.payment.commissions[0].id as string
    expect(s2.reversals).toEqual([{ commission: reward3, amount: '-25.00', currency: 'USD', reason: 'shared_ip' }])
    const rows = await commissionsOf(p.partner)
    // untouched: the reward the payout drew on keeps its status and its money
    expect(rows.find((c) => c.id === c1.payment.commissions[0].id)).toMatchObject({ status: 'pending', reason: null })
    expect(rows.find((c) => c.id === reward3)).toMatchObject({ status: 'annulled', reason: 'shared_ip' })
    const st = (await api.statement(p.partner, { program: 'worksection-referral' })).body
    expect(balanceOf(st, 'worksection-referral')).toMatchObject({
      inPayout: '50.00',
      pending: '0.00',
      available: '0.00',
      reversed: '25.00',
    })
  })

  it('item 6. worksection-referral "one IP": users appearing on the address at once void the earlier reward exactly once', async () => {
    api.clock.set('2026-03-02T10:00:00Z')
    const p = await enrol('worksection-referral')
    const others = [await enrol('worksection-referral'), await enrol('worksection-referral')]
    const a = await referral(p.codes[0]!.code, `ip6c-a-${seq}`, '192.0.2.66', '2026-03-02T09:00:00Z')
    const reward = a.payment.commissions[0].id as string
    // three users on the address in the same instant (they share group-committed transactions), with the partner's
    // own new client on another address
    const answers = await Promise.all([
      ...others.map((o, i) =>
        post('worksection-referral', {
          id: `ip6c-b${i}-${seq}`,
          type: 'signup',
          occurredAt: '2026-03-02T09:30:00Z',
          customer: `ip6c-b${i}-${seq}`,
          ref: o.codes[0]!.code,
          ip: '192.0.2.66',
        }),
      ),
      post('worksection-referral', {
        id: `ip6c-x-${seq}`,
        type: 'signup',
        occurredAt: '2026-03-02T09:30:00Z',
        customer: `ip6c-x-${seq}`,
        ip: '192.0.2.66',
      }),
      referral(p.codes[0]!.code, `ip6c-d-${seq}`, '192.0.2.67', '2026-03-02T09:30:00Z'),
    ])
    const reversals = answers.slice(0, 3).flatMap((r) => r.reversals)
    expect(reversals).toEqual([{ commission: reward, amount: '-25.00', currency: 'USD', reason: 'shared_ip' }])
    const entries = await api.service.db.prisma.ledgerEntry.findMany({ where: { commissionId: reward } })
    expect(entries.reduce((sum, e) => sum + e.amountMinor, 0n)).toBe(0n)
    expect(entries.filter((e) => e.kind === 'annulment')).toHaveLength(2)
    const st = (await api.statement(p.partner, { program: 'worksection-referral' })).body
    // the client on its own address keeps its reward
    expect(balanceOf(st, 'worksection-referral')).toMatchObject({ pending: '25.00', reversed: '25.00' })
  })

  /** The partner card support gets from `/pa partner <id>`, as text. */
  const card = async (partner: string, user = USERS.support) => {
    const r = await desk.command(`partner ${partner}`, user)
    expect(r.status).toBe(200)
    for (let i = 0; i < 100; i++) {
      const found = slack.responses.find((x) => x.id === r.responseId)
      if (found) {
        const body = found.body as { text?: string; blocks?: unknown[] }
        return `${body.text ?? ''}${JSON.stringify(body.blocks ?? [])}`
      }
      await new Promise((res) => setTimeout(res, 50))
    }
    throw new Error('no partner card')
  }
  const flagsOf = async (partner: string) =>
    ((await op('GET', '/v1/review-flags?program=quantower&open=true')).body.flags as Record<string, unknown>[]).filter(
      (f) => f.partner === partner,
    )

  it('item 12. quantower «Клиенты не могут приглашать себя для получения вознаграждений, используя несколько учетных записей ... вы будете дисквалифицированы»: a self-referral is a stored review flag with its evidence, on the operator API and on the partner card in Slack', async () => {
    api.clock.set('2026-03-02T10:00:00Z')
    const customer = `own-${seq}`
    const p = await enrol('quantower', { ownAccountId: customer })
    const s = await post('quantower', {
      id: `q12s-${seq}`,
      type: 'signup',
      occurredAt: '2026-03-02T09:00:00Z',
      customer,
      ref: p.codes[0]!.code,
    })
    expect(s.commissions).toEqual([])
    const paid = await post('quantower', {
      id: `q12p-${seq}`,
      type: 'payment',
      occurredAt: '2026-03-02T09:10:00Z',
      customer,
      order: `q12o-${seq}`,
      amount: '100.00',
      currency: 'USD',
    })
    expect(paid.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'self_referral' })])
    // one flag for the customer, whichever of its events come, with the rule and the evidence
    const flags = await flagsOf(p.partner)
    expect(flags).toEqual([
      expect.objectContaining({
        kind: 'self_referral',
        program: 'quantower',
        details: { customer, event: `q12s-${seq}` },
        resolution: null,
      }),
    ])
    const audit = await api.service.db.prisma.auditLog.findMany({
      where: { subjectId: p.partner, action: 'flag.self_referral' },
    })
    expect(audit).toHaveLength(1)
    // support sees it on the partner card, in words, with the customer and the event
    const text = await card(p.partner)
    expect(text).toContain('Review flags to decide')
    expect(text).toContain('self-referral (grounds for disqualification)')
    expect(text).toContain(`customer \`${customer}\``)
    expect(text).toContain(`event \`q12s-${seq}\``)
    expect(text).toContain(String(flags[0]!.id))
    // decided: it leaves the card
    const resolved = await op('POST', `/v1/review-flags/${flags[0]!.id}/resolve`, { resolution: 'acted_disqualify' })
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200)
    expect(await card(p.partner)).not.toContain('Review flags to decide')
  })

  it("item 12. quantower «Клиенты не могут приглашать учетные записи, принадлежащие или контролируемые существующими клиентами»: an existing customer's referred event raises a review flag for disqualification, with the evidence", async () => {
    api.clock.set('2026-03-02T10:00:00Z')
    const p = await enrol('quantower')
    const customer = `existing-${seq}`
    // the customer signed up on its own, before any referral
    const own = await post('quantower', {
      id: `q12e0-${seq}`,
      type: 'signup',
      occurredAt: '2026-03-02T08:00:00Z',
      customer,
    })
    expect(own.event.partner).toBeNull()
    expect(await flagsOf(p.partner)).toEqual([])
    // then the partner's link is used for it
    const referred = await post('quantower', {
      id: `q12e1-${seq}`,
      type: 'payment',
      occurredAt: '2026-03-02T09:00:00Z',
      customer,
      ref: p.codes[0]!.code,
      order: `q12eo-${seq}`,
      amount: '100.00',
      currency: 'USD',
    })
    expect(referred.event.partner).toBe(p.partner)
    expect(referred.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'existing_customer' })])
    expect(await flagsOf(p.partner)).toEqual([
      expect.objectContaining({
        kind: 'existing_customer',
        details: { customer, event: `q12e1-${seq}` },
        resolution: null,
      }),
    ])
    const text = await card(p.partner)
    expect(text).toContain('invited an existing customer’s account (grounds for disqualification)')
    expect(text).toContain(`event \`q12e1-${seq}\``)
    // its later events are the same customer: still one flag
    await post('quantower', {
      id: `q12e2-${seq}`,
      type: 'payment',
      occurredAt: '2026-03-02T09:30:00Z',
      customer,
      order: `q12eo2-${seq}`,
      amount: '50.00',
      currency: 'USD',
    })
    expect(await flagsOf(p.partner)).toHaveLength(1)
  })

  it('item 12. a program that sets self-referral to "reject" (worksection-referral) refuses the reward and raises no flag', async () => {
    api.clock.set('2026-03-02T10:00:00Z')
    const customer = `wown-${seq}`
    const p = await enrol('worksection-referral', { ownAccountId: customer })
    const s = await post('worksection-referral', {
      id: `w12-${seq}`,
      type: 'signup',
      occurredAt: '2026-03-02T09:00:00Z',
      customer,
      ref: p.codes[0]!.code,
    })
    expect(s.event.partner).toBe(p.partner)
    expect(await api.service.db.prisma.customer.findFirst({ where: { externalId: customer } })).toMatchObject({
      ineligible: 'self_referral',
    })
    const flags = (await op('GET', '/v1/review-flags?program=worksection-referral')).body.flags as unknown[]
    expect(flags).toEqual([])
  })
})
