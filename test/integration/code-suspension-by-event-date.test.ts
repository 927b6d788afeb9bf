import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * jqsee: "a suspended code stops earning until reinstated" (programs.md 1). Postbacks may arrive days late
 * (maxDelayDays 30) and every other rule judges an event by its occurredAt (agreement in force, deals, periods).
 * A code's suspension is judged by the moment the postback arrives instead: a sale made while the code was active
 * but reported during a suspension is never credited, and a sale made during the suspension but reported after the
 * reinstatement is credited.
 */
describe('jqsee: a code suspension is judged at the date of the payment, not at the arrival of its postback', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-06T10:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const payment = (customer: string, id: string, occurredAt: string, ref: string) =>
    api.postback('jqsee', {
      id,
      type: 'payment',
      occurredAt,
      customer,
      order: `o-${id}`,
      amount: '100.00',
      currency: 'USD',
      ref,
    })
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)

  it('a payment made before the suspension, reported during it, earns; one made during it, reported after, does not', async () => {
    api.clock.set('2026-03-06T10:00:00Z')
    const { partner, codes } = await api.enrolled('jqsee', {
      name: 'Late reports',
      language: 'en',
      legalType: 'individual',
    })
    const code = codes[0]!.code

    // Friday 08:00 UTC: a customer pays with the active code; the shop's system reports it later
    // Friday 12:00: support suspends the code
    api.clock.set('2026-03-06T12:00:00Z')
    expect((await op('POST', `/v1/programs/jqsee/codes/${code}/suspend`, { reason: 'bot_traffic' })).status).toBe(200)
    // Friday 13:00: the 08:00 payment is reported: it was made with an active code
    api.clock.set('2026-03-06T13:00:00Z')
    const before = await payment(`${partner}-early`, `${partner}-early-1`, '2026-03-06T08:00:00Z', code)
    expect(before.status).toBe(201)
    expect(before.body.commissions).toEqual([expect.objectContaining({ amount: '10.00', status: 'available' })])

    // Friday 14:00: a customer pays while the code is suspended; reported only after the reinstatement at 15:00
    api.clock.set('2026-03-06T15:00:00Z')
    expect((await op('POST', `/v1/programs/jqsee/codes/${code}/reinstate`, {})).status).toBe(200)
    api.clock.set('2026-03-06T16:00:00Z')
    const during = await payment(`${partner}-mid`, `${partner}-mid-1`, '2026-03-06T14:00:00Z', code)
    expect(during.status).toBe(201)
    expect(during.body.commissions.filter((c: { status: string }) => c.status === 'available')).toEqual([])

    const st = await api.statement(partner, { program: 'jqsee' })
    expect(balanceOf(st.body, 'jqsee', 'USD').available).toBe('10.00')
  })

  it("the same for a sanction that suspends all the partner's codes, and the periods are kept on the code", async () => {
    api.clock.set('2026-03-09T10:00:00Z')
    const { partner, codes } = await api.enrolled('jqsee', {
      name: 'Sanctioned',
      language: 'en',
      legalType: 'individual',
    })
    const code = codes[0]!.code
    api.clock.set('2026-03-09T12:00:00Z')
    const s = await op('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'jqsee',
      kind: 'suspend_codes',
      reason: 'ad_rules',
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    api.clock.set('2026-03-09T13:00:00Z')
    const before = await payment(`${partner}-a`, `${partner}-a-1`, '2026-03-09T11:00:00Z', code)
    expect(before.body.commissions).toEqual([expect.objectContaining({ amount: '10.00', status: 'available' })])
    const during = await payment(`${partner}-b`, `${partner}-b-1`, '2026-03-09T12:30:00Z', code)
    expect(during.body.commissions.filter((c: { status: string }) => c.status === 'available')).toEqual([])
    api.clock.set('2026-03-09T14:00:00Z')
    expect((await op('POST', `/v1/sanctions/${s.body.sanction.id}/lift`, { reason: 'fixed' })).status).toBe(200)
    api.clock.set('2026-03-09T15:00:00Z')
    const late = await payment(`${partner}-c`, `${partner}-c-1`, '2026-03-09T13:30:00Z', code)
    expect(late.body.commissions.filter((c: { status: string }) => c.status === 'available')).toEqual([])
    const after = await payment(`${partner}-d`, `${partner}-d-1`, '2026-03-09T14:30:00Z', code)
    expect(after.body.commissions).toEqual([expect.objectContaining({ amount: '10.00', status: 'available' })])
    const row = await api.service.db.prisma.referralCode.findFirstOrThrow({ where: { code } })
    expect(row.suspensions).toEqual([{ from: '2026-03-09T12:00:00.000Z', until: '2026-03-09T14:00:00.000Z' }])
  })
})
