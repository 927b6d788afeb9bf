import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

/**
 * A sanction and the money (programs.md: a disqualification annuls every unpaid reward, what was paid stays paid).
 * Found by an outside review: commissions written with a hold (worksection, chetup) were annulled even when paid out,
 * a paid bonus shielded an unpaid commission, and a block pulled a payout out of a batch the bank was paying.
 */
describe('sanctions: paid stays paid, unpaid is annulled, a batch being paid keeps its payouts', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)
  const enrol = (program: string, extra: Record<string, unknown> = {}) =>
    api.enrolled(program, { name: `Sanctioned ${++seq}`, language: 'en', legalType: 'individual', ...extra })
  const balance = async (partner: string, program: string, currency = 'USD') =>
    balanceOf((await api.statement(partner, { program })).body, program, currency)
  const total = async (program: string, currency = 'USD') =>
    (await op('GET', `/v1/programs/${program}/ledger?currency=${currency}`)).body.total
  const disqualify = async (partner: string, program: string, reason = 'self_referral') => {
    const d = await op('POST', `/v1/partners/${partner}/sanctions`, { program, kind: 'disqualify', reason })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    return d.body
  }
  /** A payout requested, approved and paid through the operator API. */
  const paidOut = async (partner: string, program: string, body: Record<string, unknown>) => {
    const r = await api.requestPayout(partner, { program, ...body }, `pay-${partner}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect((await op('POST', `/v1/payouts/${r.body.payout.id}/approve`, {})).status).toBe(200)
    expect((await op('POST', `/v1/payouts/${r.body.payout.id}/paid`, { reference: `ref-${partner}` })).status).toBe(200)
  }

  it('worksection-referral: the rewards paid out after their 31 days stay paid; nothing is annulled', async () => {
    api.clock.set('2026-03-02T12:00:00Z')
    const { partner, codes } = await enrol('worksection-referral')
    for (let i = 1; i <= 2; i++) {
      const customer = `${partner}-c${i}`
      const base = { customer, occurredAt: '2026-03-02T09:00:00Z' }
      await api.recorded('worksection-referral', {
        ...base,
        id: `${customer}-s`,
        type: 'signup',
        ref: codes[0]!.code,
        ip: `10.71.${seq}.${i}`,
      })
      await api.recorded('worksection-referral', {
        ...base,
        id: `${customer}-p`,
        type: 'payment',
        order: `${customer}-o`,
        amount: '9.00',
        currency: 'USD',
        monthsPaid: 1,
      })
    }
    api.clock.set('2026-04-03T12:00:00Z')
    await paidOut(partner, 'worksection-referral', { method: 'paypal', details: { email: 'ws@example.com' } })
    const d = await disqualify(partner, 'worksection-referral')
    expect(d.annulled).toEqual([])
    expect(await balance(partner, 'worksection-referral')).toMatchObject({
      available: '0.00',
      paid: '50.00',
      reversed: '0.00',
    })
    const statuses = await api.service.db.prisma.commission.findMany({ where: { enrolment: { partnerId: partner } } })
    expect(statuses.map((c) => c.status)).toEqual(['paid', 'paid'])
    expect(await total('worksection-referral')).toBe('0.00')
  })

  it('quantower: a paid bonus does not shield an unpaid commission; what is pending and available is annulled', async () => {
    api.clock.set('2026-05-04T10:00:00Z')
    const { partner, codes } = await enrol('quantower')
    const bonus = await api.adjust(
      partner,
      { program: 'quantower', currency: 'USD', amount: '50.00', reason: 'goodwill_bonus' },
      `b-${partner}`,
    )
    expect(bonus.status, JSON.stringify(bonus.body)).toBe(201)
    await paidOut(partner, 'quantower', { method: 'paypal', details: { email: 'q@example.com' } })
    const customer = `${partner}-c`
    await api.recorded('quantower', {
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: '2026-05-04T09:00:00Z',
      customer,
      ref: codes[0]!.code,
    })
    await api.recorded('quantower', {
      id: `${customer}-p`,
      type: 'payment',
      occurredAt: '2026-05-04T09:30:00Z',
      customer,
      order: `${customer}-o`,
      amount: '150.00',
      currency: 'USD',
    })
    expect(await balance(partner, 'quantower')).toMatchObject({ available: '30.00', paid: '50.00' })
    const d = await disqualify(partner, 'quantower')
    expect(d.annulled).toEqual([{ currency: 'USD', amount: '30.00' }])
    expect(await balance(partner, 'quantower')).toMatchObject({ available: '0.00', paid: '50.00' })
    expect(await total('quantower')).toBe('0.00')
  })

  it('quantower: a commission the disqualification annulled cannot be restored (409, the money stays annulled)', async () => {
    api.clock.set('2026-05-06T10:00:00Z')
    const { partner, codes } = await enrol('quantower')
    const customer = `${partner}-c`
    await api.recorded('quantower', {
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: '2026-05-06T09:00:00Z',
      customer,
      ref: codes[0]!.code,
    })
    const paid = await api.recorded('quantower', {
      id: `${customer}-p`,
      type: 'payment',
      occurredAt: '2026-05-06T09:30:00Z',
      customer,
      order: `${customer}-o`,
      amount: '150.00',
      currency: 'USD',
    })
    expect((await disqualify(partner, 'quantower')).annulled).toEqual([{ currency: 'USD', amount: '30.00' }])
    const r = await op('POST', `/v1/commissions/${paid.commissions[0].id}/restore`, { reason: 'other' })
    expect(r.status).toBe(409)
    expect(r.body.error).toMatchObject({ code: 'commission.partner_disqualified' })
    expect(await balance(partner, 'quantower')).toMatchObject({ available: '0.00' })
  })

  it('quantower: an unpaid bonus is annulled with the rewards', async () => {
    api.clock.set('2026-05-05T10:00:00Z')
    const { partner } = await enrol('quantower')
    const bonus = await api.adjust(
      partner,
      { program: 'quantower', currency: 'USD', amount: '25.00', reason: 'goodwill_bonus' },
      `b-${partner}`,
    )
    expect(bonus.status, JSON.stringify(bonus.body)).toBe(201)
    const d = await disqualify(partner, 'quantower')
    expect(d.annulled).toEqual([{ currency: 'USD', amount: '25.00' }])
    expect(await balance(partner, 'quantower')).toMatchObject({ available: '0.00' })
  })

  it('chetup: money paid in the 25th batch stays paid after a disqualification', async () => {
    api.clock.set('2026-07-01T08:00:00Z')
    const p = await enrol('chetup', { campaigns: ['cafe-sale'] })
    await api.recorded('chetup', {
      id: `${p.partner}-p`,
      type: 'payment',
      occurredAt: '2026-07-01T07:00:00Z',
      customer: `${p.partner}-c`,
      ref: p.codes[0]!.code,
      campaign: 'cafe-sale',
      order: `${p.partner}-o`,
      amount: '1500.00',
      currency: 'GEL',
      country: 'GE',
    })
    await op('POST', `/v1/partners/${p.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'GE29NB0000000101904917' },
    })
    api.clock.set('2026-07-12T08:00:00Z')
    expect((await api.requestPayout(p.partner, { program: 'chetup', method: 'bank' }, `c-${p.partner}`)).status).toBe(
      201,
    )
    api.clock.set('2026-07-25T03:00:00Z')
    const built = await api.service.core.batches.runPayDay('chetup')
    expect((await op('POST', `/v1/payout-batches/${built.batch!.id}/paid`, { reference: 'bank-file-1' })).status).toBe(
      200,
    )
    const before = await balance(p.partner, 'chetup', 'GEL')
    expect(before).toMatchObject({ available: '0.00', paid: '150.00' })
    const d = await disqualify(p.partner, 'chetup', 'prohibited_content')
    expect(d.annulled).toEqual([])
    expect(await balance(p.partner, 'chetup', 'GEL')).toMatchObject({ available: '0.00', paid: '150.00' })
    expect(await total('chetup', 'GEL')).toBe('0.00')
  })

  /** A melbet partner (registered 10 January: 15% from May) with 5 players and agreed details, and 60.00 of a July week paid in its Tuesday batch. */
  async function melbetWeek(week: 0 | 1) {
    const day = (d: number, time: string) => `2026-07-${String(d + 7 * week).padStart(2, '0')}T${time}Z`
    api.clock.set(day(6, '08:00:00'))
    const p = await melbetPartner(api, { name: `Sanctioned ${++seq}`, registeredAt: '2026-01-10T12:00:00Z' })
    api.clock.set(day(8, '13:00:00'))
    await p.revenue(day(8, '12:00:00'), '400.00')
    api.clock.set(day(14, '04:00:00'))
    const run = await api.service.core.batches.runPayDay('melbet')
    expect(run.outcome).toBe('built')
    const [payout] = (await op('GET', `/v1/partners/${p.partner}/payouts?program=melbet`)).body.payouts
    expect(payout).toMatchObject({ status: 'approved', batch: run.batch!.id, gross: '60.00' })
    api.clock.set(day(14, '06:00:00'))
    return { partner: p.partner, batch: run.batch!.id, payout: payout.id as string }
  }

  it('melbet: a block after the batch is built keeps the payout in the batch, which pays it once', async () => {
    const m = await melbetWeek(0)
    const b = await op('POST', `/v1/partners/${m.partner}/sanctions`, {
      program: 'melbet',
      kind: 'block',
      reason: 'fraud',
    })
    expect(b.status, JSON.stringify(b.body)).toBe(201)
    expect((await op('POST', `/v1/payout-batches/${m.batch}/paid`, { reference: 'bank-file-7' })).status).toBe(200)
    const [after] = (await op('GET', `/v1/partners/${m.partner}/payouts?program=melbet`)).body.payouts
    expect(after).toMatchObject({ id: m.payout, status: 'paid' })
    // lifted, the payout cannot be approved or paid a second time
    expect((await op('POST', `/v1/sanctions/${b.body.sanction.id}/lift`, { reason: 'resolved' })).status).toBe(200)
    expect((await op('POST', `/v1/payouts/${m.payout}/approve`, {})).status).toBe(409)
    expect(await balance(m.partner, 'melbet')).toMatchObject({ available: '0.00', paid: '60.00', inPayout: '0.00' })
    expect(await total('melbet')).toBe('0.00')
  })

  it('melbet: a disqualification after the batch is built lets the batch pay it and annuls nothing of it', async () => {
    const m = await melbetWeek(1)
    const d = await disqualify(m.partner, 'melbet', 'fraud')
    expect(d.annulled).toEqual([])
    expect((await op('POST', `/v1/payout-batches/${m.batch}/paid`, { reference: 'bank-file-8' })).status).toBe(200)
    expect(await balance(m.partner, 'melbet')).toMatchObject({ available: '0.00', paid: '60.00', inPayout: '0.00' })
    expect(await total('melbet')).toBe('0.00')
  })
})
