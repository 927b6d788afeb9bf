import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * Levels are judged by payment date (level-by-payment-date.test.ts), and postbacks arrive in any order (a payment
 * may be reported up to 31 days late). When a client who paid earlier is reported after a client who paid later, the
 * later client was judged one paying client short: it is owed the level it reached by its payment date, and gets the
 * difference as a top-up, with its reason, in the late postback's transaction (what it already earned stays).
 */
describe('a client judged before an earlier-paying client was reported is raised to its level', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-04-25T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const balance = async (partner: string, program: string) => {
    const st = await api.statement(partner, { program })
    expect(st.status, JSON.stringify(st.body)).toBe(200)
    return balanceOf(st.body, program)
  }

  it('worksection-referral: the 6th client by payment date, reported before the 5th, is topped up to $35', async () => {
    const { partner, codes } = await api.enrolled('worksection-referral', {
      name: 'Referrer',
      language: 'kk',
      legalType: 'individual',
    })
    const ref = codes[0]!.code
    const client = async (c: string, day: string) => {
      await api.recorded('worksection-referral', {
        id: `lr-s-${c}`,
        type: 'signup',
        occurredAt: '2026-04-12T08:00:00Z',
        customer: `lr-${c}`,
        ref,
        ip: `10.77.0.${c.charCodeAt(0)}`,
      })
      return api.recorded('worksection-referral', {
        id: `lr-p-${c}`,
        type: 'payment',
        occurredAt: `2026-04-${day}T09:00:00Z`,
        customer: `lr-${c}`,
        order: `lr-o-${c}`,
        amount: '9.00',
        currency: 'USD',
        monthsPaid: 1,
      })
    }
    for (let c = 1; c <= 4; c++) await client(String(c), `1${c + 1}`)
    const y = await client('Y', '20')
    expect(y.commissions[0], 'Y is the 5th client when reported').toMatchObject({ amount: '25.00' })
    const x = await client('X', '16')
    expect(x.commissions[0], 'X paid before Y: the 5th deal').toMatchObject({
      amount: '25.00',
      rule: 'one_time_reward',
    })
    const topUp = x.commissions.find((c: { rule: string }) => c.rule === 'level_top_up')
    expect(topUp, 'Y is the 6th client by payment date: Bronze $35').toMatchObject({
      amount: '10.00',
      status: 'pending',
      reason: 'level_raised_late',
      // payable with Y's reward: 31 days after Y's payment
      availableFrom: new Date('2026-05-20T21:00:00Z').toISOString(),
    })
    // six clients: 5 x $25 + $35, as in order (worked example 5)
    expect(await balance(partner, 'worksection-referral')).toMatchObject({ pending: '160.00' })
    // a replay of the late postback earns nothing twice
    const again = await api.postback('worksection-referral', {
      id: 'lr-p-X',
      type: 'payment',
      occurredAt: '2026-04-16T09:00:00Z',
      customer: 'lr-X',
      order: 'lr-o-X',
      amount: '9.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    expect(again.status).toBe(200)
    expect(await balance(partner, 'worksection-referral')).toMatchObject({ pending: '160.00' })
    // Y refunded in full: it is no deal, and its top-up goes with its reward
    const refund = await api.recorded('worksection-referral', {
      id: 'lr-r-Y',
      type: 'refund',
      occurredAt: '2026-04-24T09:00:00Z',
      customer: 'lr-Y',
      order: 'lr-o-Y',
    })
    expect(refund.reversals.map((r: { amount: string }) => r.amount).sort()).toEqual(['-10.00', '-25.00'])
    expect(await balance(partner, 'worksection-referral')).toMatchObject({ pending: '125.00' })
  })

  it('worksection-partner: the 16th client by payment date, reported before the 15th, earns Gold 25% for life', async () => {
    const { partner, codes } = await api.enrolled('worksection-partner', {
      name: 'Integrator',
      language: 'ru',
      legalType: 'company',
    })
    const ref = codes[0]!.code
    const pay = (c: string, day: string, n = 1) =>
      api.recorded('worksection-partner', {
        id: `lp-${c}-${n}`,
        type: 'payment',
        occurredAt: `2026-04-${day}T09:00:00Z`,
        customer: `lp-${c}`,
        order: `lp-o-${c}-${n}`,
        amount: '100.00',
        currency: 'USD',
        ...(n === 1 ? { ref } : {}),
      })
    for (let c = 1; c <= 14; c++) await pay(String(c), String(c).padStart(2, '0'))
    // Y paid on 20 April and is reported at once, then again on the 22nd
    expect((await pay('Y', '20')).commissions[0]).toMatchObject({ amount: '15.00' })
    expect((await pay('Y', '22', 2)).commissions[0]).toMatchObject({ amount: '15.00' })
    // X paid on 16 April (the 15th paying client), reported late: Y was the 16th, acquired at Gold
    const x = await pay('X', '16')
    expect(x.commissions[0]).toMatchObject({ amount: '15.00', rule: 'payment_share' })
    const topUps = x.commissions.filter((c: { rule: string }) => c.rule === 'level_top_up')
    expect(topUps.map((t: { amount: string }) => t.amount)).toEqual(['10.00', '10.00'])
    expect(topUps[0]).toMatchObject({ status: 'pending', reason: 'level_raised_late' })
    // and Y earns 25% for life
    expect((await pay('Y', '24', 3)).commissions[0]).toMatchObject({ amount: '25.00' })
    // 15 clients at 15% + Y's three payments at 25%
    expect(await balance(partner, 'worksection-partner')).toMatchObject({ pending: '300.00' })
    // half of Y's first payment refunded: half of each of its commissions comes back
    const refund = await api.recorded('worksection-partner', {
      id: 'lp-r-Y',
      type: 'refund',
      occurredAt: '2026-04-24T10:00:00Z',
      customer: 'lp-Y',
      order: 'lp-o-Y-1',
      amount: '50.00',
      currency: 'USD',
    })
    expect(refund.reversals.map((r: { amount: string }) => r.amount).sort()).toEqual(['-5.00', '-7.50'])
    expect(await balance(partner, 'worksection-partner')).toMatchObject({ pending: '287.50' })
  })
  it('worksection-partner: two earlier clients reported late, one after the other, raise a client at the second', async () => {
    const { codes } = await api.enrolled('worksection-partner', {
      name: 'Integrator 2',
      language: 'en',
      legalType: 'company',
    })
    const ref = codes[0]!.code
    const pay = (c: string, day: string) =>
      api.recorded('worksection-partner', {
        id: `lq-${c}`,
        type: 'payment',
        occurredAt: `2026-04-${day}T09:00:00Z`,
        customer: `lq-${c}`,
        order: `lq-o-${c}`,
        amount: '100.00',
        currency: 'USD',
        ref,
      })
    for (let c = 1; c <= 13; c++) await pay(String(c), String(c).padStart(2, '0'))
    // Y is the 14th paying client when reported: Silver
    expect((await pay('Y', '20')).commissions[0]).toMatchObject({ amount: '15.00' })
    // X1 (paid 14 April) makes Y the 15th: still Silver, nothing to top up
    expect((await pay('X1', '14')).commissions.map((c: { rule: string }) => c.rule)).toEqual(['payment_share'])
    // X2 (paid 15 April) makes Y the 16th: Gold
    const x2 = await pay('X2', '15')
    expect(x2.commissions.filter((c: { rule: string }) => c.rule === 'level_top_up')).toMatchObject([
      { amount: '10.00' },
    ])
  })
})
