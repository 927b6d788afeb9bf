import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (An outside review's case.) worksection-referral's referee bonus ($25 on the referred client's own account) is voided
 * when its qualifying payment is refunded before it is granted (referee-bonuses.ts, seed-referee-bonus.test.ts). A
 * refund delivered before its payment (undo-before-order) must void it too: the payment's reward is taken back at
 * once (refund_recorded_before), but the bonus stays owed.
 */
const PROGRAM = 'worksection-referral'

describe('a refund delivered before its payment and the referee bonus', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-10T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })
  const bonusOf = async (customer: string) => {
    const r = await api.operator('GET', `/v1/programs/${PROGRAM}/referee-bonuses`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return (r.body.bonuses as { customer: string; status: string }[]).filter((b) => b.customer === customer)
  }
  const referred = async (customer: string, ip: string) => {
    const p = await api.enrolled(PROGRAM, { name: `Referrer ${customer}`, language: 'en', legalType: 'individual' })
    await api.recorded(PROGRAM, {
      ...{ id: `${customer}-s`, type: 'signup', occurredAt: '2026-03-01T09:00:00Z', customer },
      ...{ ref: p.codes[0]!.code, ip },
    })
  }
  const payment = (customer: string) =>
    api.postback(PROGRAM, {
      ...{ id: `${customer}-p`, type: 'payment', occurredAt: '2026-03-02T09:00:00Z', customer },
      ...{ order: `${customer}-o`, amount: '9.00', currency: 'USD', monthsPaid: 1 },
    })
  const refund = (customer: string) =>
    api.postback(PROGRAM, {
      ...{ id: `${customer}-r`, type: 'refund', occurredAt: '2026-03-03T09:00:00Z', customer, order: `${customer}-o` },
    })

  it('in order (payment, then refund): the owed bonus is voided (the behaviour to match)', async () => {
    await referred('rtb-a', '10.77.1.1')
    expect((await payment('rtb-a')).status).toBe(201)
    const r = await refund('rtb-a')
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.reversals).toEqual([expect.objectContaining({ amount: '-25.00' })])
    expect((await bonusOf('rtb-a')).map((b) => b.status)).toEqual(['voided'])
  })

  it('refund delivered first: the payment takes its reward back at once and the bonus is not left owed', async () => {
    await referred('rtb-b', '10.77.2.2')
    const r = await refund('rtb-b')
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const p = await payment('rtb-b')
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    expect(p.body.notes).toContain('refund_recorded_before')
    expect(p.body.reversals).toEqual([expect.objectContaining({ amount: '-25.00' })])
    expect(
      (await bonusOf('rtb-b')).map((b) => b.status),
      `the payment was refunded (reward taken back: ${JSON.stringify(p.body)}), yet the referee's $25 bonus is still owed`,
    ).not.toContain('owed')
  })
})
