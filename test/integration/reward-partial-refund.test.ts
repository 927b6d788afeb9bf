import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * worksection-referral (programs.md 2, seed 001): a one-time reward is for a "deal", a referred client who paid at
 * least one full month; worked example 5b: a client refunded in full is no deal. A refund that leaves at least a
 * month of the payment paid ($10 of a $120 twelve-month payment) leaves the client a deal: the $25 reward and the
 * client's own $25 bonus stand; refunds that leave less than a month paid take the whole reward back, and the bonus.
 */
describe('a partial refund of a worksection-referral client', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const bonusesOf = async (customer: string) => {
    const r = await api.operator('GET', '/v1/programs/worksection-referral/referee-bonuses')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return (r.body.bonuses as { customer: string; status: string }[]).filter((b) => b.customer === customer)
  }
  const client = async (name: string, tag: string) => {
    const p = await api.enrolled('worksection-referral', { name, language: 'kk', legalType: 'individual' })
    const send = (id: string, type: string, extra: Record<string, unknown>) =>
      api.recorded('worksection-referral', {
        id: `${tag}-${id}`,
        type,
        occurredAt: '2026-03-02T08:30:00Z',
        customer: `${tag}-client`,
        order: `${tag}-order`,
        currency: 'USD',
        ...extra,
      })
    await api.recorded('worksection-referral', {
      id: `${tag}-s`,
      type: 'signup',
      occurredAt: '2026-03-02T08:00:00Z',
      customer: `${tag}-client`,
      ref: p.codes[0]!.code,
    })
    const paid = await send('p', 'payment', { amount: '120.00', monthsPaid: 12 })
    expect(paid.commissions).toEqual([expect.objectContaining({ amount: '25.00', status: 'pending' })])
    return { partner: p.partner, refund: (n: number, amount: string) => send(`r${n}`, 'refund', { amount }) }
  }

  it('a $10 refund of a $120 twelve-month payment leaves the $25 reward and the client bonus', async () => {
    const c = await client('Aigerim', 'prr1')
    const refund = await c.refund(1, '10.00')
    expect(refund.reversals.map((r: { amount: string }) => r.amount)).not.toContain('-25.00')
    const st = await api.statement(c.partner, { program: 'worksection-referral' })
    expect(balanceOf(st.body, 'worksection-referral')).toMatchObject({ pending: '25.00', reversed: '0.00' })
    expect(await bonusesOf('prr1-client')).toEqual([expect.objectContaining({ status: 'owed' })])
  })

  it('refunds in parts that leave less than a month paid take the whole reward back, and the bonus', async () => {
    const c = await client('Dana', 'prr2')
    await c.refund(1, '100.00')
    expect(
      balanceOf((await api.statement(c.partner, { program: 'worksection-referral' })).body, 'worksection-referral'),
    ).toMatchObject({ pending: '25.00' })
    // $20 left of twelve months at $10 is two months paid; $5 more leaves $15 (a month and a half); $6 more, $9
    await c.refund(2, '5.00')
    await c.refund(3, '6.00')
    const st = await api.statement(c.partner, { program: 'worksection-referral' })
    expect(balanceOf(st.body, 'worksection-referral')).toMatchObject({ pending: '0.00', reversed: '25.00' })
    expect(await bonusesOf('prr2-client')).toEqual([expect.objectContaining({ status: 'voided' })])
  })
})
