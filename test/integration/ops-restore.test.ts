import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { jqseeCommission } from '../helpers/jqsee-commission.ts'

/**
 * Issue 16 item 8: a restored commission. Upholding a dispute about a refused, reversed or annulled commission
 * can restore it from the uphold modal, and `POST /v1/commissions/{id}/restore` does the same: one balanced
 * ledger transaction gives back what was taken, the commission is marked restored, audited, the partner told.
 * jqsee pays 10% with no hold (holdDays 0), so a restored jqsee commission is available at once.
 */
describe('ops: restored commissions', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let chat = 9500
  let order = 0
  /** A jqsee partner with one commission of 12.00 USD (10% of a 120.00 payment). */
  async function partnerWithCommission(language: string) {
    const p = await jqseeCommission(api, { chat: ++chat, language, prefix: 'rs', n: ++order })
    return p
  }

  /** The partner disputes the commission (as the bot would file it). */
  const openDispute = (p: { partner: string; commission: string }, text: string) =>
    api.service.core.disputes.open({
      partnerId: p.partner,
      programKey: 'jqsee',
      subject: 'commission',
      subjectId: p.commission,
      text,
      source: 'test',
      sourceRef: `rs-${p.partner}`,
      enrolledPrograms: ['jqsee'],
    })
  /** Support presses Uphold on the dispute's desk card: the modal it opens. */
  async function upholdModal(disputeId: string) {
    const mark = slack.calls.length
    await desk.action(USERS.support, 'dispute_uphold', disputeId, { channel: CHANNELS.disputes })
    return desk.openedView(mark)
  }

  const review = (commission: string, action: string, reason: string) =>
    api.operator('POST', `/v1/commissions/${commission}/review`, { action, reason })
  const restore = (commission: string, body: Record<string, unknown>) =>
    api.operator('POST', `/v1/commissions/${commission}/restore`, body)
  const prisma = () => api.service.db.prisma
  const restoreLegs = (commission: string) =>
    prisma().ledgerEntry.findMany({ where: { commissionId: commission, journal: { startsWith: 'restore:' } } })
  const audits = (commission: string) =>
    prisma().auditLog.findMany({ where: { subjectId: commission, action: 'commission.restored' } })
  const available = async (partner: string) => balanceOf((await api.statement(partner)).body, 'jqsee').available
  const ledgerTotal = async () => (await api.operator('GET', '/v1/programs/jqsee/ledger')).body.total
  const toldTo = (tg: number, part: string) =>
    telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === tg && String(c.payload.text).includes(part),
      10_000,
    )

  it('item 8. support upholds a dispute about a voided commission and restores it from the modal; finance may not; a second submit restores nothing twice', async () => {
    const p = await partnerWithCommission('lv')
    expect((await review(p.commission, 'void', 'fraud')).status).toBe(200)
    expect(await available(p.partner)).toBe('0.00')
    const dispute = await openDispute(p, 'Klients ir īsts, lūdzu pārbaudiet vēlreiz.')

    // finance does not work disputes: refused with the roles that do
    const refused = await desk.action(USERS.finance, 'dispute_uphold', dispute.id, { channel: CHANNELS.disputes })
    await expect
      .poll(() => slack.responses.find((r) => r.id === refused.responseId)?.body as { text?: string } | undefined)
      .toMatchObject({ text: expect.stringMatching(/support, admin/) })

    const modal = await upholdModal(dispute.id)
    expect(JSON.stringify(modal.blocks)).toContain("Give the commission (12.00 USD) back to the partner's balance")
    expect(JSON.stringify(modal.blocks)).not.toContain('Approve the commission in review')

    const values = {
      reason: { reason: { selected: 'evidence_accepted' } },
      restore: { restore: { checked: ['restore'] } },
    }
    const done = await desk.submit(USERS.support, modal, values)
    expect(done.status).toBe(200)
    const c = await prisma().commission.findUniqueOrThrow({ where: { id: p.commission } })
    expect(c).toMatchObject({ status: 'available', reason: 'restored' })
    expect((await restoreLegs(p.commission)).map((e) => [e.account, e.amountMinor, e.reason])).toEqual(
      expect.arrayContaining([
        ['earned', 1200n, 'dispute_upheld'],
        ['commission_expense', -1200n, 'dispute_upheld'],
      ]),
    )
    expect(await audits(p.commission)).toEqual([
      expect.objectContaining({ actor: `slack:${USERS.support}`, reason: 'dispute_upheld' }),
    ])
    expect(await available(p.partner)).toBe('12.00')
    const told = await toldTo(p.chat, 'atjaunota')
    expect(told.payload.text).toBe('JQSEE: jūsu atlīdzība 12,00 USD ir atjaunota un atkal ir jūsu konta atlikumā.')

    // the same modal submitted again: the dispute is already resolved, nothing is restored twice
    const twice = await desk.submit(USERS.support, modal, values)
    expect(twice.body).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringMatching(/already/) },
    })
    expect(await restoreLegs(p.commission)).toHaveLength(2)
    expect(await audits(p.commission)).toHaveLength(1)
    expect(await available(p.partner)).toBe('12.00')
    expect(await ledgerTotal()).toBe('0.00')
    await new Promise((r) => setTimeout(r, 300))
    expect(telegram.textsTo(p.chat).filter((t) => t.includes('atjaunota'))).toHaveLength(1)
  })

  it('item 8. the operator API restores a refused commission once: again is 200 replayed, other commissions 409, reasons from the list', async () => {
    const p = await partnerWithCommission('en')
    expect((await review(p.commission, 'hold', 'traffic_check')).status).toBe(200)
    expect((await review(p.commission, 'reject', 'bot_traffic')).status).toBe(200)
    expect(await available(p.partner)).toBe('0.00')

    const bad = await restore(p.commission, { reason: 'because' })
    expect([bad.status, bad.body.error.code]).toEqual([400, 'commission.restore_reason'])
    const first = await restore(p.commission, { reason: 'technical_fault' })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      replayed: false,
      restored: '12.00',
      commission: { id: p.commission, status: 'available', amount: '12.00', currency: 'USD' },
    })
    const again = await restore(p.commission, { reason: 'technical_fault' })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ replayed: true, restored: '0.00', commission: { status: 'available' } })
    expect(await restoreLegs(p.commission)).toHaveLength(2)
    expect(await audits(p.commission)).toEqual([
      expect.objectContaining({ actor: 'operator-api', reason: 'technical_fault' }),
    ])
    expect(await available(p.partner)).toBe('12.00')
    expect((await toldTo(p.chat, 'restored')).payload.text).toBe(
      'JQSEE: your commission of 12.00 USD has been restored and is back on your balance.',
    )

    // a commission never taken back cannot be restored; an unknown one is a 404
    const other = await partnerWithCommission('en')
    const open = await restore(other.commission, { reason: 'review' })
    expect([open.status, open.body.error.code]).toEqual([409, 'commission.not_restorable'])
    expect(open.body.error.message).toContain('available')
    const unknown = await restore('00000000-0000-4000-8000-000000000000', { reason: 'review' })
    expect(unknown.status).toBe(404)
    expect(await ledgerTotal()).toBe('0.00')
    const doc = await (await fetch(`${api.base}/v1/openapi.json`)).json()
    expect(doc.paths['/v1/commissions/{commission}/restore'].post).toBeDefined()
  })

  it('restoring a commission voided after a partial refund gives back what the void took, not the refunded part', async () => {
    const p = await partnerWithCommission('en')
    // the customer gets 30.00 of the 120.00 back: 3.00 of the 12.00 commission leaves with it
    const refund = await api.recorded('jqsee', {
      id: `rs-refund-${p.partner}`,
      type: 'refund',
      occurredAt: new Date(api.clock.now().getTime() - 1_800_000).toISOString(),
      customer: p.customer,
      order: `rs-o-${order}`,
      amount: '30.00',
      currency: 'USD',
    })
    expect(refund.reversals).toEqual([expect.objectContaining({ commission: p.commission, amount: '-3.00' })])
    expect(await available(p.partner)).toBe('9.00')
    expect((await review(p.commission, 'void', 'fraud')).status).toBe(200)
    expect(await available(p.partner)).toBe('0.00')

    // the desk's uphold modal offers what the restore gives back, not the commission's whole amount
    const dispute = await openDispute(p, 'The customer is real, please check again.')
    const modal = JSON.stringify((await upholdModal(dispute.id)).blocks)
    expect(modal).toContain("Give the commission (9.00 USD) back to the partner's balance")
    expect(modal).not.toContain('12.00 USD')

    const restored = await restore(p.commission, { reason: 'review' })
    expect(restored.status).toBe(200)
    expect(restored.body).toMatchObject({ replayed: false, restored: '9.00' })
    expect(await available(p.partner)).toBe('9.00')
    expect(await ledgerTotal()).toBe('0.00')
  })

  it('a commission found substandard and restored on an upheld dispute gives back the penalty too: the partner is made whole (ru)', async () => {
    const p = await partnerWithCommission('ru')
    // jqsee (worked example 4): withdrawn, plus a penalty of its cost: -24.00 from a balance of 12.00
    expect((await review(p.commission, 'substandard', 'bot_traffic')).body).toMatchObject({ effect: '-24.00' })
    expect(await available(p.partner)).toBe('-12.00')
    const dispute = await openDispute(p, 'Клиент настоящий, вот доказательства.')
    const modal = await upholdModal(dispute.id)
    // the operator sees both before ticking
    expect(JSON.stringify(modal.blocks)).toContain('Give back the commission (12.00 USD) and its penalty (12.00 USD)')
    const done = await desk.submit(USERS.support, modal, {
      reason: { reason: { selected: 'evidence_accepted' } },
      restore: { restore: { checked: ['restore'] } },
    })
    expect(done.status).toBe(200)
    expect(await available(p.partner)).toBe('12.00')
    const legs = (await restoreLegs(p.commission)).map((e) => [e.account, e.amountMinor, e.kind])
    expect(legs).toEqual(
      expect.arrayContaining([
        ['earned', 1200n, 'commission'],
        ['earned', 1200n, 'penalty'],
        ['commission_expense', -1200n, 'penalty'],
      ]),
    )
    expect(await audits(p.commission)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ amount: '12.00', penalty: '12.00' }) }),
    ])
    const told = await toldTo(p.chat, 'восстановлено')
    expect(told.payload.text).toBe(
      'JQSEE: ваше вознаграждение 12,00 USD восстановлено и снова на вашем балансе.\n' +
        'Штраф 12,00 USD, начисленный за него, тоже возвращён.',
    )
    // a second restore is a replay: neither the commission nor the penalty comes back twice
    const again = await restore(p.commission, { reason: 'review' })
    expect(again.body).toMatchObject({ replayed: true, restored: '0.00', penalty: null })
    expect(await available(p.partner)).toBe('12.00')
    expect(await ledgerTotal()).toBe('0.00')
  })

  it('the operator API answers what a substandard restore returned, the penalty named (en)', async () => {
    const p = await partnerWithCommission('en')
    expect((await review(p.commission, 'substandard', 'bot_traffic')).status).toBe(200)
    const restored = await restore(p.commission, { reason: 'review' })
    expect(restored.status).toBe(200)
    expect(restored.body).toMatchObject({ replayed: false, restored: '24.00', penalty: '12.00' })
    expect(await available(p.partner)).toBe('12.00')
    const told = await toldTo(p.chat, 'returned')
    expect(told.payload.text).toContain('The penalty of 12.00 USD charged for it has been returned too.')
  })

  it('upholding with "release" a commission decided by another agent meanwhile is refused before the dispute is resolved: nothing changes', async () => {
    const p = await partnerWithCommission('en')
    expect((await review(p.commission, 'hold', 'traffic_check')).status).toBe(200)
    const dispute = await openDispute(p, 'Please release it.')
    const modal = await upholdModal(dispute.id)
    expect(JSON.stringify(modal.blocks)).toContain('"block_id":"release"')
    // another agent rejects it while the modal is open
    expect((await review(p.commission, 'reject', 'bot_traffic')).status).toBe(200)
    const done = await desk.submit(USERS.support, modal, {
      reason: { reason: { selected: 'evidence_accepted' } },
      release: { release: { checked: ['approve'] } },
    })
    expect(done.body).toMatchObject({ response_action: 'errors' })
    // the modal's refusal is true: the dispute is still open, and the partner was told nothing
    const view = await api.service.core.disputes.deskView(dispute.id)
    expect(view!.dispute.status).toBe('open')
    await new Promise((r) => setTimeout(r, 300))
    expect(telegram.textsTo(p.chat).some((t) => /upheld/i.test(t))).toBe(false)
  })

  it('melbet revenue waiting for its bets: the uphold modal offers no release, and a forged release is refused before resolving (ru)', async () => {
    const tg = ++chat
    const { partner, codes } = await api.enrolled('melbet', {
      name: `Mel ${tg}`,
      language: 'ru',
      legalType: 'individual',
      telegramId: tg,
      registeredAt: '2026-01-10T12:00:00Z',
    })
    const customer = `${partner}-pl`
    const at = '2026-01-10T12:00:00Z'
    await api.recorded('melbet', { id: `${partner}-su`, type: 'signup', occurredAt: at, customer, ref: codes[0]!.code })
    await api.recorded('melbet', {
      id: `${partner}-fd`,
      type: 'first_deposit',
      occurredAt: at,
      customer,
      amount: '10.00',
      currency: 'USD',
    })
    const revenue = await api.recorded('melbet', {
      id: `${partner}-r1`,
      type: 'revenue',
      occurredAt: '2026-03-05T12:00:00Z',
      customer,
      order: `${partner}-o1`,
      amount: '100.00',
      currency: 'USD',
      settled: false,
    })
    const commission = revenue.commissions[0].id as string
    const dispute = await api.service.core.disputes.open({
      partnerId: partner,
      programKey: 'melbet',
      subject: 'commission',
      subjectId: commission,
      text: 'Почему в ожидании?',
      source: 'test',
      sourceRef: `rs-mel-${partner}`,
      enrolledPrograms: ['melbet'],
    })
    const modal = await upholdModal(dispute.id)
    expect(JSON.stringify(modal.blocks)).not.toContain('"block_id":"release"')
    const done = await desk.submit(USERS.support, modal, {
      reason: { reason: { selected: 'corrected' } },
      release: { release: { checked: ['approve'] } },
    })
    expect(done.body).toMatchObject({ response_action: 'errors' })
    expect((await api.service.core.disputes.deskView(dispute.id))!.dispute.status).toBe('open')
    expect(await prisma().commission.findUniqueOrThrow({ where: { id: commission } })).toMatchObject({ status: 'held' })
  })

  const figures = async (partner: string) => {
    const b = balanceOf((await api.statement(partner, { program: 'jqsee' })).body, 'jqsee')
    return { available: b.available, reversed: b.reversed, carriedOver: b.carriedOver }
  }

  it('a voided commission restored in full: the statement shows nothing reversed, the money available', async () => {
    const p = await partnerWithCommission('en')
    expect(
      (await api.operator('POST', `/v1/commissions/${p.commission}/review`, { action: 'void', reason: 'fraud' }))
        .status,
    ).toBe(200)
    expect(await figures(p.partner)).toEqual({ available: '0.00', reversed: '12.00', carriedOver: '0.00' })
    const r = await api.operator('POST', `/v1/commissions/${p.commission}/restore`, { reason: 'review' })
    expect(r.body).toMatchObject({ restored: '12.00' })
    expect(await figures(p.partner)).toEqual({ available: '12.00', reversed: '0.00', carriedOver: '0.00' })
  })

  it('a substandard commission restored with its penalty: nothing reversed, nothing carried over', async () => {
    const p = await partnerWithCommission('lv')
    const sub = await api.operator('POST', `/v1/commissions/${p.commission}/review`, {
      action: 'substandard',
      reason: 'bot_traffic',
    })
    expect(sub.status).toBe(200)
    expect(await figures(p.partner)).toEqual({ available: '-12.00', reversed: '24.00', carriedOver: '-12.00' })
    const r = await api.operator('POST', `/v1/commissions/${p.commission}/restore`, { reason: 'review' })
    expect(r.body).toMatchObject({ restored: '24.00', penalty: '12.00' })
    expect(await figures(p.partner)).toEqual({ available: '12.00', reversed: '0.00', carriedOver: '0.00' })
  })

  it('upheld with a restore that failed (the database went away after the resolution): submitted again, it restores', async () => {
    const p = await partnerWithCommission('en')
    expect((await review(p.commission, 'void', 'fraud')).status).toBe(200)
    const dispute = await openDispute(p, 'The customer is real.')
    // the restore's ledger write fails once, as a dropped connection or a crash between the two steps would
    await prisma().$executeRawUnsafe(`CREATE OR REPLACE FUNCTION rs_fail() RETURNS trigger AS $$
      BEGIN IF NEW.journal LIKE 'restore:%' THEN RAISE EXCEPTION 'connection lost (simulated)'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`)
    await prisma().$executeRawUnsafe(
      'CREATE TRIGGER rs_fail BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION rs_fail()',
    )
    const values = {
      reason: { reason: { selected: 'evidence_accepted' } },
      restore: { restore: { checked: ['restore'] } },
    }
    const modal = await upholdModal(dispute.id)
    try {
      await desk.submit(USERS.support, modal, values)
    } finally {
      await prisma().$executeRawUnsafe('DROP TRIGGER rs_fail ON ledger_entries')
    }
    expect(await prisma().commission.findUniqueOrThrow({ where: { id: p.commission } })).toMatchObject({
      status: 'reversed',
    })
    // support submits the same decision again once the database is back: the restore is done, once
    await desk.submit(USERS.support, modal, values)
    expect(await prisma().dispute.findUniqueOrThrow({ where: { id: dispute.id } })).toMatchObject({ status: 'upheld' })
    expect(await prisma().commission.findUniqueOrThrow({ where: { id: p.commission } })).toMatchObject({
      status: 'available',
    })
    expect(await restoreLegs(p.commission)).toHaveLength(2)
    await desk.submit(USERS.support, modal, values)
    expect(await restoreLegs(p.commission)).toHaveLength(2)
  })

  it('a colleague upheld without restoring: a stale uphold modal with "give it back" ticked is refused, nothing restored', async () => {
    const p = await partnerWithCommission('en')
    expect((await review(p.commission, 'void', 'fraud')).status).toBe(200)
    const dispute = await openDispute(p, 'The customer is real.')
    // two agents open the uphold modal on the same card
    const mine = await upholdModal(dispute.id)
    const mark = slack.calls.length
    await desk.action(USERS.admin, 'dispute_uphold', dispute.id, { channel: CHANNELS.disputes })
    const theirs = await desk.openedView(mark)
    // the admin decides first: upheld, the voided commission deliberately not restored
    const first = await desk.submit(USERS.admin, theirs, { reason: { reason: { selected: 'evidence_accepted' } } })
    expect(first.body).toBeUndefined()
    // support submits the stale modal a moment later, with "give it back" ticked
    const second = await desk.submit(USERS.support, mine, {
      reason: { reason: { selected: 'evidence_accepted' } },
      restore: { restore: { checked: ['restore'] } },
    })
    // the commission stays as the void left it: reversed
    const c = await prisma().commission.findUniqueOrThrow({ where: { id: p.commission } })
    expect({ answer: second.body, commission: c.status, available: await available(p.partner) }).toEqual({
      answer: { response_action: 'errors', errors: { reason: expect.stringMatching(/already resolved/) } },
      commission: 'reversed',
      available: '0.00',
    })
    expect(await restoreLegs(p.commission)).toHaveLength(0)
  })
})
