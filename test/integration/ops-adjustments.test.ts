import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 16 item 3: manual adjustments. A bonus or a penalty on a partner's balance, with a reason from a fixed
 * list and a note, finance or admin only, from the `/pa partner` card and from the operator API
 * (`POST /v1/partners/{partner}/adjustments` with an Idempotency-Key). Each is one balanced ledger transaction,
 * audited, told to the partner in Telegram in their language and listed in their /earnings with its reason.
 */
describe('ops: manual adjustments', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let chat = 9300
  async function partner(language: string, program = 'quantower') {
    const tg = ++chat
    const { partner } = await api.enrolled(program, {
      name: `Adjusted ${tg}`,
      language,
      legalType: 'individual',
      telegramId: tg,
    })
    return { partner, chat: tg }
  }

  const text = (c: { text?: string; blocks?: unknown[] }) => `${c.text ?? ''}${JSON.stringify(c.blocks ?? [])}`
  const response = (id: string) => slack.response(id)
  const ephemeralTo = (user: string, since: number) =>
    slack.waitForCall('chat.postEphemeral', (c: SlackCall) => c.payload.user === user, 5000, since)
  const prisma = () => api.service.db.prisma
  const adjustments = (partnerId: string) =>
    prisma().manualAdjustment.findMany({ where: { enrolment: { partnerId } }, orderBy: { createdAt: 'asc' } })
  const entries = (partnerId: string) =>
    prisma().ledgerEntry.findMany({ where: { kind: 'adjustment', enrolment: { partnerId } } })
  const audits = (partnerId: string, action: string) =>
    prisma().auditLog.findMany({ where: { subjectId: partnerId, action } })
  /** The partner's /earnings answer (a message, or a chart's caption). */
  async function earnings(tg: number) {
    const since = telegram.calls.length
    await telegram.sendText(tg, '/earnings')
    for (let i = 0; i < 200; i++) {
      const c = telegram.calls
        .slice(since)
        .find((x) => ['sendMessage', 'sendPhoto'].includes(x.method) && Number(x.payload.chat_id) === tg)
      if (c) return String(c.payload.caption ?? c.payload.text)
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('no /earnings answer')
  }
  const trialTotal = async (program: string) => (await api.operator('GET', `/v1/programs/${program}/ledger`)).body.total

  it('item 3. finance adds a bonus from the partner card; support is refused; a second submit changes nothing; audited, the partner told in Russian and shown it in /earnings', async () => {
    const p = await partner('ru')
    // the card: the button for finance and admins only
    const supportCard = text(await response((await desk.command(`partner ${p.partner}`, USERS.support)).responseId))
    expect(supportCard).not.toContain('partner_adjust')
    const financeCard = text(await response((await desk.command(`partner ${p.partner}`, USERS.finance)).responseId))
    expect(financeCard).toContain('partner_adjust')
    expect(financeCard).toContain('Bonus or penalty')

    // support pressing it anyway (an old card): refused with the roles that may
    const refused = await desk.action(USERS.support, 'partner_adjust', p.partner, { channel: 'CFIN' })
    expect((await response(refused.responseId)).text).toMatch(/finance, admin/)

    const before = slack.calls.length
    await desk.action(USERS.finance, 'partner_adjust', p.partner, { channel: 'CFIN' })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('partner_adjust_modal')
    const blocks = JSON.stringify(view.blocks)
    expect(blocks).toContain('Quantower referral program')
    expect(blocks).toContain('goodwill_bonus')
    expect(blocks).toContain('penalty for fraud')

    const fill = (amount: string, reason: string, note?: string) => ({
      program: { program: { selected: 'quantower' } },
      currency: { currency: { selected: 'USD' } },
      amount: { amount },
      reason: { reason: { selected: reason } },
      ...(note ? { note: { note } } : {}),
    })
    // bad input is shown on its field and changes nothing
    const notAmount = await desk.submit(USERS.finance, view, fill('lots', 'goodwill_bonus'))
    expect(notAmount.body).toMatchObject({
      response_action: 'errors',
      errors: { amount: expect.stringMatching(/25\.00/) },
    })
    const zero = await desk.submit(USERS.finance, view, fill('0', 'goodwill_bonus'))
    expect(zero.body).toMatchObject({ response_action: 'errors', errors: { amount: 'The amount cannot be zero.' } })
    const slip = await desk.submit(USERS.finance, view, fill('1000000', 'goodwill_bonus'))
    expect(slip.body).toMatchObject({
      response_action: 'errors',
      errors: { amount: 'One adjustment can move at most 100,000.00 USD, either way. Nothing changed.' },
    })
    const wrongWay = await desk.submit(USERS.finance, view, fill('25', 'fraud_penalty'))
    expect(wrongWay.body).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringMatching(/penalty for fraud/) },
    })
    expect(await adjustments(p.partner)).toEqual([])

    // a forged submission by support: refused, nothing written
    const forged = await desk.submit(USERS.support, view, fill('25,00', 'goodwill_bonus', 'Спасибо!'))
    expect(forged.status).toBe(200)
    expect(await adjustments(p.partner)).toEqual([])

    let since = slack.calls.length
    const ok = await desk.submit(USERS.finance, view, fill('25,00', 'goodwill_bonus', 'Спасибо за помощь с вебинаром!'))
    expect(ok.status).toBe(200)
    expect(ok.body).toBeUndefined()
    expect((await ephemeralTo(USERS.finance, since)).payload.text).toBe(
      `:heavy_plus_sign: Bonus of 25.00 USD added for partner Adjusted ${p.chat} in Quantower referral program (goodwill bonus). The partner has been told.`,
    )
    // the same modal submitted again (a double click): the first answer, nothing new
    since = slack.calls.length
    await desk.submit(USERS.finance, view, fill('25,00', 'goodwill_bonus', 'Спасибо за помощь с вебинаром!'))
    expect((await ephemeralTo(USERS.finance, since)).payload.text).toBe(
      'This was already saved; nothing changed: 25.00 USD (goodwill bonus).',
    )

    expect(await adjustments(p.partner)).toEqual([
      expect.objectContaining({
        amountMinor: 2500n,
        currency: 'USD',
        reason: 'goodwill_bonus',
        note: 'Спасибо за помощь с вебинаром!',
        actor: 'slack:UFINANCE',
      }),
    ])
    const legs = await entries(p.partner)
    expect(legs.map((e) => [e.account, e.amountMinor])).toEqual(
      expect.arrayContaining([
        ['earned', 2500n],
        ['commission_expense', -2500n],
      ]),
    )
    expect(legs).toHaveLength(2)
    const audit = await audits(p.partner, 'ledger.bonus')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: 'slack:UFINANCE', reason: 'goodwill_bonus' })
    expect(audit[0]!.data).toMatchObject({ amount: '25.00', currency: 'USD', program: 'quantower' })

    // the partner is told once, in Russian, with the reason and the note
    const told = await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).includes('бонус'),
      10_000,
    )
    expect(told.payload.text).toBe(
      'Quantower: на ваш баланс начислен бонус 25,00 USD. Причина: поощрительный бонус.\n\n' +
        'Комментарий программы Quantower: Спасибо за помощь с вебинаром!',
    )
    await new Promise((r) => setTimeout(r, 300))
    expect(telegram.textsTo(p.chat).filter((t) => t.includes('начислен бонус'))).toHaveLength(1)

    // an admin may too: a penalty, from a fresh modal
    const b2 = slack.calls.length
    await desk.action(USERS.admin, 'partner_adjust', p.partner, { channel: 'CFIN' })
    const second = await desk.openedView(b2)
    since = slack.calls.length
    await desk.submit(USERS.admin, second, fill('−5', 'rule_breach_penalty'))
    expect((await ephemeralTo(USERS.admin, since)).payload.text).toMatch(/^:heavy_minus_sign: Penalty of 5\.00 USD/)
    expect(await audits(p.partner, 'ledger.penalty')).toEqual([expect.objectContaining({ actor: 'slack:UADMIN' })])

    // the penalty's notice first, so that the /earnings answer below is the bot's latest message
    await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).includes('удержан штраф'),
      10_000,
    )
    const st = await api.statement(p.partner)
    expect(balanceOf(st.body, 'quantower')).toMatchObject({ available: '20.00' })
    expect(await trialTotal('quantower')).toBe('0.00')
    const shown = await earnings(p.chat)
    expect(shown).toContain('Бонус: +25,00 USD · поощрительный бонус')
    expect(shown).toContain('Штраф: −5,00 USD · штраф за нарушение правил программы')
  })

  it('item 3. a double click on "Bonus or penalty" opens two forms that share one key: submitting both adds one bonus', async () => {
    const p = await partner('en')
    const b1 = slack.calls.length
    await desk.action(USERS.finance, 'partner_adjust', p.partner, { channel: 'CFIN' })
    const first = await desk.openedView(b1)
    const b2 = slack.calls.length
    await desk.action(USERS.finance, 'partner_adjust', p.partner, { channel: 'CFIN' })
    const second = await desk.openedView(b2)
    expect(second.private_metadata).toBe(first.private_metadata)
    const fill = (amount: string) => ({
      program: { program: { selected: 'quantower' } },
      currency: { currency: { selected: 'USD' } },
      amount: { amount },
      reason: { reason: { selected: 'goodwill_bonus' } },
    })
    let since = slack.calls.length
    await desk.submit(USERS.finance, first, fill('10'))
    expect((await ephemeralTo(USERS.finance, since)).payload.text).toMatch(/^:heavy_plus_sign: Bonus of 10\.00 USD/)
    since = slack.calls.length
    await desk.submit(USERS.finance, second, fill('10'))
    expect((await ephemeralTo(USERS.finance, since)).payload.text).toBe(
      'This was already saved; nothing changed: 10.00 USD (goodwill bonus).',
    )
    // the second form with another amount: refused, not a second bonus
    since = slack.calls.length
    const other = await desk.submit(USERS.finance, second, fill('11'))
    const answer = other.body?.errors
      ? JSON.stringify(other.body.errors)
      : (await ephemeralTo(USERS.finance, since)).payload.text
    expect(answer).not.toMatch(/Bonus of 11/)
    expect(await adjustments(p.partner)).toEqual([expect.objectContaining({ amountMinor: 1000n })])
    expect(await audits(p.partner, 'ledger.bonus')).toHaveLength(1)

    // a press after the form was submitted, seconds later, is a new form: a second adjustment of its own
    const b3 = slack.calls.length
    await desk.action(USERS.finance, 'partner_adjust', p.partner, { channel: 'CFIN' })
    const third = await desk.openedView(b3)
    expect(third.private_metadata).not.toBe(first.private_metadata)
    since = slack.calls.length
    await desk.submit(USERS.finance, third, { ...fill('-3'), reason: { reason: { selected: 'correction' } } })
    expect((await ephemeralTo(USERS.finance, since)).payload.text).toMatch(/^:heavy_minus_sign: Penalty of 3\.00 USD/)
    expect((await adjustments(p.partner)).map((a) => a.amountMinor).sort((a, b) => (a < b ? -1 : 1))).toEqual([
      -300n,
      1000n,
    ])
  })

  it('item 3. the operator API: a penalty under an Idempotency-Key, replayed 200, another body 409; reasons from the list only; audited and told', async () => {
    const p = await partner('en', 'jqsee')
    const post = (body: Record<string, unknown>, key?: string, partnerId = p.partner) =>
      fetch(`${api.base}/v1/partners/${partnerId}/adjustments`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer test-admin-token-0123456789',
          'content-type': 'application/json',
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))
    const penalty = {
      program: 'jqsee',
      currency: 'USD',
      amount: '-10.00',
      reason: 'fraud_penalty',
      note: 'Bot clicks on 3 March',
    }

    const first = await post(penalty, 'pen-1')
    expect(first.status).toBe(201)
    expect(first.body.adjustment).toMatchObject({
      partner: p.partner,
      program: 'jqsee',
      currency: 'USD',
      amount: '-10.00',
      kind: 'penalty',
      reason: 'fraud_penalty',
      note: 'Bot clicks on 3 March',
      actor: 'operator-api',
    })
    const replay = await post(penalty, 'pen-1')
    expect(replay).toEqual({ status: 200, body: first.body })
    const conflict = await post({ ...penalty, note: 'another note' }, 'pen-1')
    expect(conflict.status).toBe(409)
    expect(conflict.body.error.code).toBe('adjustment.key_conflict')

    const refusals: [Record<string, unknown>, number, string][] = [
      [{ ...penalty, reason: 'because' }, 400, 'adjustment.unknown_reason'],
      [{ ...penalty, reason: 'goodwill_bonus' }, 400, 'adjustment.reason_mismatch'],
      [{ ...penalty, amount: '0.00' }, 400, 'adjustment.zero'],
      [{ ...penalty, currency: 'EUR' }, 400, 'ledger.currency_not_offered'],
      [{ ...penalty, program: 'chetup', currency: 'GEL' }, 404, 'enrolment.not_found'],
      [{ ...penalty, amount: '-10.001' }, 400, 'money.too_precise'],
      [{ ...penalty, amount: '-100000.01' }, 400, 'adjustment.too_large'],
      [{ ...penalty, reason: 'goodwill_bonus', amount: '999999999999.99' }, 400, 'adjustment.too_large'],
    ]
    for (const [body, status, code] of refusals) {
      const r = await post(body, `bad-${code}`)
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([status, code])
    }
    expect((await post(penalty)).body.error.code).toBe('idempotency_key_required')
    const stranger = await post(penalty, 'pen-x', '00000000-0000-4000-8000-000000000000')
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'enrolment.not_found'])

    // one adjustment, one transaction, one audit row, one notice
    expect(await adjustments(p.partner)).toHaveLength(1)
    expect(await entries(p.partner)).toHaveLength(2)
    expect(await audits(p.partner, 'ledger.penalty')).toEqual([
      expect.objectContaining({ actor: 'operator-api', reason: 'fraud_penalty' }),
    ])
    const told = await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).includes('penalty'),
      10_000,
    )
    expect(told.payload.text).toBe(
      'JQSEE: a penalty of 10.00 USD has been deducted from your balance. Reason: penalty for fraud.\n\n' +
        'Comment from JQSEE: Bot clicks on 3 March',
    )
    const st = await api.statement(p.partner)
    expect(balanceOf(st.body, 'jqsee')).toMatchObject({ available: '-10.00' })
    expect(await trialTotal('jqsee')).toBe('0.00')
    expect(await earnings(p.chat)).toContain('Penalty: −10.00 USD · penalty for fraud')

    const doc = await (await fetch(`${api.base}/v1/openapi.json`)).json()
    expect(doc.paths['/v1/partners/{partner}/adjustments'].post).toBeDefined()
    // `/pa help` lists commands per role; bonuses and penalties are a button on the card `/pa partner` opens
    const help = await desk.command('help', USERS.finance)
    expect((await response(help.responseId)).text).toContain('`/pa partner <id|@username|code>`')
  })
})
