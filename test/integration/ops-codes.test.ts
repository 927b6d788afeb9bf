import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { ADMIN_TOKEN } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 16 item 5, promo codes: extra and vanity codes per partner up to the program's limit (jqsee 1.5: up to 10
 * promo codes), each with its own rate and validity, unique per program regardless of case; suspending and
 * reinstating one code. Through the operator API and through signed Slack requests to the real service; the effects
 * are read in the database, the postbacks' answers, the audit log and the partner's Telegram.
 */
describe('promo codes from the operator API and the Slack desk', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let chat = 9400
  let n = 0
  const partnerOf = async (program: string, language = 'en') => {
    const tg = ++chat
    const { partner, codes } = await api.enrolled(program, {
      name: `Vera ${tg}`,
      language,
      legalType: 'individual',
      telegramId: tg,
    })
    return { partner, chat: tg, code: codes[0]!.code as string }
  }
  const issue = (program: string, partner: string, body: unknown, key?: string) =>
    fetch(`${api.base}/v1/programs/${program}/partners/${partner}/codes`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))
  const payment = (ref: string | undefined, occurredAt: Date, amount = '100.00') => {
    n++
    return api.postback('jqsee', {
      id: `cp-${n}`,
      type: 'payment',
      occurredAt: occurredAt.toISOString(),
      customer: `cc-${n}`,
      order: `co-${n}`,
      amount,
      currency: 'USD',
      ...(ref ? { ref } : {}),
    })
  }
  const audit = (partner: string, action: string) =>
    api.service.db.prisma.auditLog.findMany({ where: { subjectId: partner, action } })
  const toldThat = (tg: number, part: string) =>
    telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === tg && String(c.payload.text).includes(part),
      10_000,
    )
  const text = (c: { text?: string; blocks?: unknown[] }) => `${c.text ?? ''}${JSON.stringify(c.blocks ?? [])}`
  const response = (id: string) => slack.response(id)
  const ephemeralTo = (user: string, since: number) =>
    slack.waitForCall('chat.postEphemeral', (c: SlackCall) => c.payload.user === user, 5000, since)
  const codesOf = (partner: string) =>
    api.service.db.prisma.referralCode.findMany({
      where: { enrolment: { partnerId: partner } },
      orderBy: { createdAt: 'asc' },
    })

  // The seed names no number of codes (programs.md: "a partner may hold several codes"); jqsee's definition sets
  // attribution.maxCodesPerPartner to 10, and that is the limit tested here.
  it('item 5. API: jqsee 1.5 "For some Promo codes, additional rules can be developed": a vanity code with its own rate and validity, once per Idempotency-Key, unique regardless of case, up to the limit', async () => {
    const p = await partnerOf('jqsee')
    const now = api.clock.now()
    const until = new Date(now.getTime() + 10 * 86_400_000)
    const body = { code: 'Anna10', commission: { rateBps: 1500 }, from: now.toISOString(), until: until.toISOString() }
    const first = await issue('jqsee', p.partner, body, 'vanity-1')
    expect(first, JSON.stringify(first.body)).toMatchObject({
      status: 201,
      body: {
        code: 'Anna10',
        url: 'https://partners.example.com/r/Anna10',
        kind: 'promo',
        status: 'active',
        commission: { rateBps: 1500 },
        until: until.toISOString(),
        replayed: false,
      },
    })
    // the same request again (a retry): the same code, nothing new, nobody told twice
    const again = await issue('jqsee', p.partner, body, 'vanity-1')
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id, replayed: true } })
    expect((await codesOf(p.partner)).map((c) => c.code)).toEqual([p.code, 'Anna10'])
    expect(await audit(p.partner, 'code.issue')).toHaveLength(1)
    const told = await toldThat(p.chat, 'Anna10')
    expect(told.payload.text).toBe(
      '🎟 JQSEE: you have a new promo code Anna10.\nIts own rate: 15%\nValid from March 6, 2026 at 12:00 PM GMT+2 until March 16, 2026 at 12:00 PM GMT+2\n/link shows all your codes with QR codes.',
    )

    // found regardless of case too: a link typed in other letters lands with the code as issued, in front of
    // express and through its route (a percent-encoded path); a promo code is no referral link, so no click
    // (promo-code-clicks.test.ts)
    for (const path of ['/r/anna10', '/r/ANNA10', '/r/%41nna10']) {
      const landed = new URL((await api.get(path)).headers.get('location') ?? 'x:')
      expect(landed.searchParams.get('ref'), path).toBe('Anna10')
      expect(landed.searchParams.get('click'), path).toBeNull()
    }

    // taken regardless of case, by anyone in the program; a malformed code; a rate beyond 100%
    const other = await partnerOf('jqsee')
    const taken = await issue('jqsee', other.partner, { code: 'ANNA10' })
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'code.taken' } } })
    expect(taken.body.error.message).toBe(
      'The code ANNA10 is taken: codes are unique in a program regardless of case. Choose another one.',
    )
    expect(await issue('jqsee', other.partner, { code: 'a b' })).toMatchObject({
      status: 400,
      body: { error: { code: 'code.malformed' } },
    })
    expect(await issue('jqsee', other.partner, { commission: { rateBps: 20_000 } })).toMatchObject({
      status: 400,
      body: { error: { code: 'code.invalid_rate' } },
    })
    expect(await issue('jqsee', other.partner, { from: until.toISOString(), until: now.toISOString() })).toMatchObject({
      status: 400,
      body: { error: { code: 'code.invalid_window' } },
    })
    // a program that pays by its own rates refuses a code's own rate
    const melbet = await partnerOf('melbet')
    expect(await issue('melbet', melbet.partner, { commission: { rateBps: 3000 } })).toMatchObject({
      status: 422,
      body: { error: { code: 'code.rate_not_allowed' } },
    })
    // quantower: one code per partner (the default limit)
    const q = await partnerOf('quantower')
    const one = await issue('quantower', q.partner, {})
    expect(one).toMatchObject({ status: 422, body: { error: { code: 'code.limit_reached' } } })
    expect(one.body.error.message).toBe(
      'The partner already has 1 code in this program, the most it allows. Suspended codes count too.',
    )

    // generated codes in jqsee's style up to 10, suspended ones counting
    for (let i = 3; i <= 10; i++) {
      const g = await issue('jqsee', p.partner, {})
      expect(g.status, JSON.stringify(g.body)).toBe(201)
      expect(g.body.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/)
    }
    const eleventh = await issue('jqsee', p.partner, { code: 'Eleventh' })
    expect(eleventh).toMatchObject({ status: 422, body: { error: { code: 'code.limit_reached' } } })
    const list = await api.operator('GET', `/v1/programs/jqsee/partners/${p.partner}/codes`)
    expect(list.body.max).toBe(10)
    expect(list.body.codes).toHaveLength(10)
  })

  it('item 5. API: jqsee 5.3.2 "Temporarily suspend the work of the Promo codes received by the Partner": the code\'s own rate wins; outside its validity or suspended it attributes no one (notes say why); reinstated it earns again', async () => {
    const p = await partnerOf('jqsee')
    const now = api.clock.now()
    const from = new Date(now.getTime() + 86_400_000)
    const until = new Date(now.getTime() + 5 * 86_400_000)
    const v = await issue('jqsee', p.partner, {
      code: 'Spring20',
      commission: { rateBps: 2000 },
      from: from.toISOString(),
      until: until.toISOString(),
    })
    expect(v.status).toBe(201)

    // jqsee pays 10% by default; the partner's own code pays its own 20%
    const plain = await payment(p.code, now)
    expect(plain.body.commissions[0]).toMatchObject({ amount: '10.00' })
    const early = await payment('Spring20', now)
    expect(early).toMatchObject({ status: 201, body: { commissions: [], notes: ['code_not_yet_valid'] } })
    api.clock.set(new Date(from.getTime() + 7_200_000))
    const inside = await payment('Spring20', new Date(from.getTime() + 3_600_000))
    expect(inside.body.commissions[0]).toMatchObject({ amount: '20.00' })

    // suspended (named in any case): a second suspension changes nothing
    const s1 = await api.operator('POST', '/v1/programs/jqsee/codes/spring20/suspend', { reason: 'bot_traffic' })
    expect(s1).toMatchObject({ status: 200, body: { code: 'Spring20', status: 'suspended', changed: true } })
    const s2 = await api.operator('POST', '/v1/programs/jqsee/codes/SPRING20/suspend', {})
    expect(s2).toMatchObject({ status: 200, body: { status: 'suspended', changed: false } })
    expect(await audit(p.partner, 'code.suspend')).toEqual([
      expect.objectContaining({ actor: 'operator-api', reason: 'bot_traffic' }),
    ])
    await toldThat(p.chat, 'your code Spring20 is suspended')
    const refused = await payment('Spring20', api.clock.now())
    expect(refused.body).toMatchObject({ commissions: [], notes: ['code_suspended'] })
    // its clicks land without attribution; the partner's other code still works
    const click = await api.get('/r/Spring20')
    expect(click.status).toBe(302)
    expect(click.headers.get('location')).toBe('https://jqsee.com/')
    expect((await api.get(`/r/${p.code}`)).headers.get('location')).toContain(`ref=${p.code}`)

    const r1 = await api.operator('POST', '/v1/programs/jqsee/codes/Spring20/reinstate', {})
    expect(r1).toMatchObject({ status: 200, body: { status: 'active', changed: true } })
    expect((await api.operator('POST', '/v1/programs/jqsee/codes/Spring20/reinstate', {})).body.changed).toBe(false)
    await toldThat(p.chat, 'your code Spring20 works again')
    expect((await payment('Spring20', api.clock.now())).body.commissions[0]).toMatchObject({ amount: '20.00' })
    expect(await audit(p.partner, 'code.reinstate')).toHaveLength(1)
    // from the end of its validity on, the code attributes no one, and its clicks land without attribution
    api.clock.set(new Date(until.getTime() + 3_600_000))
    const late = await payment('Spring20', until)
    expect(late).toMatchObject({ status: 201, body: { commissions: [], notes: ['code_expired'] } })
    expect((await api.get('/r/Spring20')).headers.get('location')).toBe('https://jqsee.com/')
    expect(await api.operator('POST', '/v1/programs/jqsee/codes/Nope1234/suspend', {})).toMatchObject({
      status: 404,
      body: { error: { code: 'code.not_found' } },
    })

    // a suspend_codes sanction holds all codes: one code is not reinstated around it; its lift reinstates the codes
    // it suspended, not one suspended on its own before
    expect(await api.operator('POST', `/v1/programs/jqsee/codes/${p.code}/suspend`, {})).toMatchObject({
      body: { changed: true },
    })
    const sanction = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'jqsee',
      kind: 'suspend_codes',
      reason: 'fraud',
    })
    expect(sanction.status).toBe(201)
    expect(await api.operator('POST', '/v1/programs/jqsee/codes/Spring20/reinstate', {})).toMatchObject({
      status: 409,
      body: { error: { code: 'code.codes_sanctioned' } },
    })
    const lift = await api.operator('POST', `/v1/sanctions/${sanction.body.sanction.id}/lift`, { reason: 'resolved' })
    expect(lift.status).toBe(200)
    const after = Object.fromEntries((await codesOf(p.partner)).map((c) => [c.code, c.status]))
    expect(after).toEqual({ [p.code]: 'suspended', Spring20: 'active' })
  })

  it('item 5. Slack: jqsee 1.5 and 5.3.2 from the desk: an admin adds a vanity code with its own rate from the card, support suspends it and an admin reinstates it; finance is refused; double clicks change nothing', async () => {
    const p = await partnerOf('jqsee', 'ru')
    // support sees the Codes section with its buttons; finance sees the codes only
    const card = text(await response((await desk.command(`partner ${p.partner}`, USERS.support)).responseId))
    expect(card).toContain('*Codes · JQSEE* (1/10)')
    expect(card).toContain(`\`${p.code}\` — active · the program's rate`)
    expect(card).toContain('code_add')
    expect(card).toContain('code_suspend')
    const financeCard = text(await response((await desk.command(`partner ${p.partner}`, USERS.finance)).responseId))
    expect(financeCard).toContain('*Codes · JQSEE* (1/10)')
    expect(financeCard).not.toContain('code_add')
    expect(financeCard).not.toContain('code_suspend')

    // finance pressing "Add code" (an old card, a forged request) is refused with who may
    const refused = await desk.action(USERS.finance, 'code_add', `${p.partner}:jqsee`, { channel: 'CSUPPORT' })
    expect((await response(refused.responseId)).text).toMatch(/support, admin/)

    const before = slack.calls.length
    await desk.action(USERS.admin, 'code_add', `${p.partner}:jqsee`, { channel: 'CSUPPORT' })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('code_add_modal')
    expect(JSON.stringify(view.blocks)).toContain('(in use: 1/10)')
    // a double click opened a second form: it carries the first one's key, so the two are one code
    const again = slack.calls.length
    await desk.action(USERS.admin, 'code_add', `${p.partner}:jqsee`, { channel: 'CSUPPORT' })
    const twin = await desk.openedView(again)
    expect(JSON.parse(twin.private_metadata).key).toBe(JSON.parse(view.private_metadata).key)
    const badRate = await desk.submit(USERS.admin, view, { code: { code: 'Vera2026' }, rate: { rate: '150' } })
    expect(badRate.body).toMatchObject({
      response_action: 'errors',
      errors: { rate: 'Write a percentage above 0 and at most 100, such as 15 or 12.5.' },
    })
    const badCode = await desk.submit(USERS.admin, view, { code: { code: 'no spaces' } })
    expect(badCode.body).toMatchObject({
      response_action: 'errors',
      errors: { code: expect.stringMatching(/4 to 64/) },
    })

    const since = slack.calls.length
    const ok = await desk.submit(USERS.admin, view, {
      code: { code: 'Vera2026' },
      rate: { rate: '12,5' },
      from: { date: { date: '2026-03-10' } },
      until: { date: { date: '2026-03-31' } },
    })
    expect(ok.status).toBe(200)
    expect((await ephemeralTo(USERS.admin, since)).payload.text).toBe(
      `🎟 Code \`Vera2026\` issued to Vera ${p.chat} in JQSEE. The partner is told in Telegram.`,
    )
    const issued = (await codesOf(p.partner)).find((c) => c.code === 'Vera2026')!
    // the days are jqsee's (Europe/Kyiv, UTC+2 in March until the 29th, then UTC+3): until is the end of the 31st
    expect(issued).toMatchObject({ rateOverrideBps: 1250, status: 'active' })
    expect(issued.validFrom?.toISOString()).toBe('2026-03-09T22:00:00.000Z')
    expect(issued.validUntil?.toISOString()).toBe('2026-03-31T21:00:00.000Z')
    expect(await audit(p.partner, 'code.issue')).toEqual([expect.objectContaining({ actor: 'slack:UADMIN' })])
    // the partner is told in Russian
    const told = await toldThat(p.chat, 'Vera2026')
    expect(told.payload.text).toBe(
      '🎟 JQSEE: у вас новый промокод Vera2026.\nСвоя ставка: 12,5\u00a0%\nДействует с 10 марта 2026 г. по 31 марта 2026 г. включительно\nВсе ваши коды с QR-кодами — в /link.',
    )

    // the same form submitted again (a double click): nothing new, and it says so
    const twice = slack.calls.length
    await desk.submit(USERS.admin, view, { code: { code: 'Vera2026' }, rate: { rate: '12,5' } })
    expect((await ephemeralTo(USERS.admin, twice)).payload.text).toBe(
      'Nothing changed: code `Vera2026` was already issued by this form.',
    )
    expect((await codesOf(p.partner)).filter((c) => c.code === 'Vera2026')).toHaveLength(1)
    // Add code pressed again on the same card once the form was submitted: a new form, which issues another code
    const open1 = slack.calls.length
    await desk.action(USERS.admin, 'code_add', `${p.partner}:jqsee`, { channel: 'CSUPPORT' })
    const next = await desk.openedView(open1)
    expect(next.private_metadata).not.toBe(view.private_metadata)
    const nextSince = slack.calls.length
    await desk.submit(USERS.admin, next, { code: { code: 'Vera2027' } })
    expect((await ephemeralTo(USERS.admin, nextSince)).payload.text).toMatch(/Vera2027/)
    expect((await codesOf(p.partner)).map((c) => c.code)).toEqual(expect.arrayContaining(['Vera2026', 'Vera2027']))
    // a new form (from a card posted since) with the same code in other letters: taken
    const open2 = slack.calls.length
    await desk.action(USERS.admin, 'code_add', `${p.partner}:jqsee`, { channel: 'CSUPPORT', ts: '2.2' })
    const view2 = await desk.openedView(open2)
    const dup = await desk.submit(USERS.admin, view2, { code: { code: 'VERA2026' } })
    expect(dup.body).toMatchObject({ response_action: 'errors', errors: { code: expect.stringMatching(/is taken/) } })

    // suspend: support may, finance may not; the second click changes nothing and says so
    const byFinance = await desk.action(USERS.finance, 'code_suspend', issued.id, { channel: 'CSUPPORT' })
    expect((await response(byFinance.responseId)).text).toMatch(/support, admin/)
    expect((await codesOf(p.partner)).find((c) => c.id === issued.id)!.status).toBe('active')
    const s1 = await desk.action(USERS.support, 'code_suspend', issued.id, { channel: 'CSUPPORT' })
    expect((await response(s1.responseId)).text).toBe(
      '⏸ Code `Vera2026` suspended in JQSEE. The partner is told in Telegram.',
    )
    const s2 = await desk.action(USERS.support, 'code_suspend', issued.id, { channel: 'CSUPPORT' })
    expect((await response(s2.responseId)).text).toBe('Nothing changed: code `Vera2026` is already suspended.')
    expect((await codesOf(p.partner)).find((c) => c.id === issued.id)!.status).toBe('suspended')
    expect(await audit(p.partner, 'code.suspend')).toEqual([expect.objectContaining({ actor: 'slack:USUPPORT' })])
    await toldThat(p.chat, 'ваш код Vera2026 приостановлен')
    const suspendedCard = text(await response((await desk.command(`partner ${p.partner}`, USERS.admin)).responseId))
    expect(suspendedCard).toContain('`Vera2026` — suspended · Its own rate: 12.5%')
    expect(suspendedCard).toContain('code_reinstate')

    const r1 = await desk.action(USERS.admin, 'code_reinstate', issued.id, { channel: 'CSUPPORT' })
    expect((await response(r1.responseId)).text).toBe(
      '▶️ Code `Vera2026` reinstated in JQSEE. The partner is told in Telegram.',
    )
    const r2 = await desk.action(USERS.admin, 'code_reinstate', issued.id, { channel: 'CSUPPORT' })
    expect((await response(r2.responseId)).text).toBe('Nothing changed: code `Vera2026` is already active.')
    expect(await audit(p.partner, 'code.reinstate')).toEqual([expect.objectContaining({ actor: 'slack:UADMIN' })])
    await toldThat(p.chat, 'ваш код Vera2026 снова работает')

    // /link shows every code, the new one with its rate and validity
    await telegram.sendText(p.chat, '/link')
    const list = await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).startsWith('🔗 JQSEE'),
      10_000,
    )
    expect(String(list.payload.text)).toContain('• Промокод: Vera2026\n   Своя ставка: 12,5\u00a0%')
    expect(String(list.payload.text)).toContain('Действует с 10 марта 2026 г. по 31 марта 2026 г. включительно')

    // a network's links are one per campaign joined: listed, with no extra code to add
    const network = await partnerOf('chetup')
    const chetupCard = text(
      await response((await desk.command(`partner ${network.partner}`, USERS.support)).responseId),
    )
    expect(chetupCard).toMatch(/\*Codes · [^*]+\* \(\d+, one per campaign\)/)
    expect(chetupCard).toContain(`\`${network.code}\` — active`)
    expect(chetupCard).not.toContain('code_add')
    expect(chetupCard).toContain('code_suspend')
  })

  it("a code's own rate is money (deals.manage): support's form has no rate field and says who sets one; a rate support submits anyway is refused on the field and issues nothing; support's code gets the partner's usual rate; an admin's form has the field", async () => {
    const p = await partnerOf('jqsee')
    const ids = (v: { blocks: { block_id?: string }[] }) => v.blocks.map((b) => b.block_id)
    const before = slack.calls.length
    await desk.action(USERS.support, 'code_add', `${p.partner}:jqsee`, { channel: 'CSUPPORT' })
    const view = await desk.openedView(before)
    expect(ids(view)).not.toContain('rate')
    expect(JSON.stringify(view.blocks)).toContain(
      "The code gets the partner's usual rate. A code's own rate is money: finance or an admin sets it.",
    )
    // a rate submitted anyway (a form opened while the user had the role, a forged request): refused on the field
    const forged = await desk.submit(USERS.support, view, { code: { code: 'Sup2026' }, rate: { rate: '30' } })
    expect(forged.body).toMatchObject({
      response_action: 'errors',
      errors: {
        rate: "A code's own rate is money: only finance or an admin may set it. Leave the field empty for the partner's usual rate.",
      },
    })
    expect((await codesOf(p.partner)).map((c) => c.code)).toEqual([p.code])
    expect(await audit(p.partner, 'code.issue')).toHaveLength(0)

    // without a rate the same form issues the code, at the partner's usual rate
    const since = slack.calls.length
    await desk.submit(USERS.support, view, { code: { code: 'Sup2026' } })
    expect((await ephemeralTo(USERS.support, since)).payload.text).toMatch(/^🎟 Code `Sup2026` issued/)
    expect((await codesOf(p.partner)).find((c) => c.code === 'Sup2026')).toMatchObject({ rateOverrideBps: null })
    expect(await audit(p.partner, 'code.issue')).toEqual([expect.objectContaining({ actor: 'slack:USUPPORT' })])

    // an admin (who has deals.manage) gets the rate field and no such note
    const open = slack.calls.length
    await desk.action(USERS.admin, 'code_add', `${p.partner}:jqsee`, { channel: 'CSUPPORT' })
    const adminView = await desk.openedView(open)
    expect(ids(adminView)).toContain('rate')
    expect(JSON.stringify(adminView.blocks)).not.toContain('finance or an admin sets it')
  })

  // a validity already over is refused in the form
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
})
