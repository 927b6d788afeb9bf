import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * programs.md 2 (worksection-referral): "A referred client that pays a full month gets a $25 first-payment bonus on
 * its own account". A client whose first month was refunded in full and who then pays a full month again is a deal,
 * and the partner earns its $25 reward on that month; the client's own bonus, voided with the refund (never
 * granted), is owed again for the month it kept.
 */
const PROGRAM = 'worksection-referral'

describe('a refunded client that pays a full month again and its own referee bonus', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-13T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('is owed the first-payment bonus for the month it kept', async () => {
    const p = await api.enrolled(PROGRAM, { name: 'Referrer RB', language: 'en', legalType: 'individual' })
    const customer = 's2rb-c1'
    await api.recorded(PROGRAM, {
      ...{ id: 's2rb-s', type: 'signup', occurredAt: '2026-03-01T09:00:00Z', customer },
      ...{ ref: p.codes[0]!.code, ip: '10.88.1.1' },
    })
    const pay = async (n: number, day: string) =>
      api.recorded(PROGRAM, {
        ...{ id: `s2rb-p${n}`, type: 'payment', occurredAt: `2026-03-${day}T09:00:00Z`, customer },
        ...{ order: `s2rb-o${n}`, amount: '9.00', currency: 'USD', monthsPaid: 1 },
      })
    expect((await pay(1, '02')).commissions).toEqual([expect.objectContaining({ amount: '25.00' })])
    const refund = await api.recorded(PROGRAM, {
      ...{ id: 's2rb-r1', type: 'refund', occurredAt: '2026-03-03T09:00:00Z', customer, order: 's2rb-o1' },
    })
    expect(refund.reversals).toEqual([expect.objectContaining({ amount: '-25.00' })])
    // a full month paid and kept: the partner's reward again (9c51ccb)
    expect((await pay(2, '10')).commissions).toEqual([expect.objectContaining({ amount: '25.00' })])

    const r = await api.operator('GET', `/v1/programs/${PROGRAM}/referee-bonuses`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const mine = (r.body.bonuses as { customer: string; status: string }[]).filter((b) => b.customer === customer)
    expect(
      mine.map((b) => b.status),
      `the client paid and kept a full month (the partner was rewarded for it), yet its bonus: ${JSON.stringify(mine)}`,
    ).toContain('owed')
  })
})
