import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * Issue 15, item 9: worksection-referral, seed 001, Appendix 1 ("№1 қосымша"): the table's row "Бірінші төлем бойынша
 * бонус | $25* | $25*" (a first-payment bonus of $25 at every level) and its footnote "* — бір айда кемінде толық ақы
 * төленген Сілтеме ретінде аккаунтқа түседі" (credited to the account of a referral that has paid in full for at least
 * one month). The bonus is the referred client's, on its own account: programs.md says "record it, it is not the
 * partner's money". It is recorded as owed by the program with the customer's id, listed for the program's team
 * (API and `/pa bonuses`), and marked granted once the program has credited it.
 * The seed says nothing of refunds; "paid in full" is read as: a refunded or cancelled qualifying payment was not
 * paid in full, so a bonus still owed is voided; one already granted stays granted.
 */
const PROGRAM = 'worksection-referral'

describe('item 9. worksection-referral Appendix 1: the referred client\'s "$25 first-payment bonus"', () => {
  const env = withDesk('2026-03-10T12:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  let seq = 0
  const post = (event: Record<string, unknown>) => api.recorded(PROGRAM, event)
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)
  const bonuses = async (status?: string) => {
    const r = await op('GET', `/v1/programs/${PROGRAM}/referee-bonuses${status ? `?status=${status}` : ''}`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body.bonuses as Record<string, unknown>[]
  }
  const bonusOf = async (customer: string) => (await bonuses()).filter((b) => b.customer === customer)

  /** A partner and one client it referred (signed up through its link, on an IP of its own). */
  const referred = async (name = `Referrer ${++seq}`) => {
    const p = await api.enrolled(PROGRAM, { name, language: 'en', legalType: 'individual' })
    const customer = `rb-${p.partner.slice(0, 8)}-${++seq}`
    await post({
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: '2026-03-01T09:00:00Z',
      customer,
      ref: p.codes[0]!.code,
      ip: `10.9.${seq % 250}.${(seq * 7) % 250}`,
    })
    return { partner: p.partner, customer }
  }
  const payment = (customer: string, id: string, extra: Record<string, unknown> = {}) =>
    post({
      id,
      type: 'payment',
      occurredAt: '2026-03-02T09:00:00Z',
      customer,
      order: `${id}-o`,
      amount: '9.00',
      currency: 'USD',
      monthsPaid: 1,
      ...extra,
    })

  it('item 9. "Бірінші төлем бойынша бонус $25*", "* — бір айда кемінде толық ақы төленген Сілтеме ретінде аккаунтқа түседі": the first payment of at least one full month records $25 owed to the customer, with its id, the event and the partner; a shorter payment records nothing', async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const { partner, customer } = await referred()
    // a payment for less than a month is not "paid in full for at least one month": no reward, no bonus
    const short = await payment(customer, `${customer}-p0`, { monthsPaid: 0 })
    expect(short.notes).toContain('payment_too_short')
    expect(await bonusOf(customer)).toEqual([])

    const paid = await payment(customer, `${customer}-p1`)
    expect(paid.commissions).toEqual([expect.objectContaining({ amount: '25.00', status: 'pending' })])
    const owed = await bonusOf(customer)
    expect(owed).toEqual([
      expect.objectContaining({
        program: PROGRAM,
        customer,
        event: `${customer}-p1`,
        amount: '25.00',
        currency: 'USD',
        status: 'owed',
        partner,
        grantedAt: null,
        voidedAt: null,
      }),
    ])
    expect((await bonuses('owed')).map((b) => b.id)).toContain(owed[0]!.id)
    expect((await bonuses('granted')).map((b) => b.id)).not.toContain(owed[0]!.id)

    // a later payment of the same client is not its first: still one bonus
    await payment(customer, `${customer}-p2`, { occurredAt: '2026-03-05T09:00:00Z' })
    expect(await bonusOf(customer)).toHaveLength(1)
  })

  it("item 9. the bonus \"аккаунтқа түседі\" (goes to the client's account): it is the program's obligation, not partner money; the partner's balance holds only its $25 reward and the ledger still balances to zero", async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const { partner, customer } = await referred()
    await payment(customer, `${customer}-p1`)
    expect(await bonusOf(customer)).toHaveLength(1)
    const st = await api.statement(partner, { program: PROGRAM })
    expect(balanceOf(st.body, PROGRAM, 'USD')).toMatchObject({ pending: '25.00', available: '0.00' })
    const ledger = await op('GET', `/v1/programs/${PROGRAM}/ledger?currency=USD`)
    expect(ledger.status, JSON.stringify(ledger.body)).toBe(200)
    expect(ledger.body.total).toBe('0.00')
    // nothing of the bonus reaches the ledger: every entry of this program belongs to a partner's commission
    const entries = await api.service.db.prisma.ledgerEntry.count({
      where: { programKey: PROGRAM, enrolment: { partnerId: partner } },
    })
    const commissions = await api.service.db.prisma.commission.count({
      where: { programKey: PROGRAM, enrolment: { partnerId: partner } },
    })
    expect(commissions).toBe(1)
    expect(entries).toBe(2) // the reward's one balanced transaction: expense and partner's earned
  })

  it('item 9. "бір рет" (once): a replayed postback and two first payments arriving at the same moment record one bonus', async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const { customer } = await referred()
    const first = await payment(customer, `${customer}-p1`)
    const replay = await api.postback(PROGRAM, {
      id: `${customer}-p1`,
      type: 'payment',
      occurredAt: '2026-03-02T09:00:00Z',
      customer,
      order: `${customer}-p1-o`,
      amount: '9.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(replay.status).toBe(200)
    expect(replay.body).toEqual(first)
    expect(await bonusOf(customer)).toHaveLength(1)

    const other = await referred()
    const together = await Promise.all(
      [1, 2, 3, 4].map((i) => payment(other.customer, `${other.customer}-c${i}`, { order: `${other.customer}-o${i}` })),
    )
    expect(together.flatMap((r) => r.commissions).filter((c) => c.status === 'pending')).toHaveLength(1)
    expect(await bonusOf(other.customer)).toHaveLength(1)
    const audited = await api.service.db.prisma.auditLog.count({
      where: { action: 'referee_bonus.owed', subjectId: (await bonusOf(other.customer))[0]!.id as string },
    })
    expect(audited).toBe(1)
  })

  it('item 9. a client that is no valid referral (its IP shared with another user: "one IP" rule) earns its partner nothing and gets no bonus', async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const p = await api.enrolled(PROGRAM, { name: `Shared IP ${++seq}`, language: 'en', legalType: 'individual' })
    const ip = `198.51.100.${seq % 250}`
    await post({
      id: `rb-ip-other-${seq}`,
      type: 'signup',
      occurredAt: '2026-03-01T08:00:00Z',
      customer: `rb-ipo-${seq}`,
      ip,
    })
    const customer = `rb-ip-${seq}`
    await post({
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: '2026-03-01T09:00:00Z',
      customer,
      ref: p.codes[0]!.code,
      ip,
    })
    const r = await payment(customer, `${customer}-p1`)
    expect(r.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'shared_ip' })])
    expect(await bonusOf(customer)).toEqual([])
  })

  it("item 9 with item 6. a second user appearing later on the client's IP voids the partner's unpaid reward and the client's owed bonus with it", async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const { partner, customer } = await referred()
    await payment(customer, `${customer}-p1`)
    expect(await bonusOf(customer)).toEqual([expect.objectContaining({ status: 'owed' })])
    // the client's own sign-up IP (see referred()) is used by a stranger
    const ip = `10.9.${seq % 250}.${(seq * 7) % 250}`
    const other = await post({
      id: `${customer}-x`,
      type: 'signup',
      occurredAt: '2026-03-09T08:00:00Z',
      customer: `${customer}-x`,
      ip,
    })
    expect(other.reversals).toEqual([expect.objectContaining({ amount: '-25.00', reason: 'shared_ip' })])
    expect(await bonusOf(customer)).toEqual([expect.objectContaining({ status: 'voided' })])
    expect(balanceOf((await api.statement(partner, { program: PROGRAM })).body, PROGRAM)).toMatchObject({
      pending: '0.00',
    })
  })

  it('item 9. "толық ақы төленген" (paid in full): the qualifying payment refunded before the bonus is granted voids it; a bonus already granted stays granted', async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const a = await referred()
    await payment(a.customer, `${a.customer}-p1`)
    const refund = await post({
      id: `${a.customer}-r`,
      type: 'refund',
      occurredAt: '2026-03-04T09:00:00Z',
      customer: a.customer,
      order: `${a.customer}-p1-o`,
      amount: '9.00',
      currency: 'USD',
    })
    expect(refund.reversals).toHaveLength(1)
    expect(await bonusOf(a.customer)).toEqual([
      expect.objectContaining({ status: 'voided', voidReason: 'refund', voidedAt: '2026-03-10T12:00:00.000Z' }),
    ])
    expect((await bonuses('owed')).map((b) => b.customer)).not.toContain(a.customer)
    const [voided] = await bonusOf(a.customer)
    const refused = await op('POST', `/v1/programs/${PROGRAM}/referee-bonuses/${voided!.id}/granted`)
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'referee_bonus.voided' })

    const b = await referred()
    await payment(b.customer, `${b.customer}-p1`)
    const [owed] = await bonusOf(b.customer)
    expect((await op('POST', `/v1/programs/${PROGRAM}/referee-bonuses/${owed!.id}/granted`)).status).toBe(200)
    await post({
      id: `${b.customer}-r`,
      type: 'refund',
      occurredAt: '2026-03-04T09:00:00Z',
      customer: b.customer,
      order: `${b.customer}-p1-o`,
      amount: '9.00',
      currency: 'USD',
    })
    expect(await bonusOf(b.customer)).toEqual([expect.objectContaining({ status: 'granted', voidedAt: null })])
  })

  it('item 9. POST /v1/programs/{program}/referee-bonuses/{id}/granted: owed -> granted once (again: the same answer, changed=false); unknown ids, other programs and bad statuses are refused and change nothing', async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const { customer } = await referred()
    await payment(customer, `${customer}-p1`)
    const [owed] = await bonusOf(customer)
    const path = `/v1/programs/${PROGRAM}/referee-bonuses/${owed!.id}/granted`

    const wrongProgram = await op('POST', `/v1/programs/jqsee/referee-bonuses/${owed!.id}/granted`)
    expect(wrongProgram.status).toBe(404)
    expect(wrongProgram.body.error).toMatchObject({ code: 'referee_bonus.not_found' })
    const notUuid = await op('POST', `/v1/programs/${PROGRAM}/referee-bonuses/nope/granted`)
    expect(notUuid.status).toBe(404)
    const unknown = await op('POST', `/v1/programs/${PROGRAM}/referee-bonuses/${crypto.randomUUID()}/granted`)
    expect(unknown.status).toBe(404)
    const badStatus = await op('GET', `/v1/programs/${PROGRAM}/referee-bonuses?status=paid`)
    expect(badStatus.status).toBe(400)
    const noProgram = await op('GET', '/v1/programs/nosuch/referee-bonuses')
    expect(noProgram.status).toBe(404)
    expect((await bonusOf(customer))[0]).toMatchObject({ status: 'owed' })

    api.clock.set('2026-03-11T08:00:00Z')
    const granted = await op('POST', path)
    expect(granted.status, JSON.stringify(granted.body)).toBe(200)
    expect(granted.body).toEqual({
      bonus: expect.objectContaining({
        status: 'granted',
        grantedAt: '2026-03-11T08:00:00.000Z',
        grantedBy: 'operator-api',
      }),
      changed: true,
    })
    api.clock.set('2026-03-12T08:00:00Z')
    const again = await op('POST', path)
    expect(again.status).toBe(200)
    expect(again.body).toEqual({
      bonus: expect.objectContaining({ status: 'granted', grantedAt: '2026-03-11T08:00:00.000Z' }),
      changed: false,
    })
    expect((await bonuses('owed')).map((b) => b.id)).not.toContain(owed!.id)
    expect((await bonuses('granted')).map((b) => b.id)).toContain(owed!.id)

    const doc = await api.get('/v1/openapi.json')
    const paths = ((await doc.json()) as { paths: Record<string, unknown> }).paths
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/v1/programs/{program}/referee-bonuses',
        '/v1/programs/{program}/referee-bonuses/{bonus}/granted',
      ]),
    )
  })

  const response = async (id: string) => {
    await waitUntil(() => slack.responses.find((r) => r.id === id))
    return slack.responses.find((r) => r.id === id)!.body as { text: string; blocks?: unknown[] }
  }

  it('item 9. in Slack, `/pa bonuses worksection-referral` lists what is owed (customer id, amount, date, partner name) for support, finance and admins, in the user\'s language; "Mark granted" records it once', async () => {
    api.clock.set('2026-03-10T12:00:00Z')
    const { customer } = await referred('Aigerim <Referrer>')
    await payment(customer, `${customer}-p1`)
    const [owed] = await bonusOf(customer)

    const refused = await desk.command(`bonuses ${PROGRAM}`, USERS.stranger)
    expect((await response(refused.responseId)).text).toMatch(/support/)
    const usage = await desk.command('bonuses', USERS.finance)
    expect((await response(usage.responseId)).text).toContain('`worksection-referral`')
    const none = await desk.command('bonuses jqsee', USERS.finance)
    const jqsee = api.service.core.programs.get('jqsee')!.name
    expect((await response(none.responseId)).text).toBe(`${jqsee} gives referred customers no bonus of their own.`)

    const list = await desk.command(`bonuses ${PROGRAM}`, USERS.finance)
    const body = await response(list.responseId)
    expect(body.text).toMatch(/^\*Customer bonuses owed · Worksection referral program\* \(\d+\)/)
    const blocks = JSON.stringify(body.blocks)
    expect(blocks).toContain(`Customer \`${customer}\` · *25.00 USD* · owed since March 10, 2026`)
    expect(blocks).toContain('Referred by Aigerim &lt;Referrer&gt;')
    expect(blocks).toContain('Mark granted')
    const value = `${PROGRAM}:${owed!.id}`
    expect(blocks).toContain(value)

    const pressed = await desk.action(USERS.support, 'referee_bonus_granted', value)
    expect((await response(pressed.responseId)).text).toBe(`✅ Marked granted: customer \`${customer}\`, 25.00 USD.`)
    expect((await bonusOf(customer))[0]).toMatchObject({ status: 'granted', grantedBy: `slack:${USERS.support}` })

    slack.locales.set(USERS.admin, 'ru-RU')
    const again = await desk.action(USERS.admin, 'referee_bonus_granted', value)
    expect((await response(again.responseId)).text).toBe(
      'Этот бонус уже отметил выданным <@USUPPORT>, дата: 10 марта 2026 г. (Europe/Kyiv)',
    )
    const forged = await desk.action(USERS.admin, 'referee_bonus_granted', `${PROGRAM}:not-a-uuid`)
    expect((await response(forged.responseId)).text).not.toMatch(/Отмечен/)

    const after = await desk.command(`bonuses ${PROGRAM}`, USERS.admin)
    const listed = await response(after.responseId)
    expect(listed.text).toMatch(/^\*Бонусы клиентам к выдаче · Worksection \(реферальная\)\*/)
    expect(JSON.stringify(listed.blocks)).not.toContain(owed!.id)
  })
})
