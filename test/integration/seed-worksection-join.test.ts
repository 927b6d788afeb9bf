import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 15 item 8, from seed 001 (Worksection, in Kazakh: the referral agreement and the partner agreement), through
 * the bot where a partner meets it and through signed postbacks and the operator API where the company's system does.
 * ../shared/programs.md says nothing of 18+, the own account asked at join, clause 4.5 or integrator and reseller
 * clients: the seed wins.
 */
describe('seed 001: worksection 18+, own account, accounts claimed twice, integrator and reseller clients', () => {
  const env = withTelegram('2026-05-04T08:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  const person = { language: 'en', legalType: 'individual' }
  const pendingOf = async (partner: string, program: string) => balanceOf((await api.statement(partner)).body, program)
  /** A client's sign-up through `ref` an hour before its first one-month payment (at `at`); the payment's answer. */
  const signupAndPayment = async (
    program: string,
    id: string,
    customer: string,
    ref: string,
    { at = '2026-05-02T09:00:00Z', ...extra }: Record<string, unknown> = {},
  ) => {
    const signupAt = new Date(new Date(at as string).getTime() - 3_600_000).toISOString()
    await api.recorded(program, { id: `${id}-s`, type: 'signup', occurredAt: signupAt, customer, ref, ...extra })
    return api.recorded(program, {
      id: `${id}-p`,
      type: 'payment',
      occurredAt: at,
      customer,
      order: `${id}-o`,
      amount: '100.00',
      currency: 'USD',
      monthsPaid: 1,
    })
  }
  /** Joins a worksection program through its deep link up to the age question; the chat's message count so far. */
  const upToAge = async (chat: number, program: string, language: string) => {
    telegram.languages.set(chat, language)
    await telegram.sendText(chat, `/start ${program}`)
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':accept')
    await telegram.keyboardAfter(chat, 2)
    await telegram.press(chat, ':individual')
    const country = await telegram.keyboardAfter(chat, 3)
    await telegram.pressButton(chat, country.message_id, country.buttons[0]!.data)
    return telegram.keyboardAfter(chat, 4)
  }

  for (const [program, chat] of [
    ['worksection-referral', 8101],
    ['worksection-partner', 8102],
  ] as const) {
    it(`item 8. ${program}, seed 001 preamble "18 жасқа толмаған адамдардан басқа": the bot asks 18+ at join in Kazakh; a partner under 18 is not enrolled`, async () => {
      const age = await upToAge(chat, program, 'kk')
      expect(age.text).toContain('18')
      expect(age.buttons.map((b) => b.text)).toEqual(['Маған 18 жас толған', 'Жасым жетпейді'])
      await telegram.press(chat, ':no')
      expect(await telegram.nthText(chat, 5)).toMatch(/тек кәмелетке толған серіктестерді қабылдайды\.$/)
      expect(await api.service.db.prisma.partner.findUnique({ where: { telegramId: BigInt(chat) } })).toBeNull()
    })
  }

  it('item 8. worksection-referral 3.3.5 "өз аккаунтын ... төлеу" (self-referral): the bot asks the partner\'s own Worksection account at join; a payment on it earns nothing, another client earns the reward', async () => {
    const chat = 8103
    await upToAge(chat, 'worksection-referral', 'en')
    await telegram.press(chat, ':yes')
    expect(await telegram.nthText(chat, 5)).toBe(
      'Please send the ID of your own account in the company’s service, as Worksection referral program shows it (for example, your account’s address). Payments on your own account never count as referrals.',
    )
    await telegram.sendText(chat, 'two\nlines')
    expect(await telegram.nthText(chat, 6)).toBe(
      'Please send the ID of your own account as one line of at most 256 characters.',
    )
    await telegram.sendText(chat, `  ${'x'.repeat(257)}  `)
    expect(await telegram.nthText(chat, 7)).toBe(
      'Please send the ID of your own account as one line of at most 256 characters.',
    )
    await telegram.sendText(chat, '  mine.worksection.com ')
    expect(await telegram.nthText(chat, 8)).toMatch(/^🎉 You are now a partner of Worksection referral program/)
    const partner = await api.service.db.prisma.partner.findUniqueOrThrow({
      where: { telegramId: BigInt(chat) },
      include: { enrolments: { include: { codes: true } } },
    })
    const enrolment = partner.enrolments[0]!
    expect(enrolment).toMatchObject({
      ownAccountId: 'mine.worksection.com',
      answers: { ageConfirmed: true, ownAccount: 'mine.worksection.com' },
    })
    const ref = enrolment.codes[0]!.code
    const own = await signupAndPayment('worksection-referral', 'w8-own', 'mine.worksection.com', ref)
    expect(own.commissions).toEqual([
      expect.objectContaining({ amount: '25.00', status: 'rejected', reason: 'self_referral' }),
    ])
    const other = await signupAndPayment('worksection-referral', 'w8-oth', 'client.worksection.com', ref)
    expect(other.commissions).toEqual([expect.objectContaining({ amount: '25.00', status: 'pending' })])
    expect(await pendingOf(partner.id, 'worksection-referral')).toMatchObject({ pending: '25.00' })
  })

  it('item 8. worksection-partner: the own account given to the operator enrol API (ownAccountId) is a self-referral; one that cannot be stored is refused', async () => {
    const tooLong = await api.enrol('worksection-partner', {
      name: 'Integrator',
      ...person,
      ownAccountId: 'x'.repeat(257),
    })
    expect(tooLong.status).toBe(400)
    expect(JSON.stringify(tooLong.body)).toContain('ownAccountId')
    const p = await api.enrolled('worksection-partner', { name: 'Integrator', ...person, ownAccountId: 'int.own' })
    const own = await signupAndPayment('worksection-partner', 'w8-api-own', 'int.own', p.codes[0]!.code)
    expect(own.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'self_referral' })])
    const end = await signupAndPayment('worksection-partner', 'w8-api-end', 'int.end-user', p.codes[0]!.code)
    expect(end.commissions).toEqual([expect.objectContaining({ amount: '15.00', status: 'pending' })])
  })

  it('item 8. worksection-referral 3.1.4 "Интегратор немесе Қайта сату мәртебесін алған" client: customerKind integrator or reseller earns no reward; other kinds and the partner program are unaffected', async () => {
    const p = await api.enrolled('worksection-referral', { name: 'Kinds', ...person })
    const ref = p.codes[0]!.code
    const integrator = await signupAndPayment('worksection-referral', 'w8-int', 'k-int', ref, {
      customerKind: 'integrator',
    })
    expect(integrator.commissions).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'excluded_customer_kind' }),
    ])
    // the status reported on the sign-up stays with the client: its payment, sent without it, earns nothing either
    await api.recorded('worksection-referral', {
      id: 'w8-res-s',
      type: 'signup',
      occurredAt: '2026-05-01T09:00:00Z',
      customer: 'k-res',
      ref,
      customerKind: 'reseller',
    })
    const reseller = await api.recorded('worksection-referral', {
      id: 'w8-res-p',
      type: 'payment',
      occurredAt: '2026-05-02T09:00:00Z',
      customer: 'k-res',
      order: 'w8-res-o',
      amount: '100.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(reseller.commissions).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'excluded_customer_kind' }),
    ])
    const plain = await signupAndPayment('worksection-referral', 'w8-reg', 'k-reg', ref, { customerKind: 'company' })
    expect(plain.commissions).toEqual([expect.objectContaining({ amount: '25.00', status: 'pending' })])
    expect(await pendingOf(p.partner, 'worksection-referral')).toMatchObject({ pending: '25.00' })
    // integrators' own program (the partner agreement, Appendix 1) pays on their end users whatever their kind
    const integratorProgram = await api.enrolled('worksection-partner', { name: 'Kinds', ...person })
    const there = await signupAndPayment(
      'worksection-partner',
      'w8-int-p',
      'k-int-p',
      integratorProgram.codes[0]!.code,
      {
        customerKind: 'integrator',
      },
    )
    expect(there.commissions).toEqual([expect.objectContaining({ amount: '15.00', status: 'pending' })])
    const bad = await api.postback('worksection-referral', {
      id: 'w8-bad',
      type: 'signup',
      occurredAt: '2026-05-01T09:00:00Z',
      customer: 'k-bad',
      customerKind: 'Integrator!',
    })
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'postback.invalid' } } })
    expect(JSON.stringify(bad.body)).toContain('customerKind')
  })

  it('item 8. worksection-referral 4.5 "бір есептің екі Серіктес пен Сілтеме серіктесіне тиесілі ... сыйақы жойылады": a client account claimed by an integrator too annuls the referral reward, whichever claim came first', async () => {
    const chat = 8104
    telegram.languages.set(chat, 'ru')
    const referrer = await api.enrolled('worksection-referral', {
      name: 'Referrer',
      ...person,
      language: 'ru',
      telegramId: chat,
    })
    const integrator = await api.enrolled('worksection-partner', { name: 'Integrator', ...person })
    // the referral partner claims the account first: its reward is on hold for 31 days
    const first = await signupAndPayment('worksection-referral', 'w8-c1r', 'acct-1', referrer.codes[0]!.code)
    expect(first.commissions).toEqual([expect.objectContaining({ amount: '25.00', status: 'pending' })])
    expect(await pendingOf(referrer.partner, 'worksection-referral')).toMatchObject({ pending: '25.00' })
    // an integrator claims the same account in the partner program: the referral reward is annulled, not paid
    const second = await signupAndPayment('worksection-partner', 'w8-c1p', 'acct-1', integrator.codes[0]!.code)
    // the partner agreement has no clause 4.5: the integrator keeps its commission
    expect(second.commissions).toEqual([expect.objectContaining({ amount: '15.00', status: 'pending' })])
    const annulled = await api.service.db.prisma.commission.findUniqueOrThrow({
      where: { id: first.commissions[0].id },
    })
    expect(annulled).toMatchObject({ status: 'annulled', reason: 'claimed_twice' })
    // where the partner meets it: /earnings no longer counts the reward as coming, and shows it written off
    await telegram.sendText(chat, '/earnings')
    const earnings = await telegram.nthText(chat, 1)
    expect(earnings).toContain('Списано: 25,00 USD')
    expect(earnings).not.toContain('В ожидании')
    api.clock.set('2026-06-10T08:00:00Z')
    expect(await pendingOf(referrer.partner, 'worksection-referral')).toMatchObject({
      pending: '0.00',
      available: '0.00',
    })
    // later payments of that account earn the referral partner nothing either
    const later = await api.recorded('worksection-referral', {
      id: 'w8-c1r-2',
      type: 'payment',
      occurredAt: '2026-06-09T09:00:00Z',
      customer: 'acct-1',
      order: 'w8-c1r-o2',
      amount: '100.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(later.commissions.every((c: { status: string }) => c.status !== 'pending')).toBe(true)
    // the integrator claims first: the referral partner's later claim earns nothing, with the reason
    await signupAndPayment('worksection-partner', 'w8-c2p', 'acct-2', integrator.codes[0]!.code, {
      at: '2026-06-09T09:00:00Z',
    })
    const late = await signupAndPayment('worksection-referral', 'w8-c2r', 'acct-2', referrer.codes[0]!.code, {
      at: '2026-06-09T10:00:00Z',
    })
    expect(late.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'claimed_twice' })])
  })

  it('item 8. 4.5 when the referral reward is already payable: what may be paid or requested is not taken back by itself; support gets a review flag naming it', async () => {
    api.clock.set('2026-06-20T08:00:00Z')
    const referrer = await api.enrolled('worksection-referral', { name: 'Early', ...person })
    const integrator = await api.enrolled('worksection-partner', { name: 'Late', ...person })
    const reward = await signupAndPayment('worksection-referral', 'w8-c3r', 'acct-3', referrer.codes[0]!.code, {
      at: '2026-06-06T10:00:00Z',
    })
    api.clock.set('2026-07-08T08:00:00Z')
    expect(await pendingOf(referrer.partner, 'worksection-referral')).toMatchObject({ available: '25.00' })
    await signupAndPayment('worksection-partner', 'w8-c3p', 'acct-3', integrator.codes[0]!.code, {
      at: '2026-07-07T09:00:00Z',
    })
    const flags = (await api.operator('GET', '/v1/review-flags?program=worksection-referral')).body.flags
    expect(flags).toEqual([
      expect.objectContaining({
        partner: referrer.partner,
        kind: 'claimed_twice',
        details: expect.objectContaining({
          customer: 'acct-3',
          commissions: [reward.commissions[0].id],
          claimedIn: 'worksection-partner',
          claimedBy: integrator.partner,
        }),
        resolution: null,
      }),
    ])
    // the customer earns the referral partner nothing more
    const customer = await api.service.db.prisma.customer.findFirstOrThrow({
      where: { programKey: 'worksection-referral', externalId: 'acct-3' },
    })
    expect(customer.ineligible).toBe('claimed_twice')
  })

  it('item 8. 4.5 with both claims arriving at once, for many accounts: whichever is recorded first, no referral reward stays payable and each integrator commission stands', async () => {
    const now = api.clock.now().getTime()
    const at = (minutes: number) => new Date(now - minutes * 60_000).toISOString()
    const referrer = await api.enrolled('worksection-referral', { name: 'Racer', ...person })
    const integrator = await api.enrolled('worksection-partner', { name: 'Racer', ...person })
    const claim = (program: string, ref: string, i: number) =>
      api.recorded(program, {
        id: `w8-race-${program}-${i}`,
        type: 'payment',
        occurredAt: at(60),
        customer: `race-${i}`,
        ref,
        order: `w8-race-${program}-o${i}`,
        amount: '100.00',
        currency: 'USD',
        monthsPaid: 1,
      })
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => [
        claim('worksection-referral', referrer.codes[0]!.code, i),
        claim('worksection-partner', integrator.codes[0]!.code, i),
      ]).flat(),
    )
    expect(answers.filter((_, k) => k % 2 === 1).map((a) => a.commissions[0].status)).toEqual(Array(12).fill('pending'))
    const rewards = await api.service.db.prisma.commission.findMany({
      where: { programKey: 'worksection-referral', customer: { externalId: { startsWith: 'race-' } } },
    })
    expect(rewards).toHaveLength(12)
    for (const r of rewards) expect(['annulled', 'rejected']).toContain(r.status)
    expect(rewards.every((r) => r.reason === 'claimed_twice')).toBe(true)
    expect(await pendingOf(referrer.partner, 'worksection-referral')).toMatchObject({
      pending: '0.00',
      available: '0.00',
    })
  })
})
