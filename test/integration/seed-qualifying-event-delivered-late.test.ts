import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * Postbacks do not arrive in the order their events happened (retries, several senders; melbet accepts events up to
 * 62 days late). When the event that makes a customer count (melbet: the player's first deposit; quantower: the
 * sign-up through the link) is delivered after a later money event of that customer, the later money event is
 * rejected (`not_new_user` / `not_signed_up_via_link`) and stays rejected once the qualifying event arrives: the
 * partner never earns on money its referral really brought, and the reason it is shown is false.
 */
describe('a money event delivered before the (earlier) event that qualifies its customer is judged again', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-06-06T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  /** Every journal balances, and the program's trial balance totals zero. */
  const booksBalance = async (programKey: string) => {
    const unbalanced = await api.service.db.prisma.$queryRaw<unknown[]>`
      SELECT journal, currency FROM ledger_entries GROUP BY journal, currency HAVING SUM(amount_minor) <> 0`
    expect(unbalanced).toEqual([])
    const trial = await api.service.core.reports.trialBalance({ programKey, currency: 'USD' })
    expect(trial.total).toBe('0.00')
  }

  const balance = async (partner: string, program: string) =>
    balanceOf((await api.statement(partner, { program })).body, program, 'USD')

  it('melbet: revenue of 5 June delivered before the 3 June first deposit earns 20% once the deposit arrives', async () => {
    const { partner, codes } = await api.enrolled('melbet', {
      name: 'Out of order',
      language: 'en',
      legalType: 'individual',
      registeredAt: '2026-05-01T09:00:00Z',
    })
    const player = `${partner}-pl`
    await api.recorded('melbet', {
      id: `${player}-s`,
      type: 'signup',
      occurredAt: '2026-06-02T10:00:00Z',
      customer: player,
      ref: codes[0]!.code,
    })
    // the revenue report is delivered first...
    await api.recorded('melbet', {
      id: `${player}-r`,
      type: 'revenue',
      occurredAt: '2026-06-05T10:00:00Z',
      customer: player,
      order: `${player}-o`,
      amount: '100.00',
      currency: 'USD',
    })
    // ...the first deposit (two days before the revenue) a moment later: the player was a new user on 5 June
    const deposit = {
      id: `${player}-d`,
      type: 'first_deposit',
      occurredAt: '2026-06-03T10:00:00Z',
      customer: player,
      amount: '10.00',
      currency: 'USD',
    }
    const d = await api.recorded('melbet', deposit)
    // the revenue's own commission, earned now as it would have been in order (payable with the week of 5 June)
    expect(d.commissions).toEqual([
      expect.objectContaining({
        amount: '20.00',
        status: 'available',
        rule: 'revenue_share',
        availableFrom: '2026-06-08T00:00:00.000Z',
        reason: 'qualified_late',
      }),
    ])
    const b = await balance(partner, 'melbet')
    expect(b, 'the revenue of a new user (20% in the first 3 months) is earned').toBeDefined()
    const earned = ['pending', 'held', 'available'].reduce((s, k) => s + Number(b[k]), 0)
    expect(earned).toBe(20)
    // the deposit's retry, twice at once, earns nothing more
    const retries = await Promise.all([api.postback('melbet', deposit), api.postback('melbet', deposit)])
    for (const r of retries) expect(r.body.commissions).toEqual(d.commissions)
    const again = await balance(partner, 'melbet')
    expect(['pending', 'held', 'available'].reduce((s, k) => s + Number(again[k]), 0)).toBe(20)
    await booksBalance('melbet')
  })

  it('melbet: unsettled revenue earned late waits for its bets, and only revenue from before the deposit stays refused', async () => {
    const { partner, codes } = await api.enrolled('melbet', {
      name: 'Out of order, unsettled',
      language: 'en',
      legalType: 'individual',
      registeredAt: '2026-05-01T09:00:00Z',
    })
    const player = `${partner}-pl`
    const revenue = (id: string, occurredAt: string, amount: string, settled: boolean) =>
      api.recorded('melbet', {
        ...{ id: `${player}-${id}`, type: 'revenue', occurredAt, customer: player, order: `${player}-o-${id}` },
        ...{ amount, currency: 'USD', settled },
      })
    await api.recorded('melbet', {
      ...{ id: `${player}-s`, type: 'signup', occurredAt: '2026-06-02T10:00:00Z', customer: player },
      ref: codes[0]!.code,
    })
    // revenue of 2 June, before the first deposit: the player was not a new user yet, whatever the order of arrival
    const early = await revenue('early', '2026-06-02T12:00:00Z', '50.00', true)
    expect(early.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'not_new_user' })])
    // revenue of 5 June whose bets are not settled yet
    await revenue('r', '2026-06-05T10:00:00Z', '100.00', false)
    const d = await api.recorded('melbet', {
      ...{ id: `${player}-d`, type: 'first_deposit', occurredAt: '2026-06-03T10:00:00Z', customer: player },
      ...{ amount: '10.00', currency: 'USD' },
    })
    // the deposit earns the 5 June revenue only: that of 2 June stays refused
    expect(d.commissions).toEqual([expect.objectContaining({ amount: '20.00', status: 'held', reason: 'unsettled' })])
    // its settlement decides it, as for revenue that arrived in order
    const settled = await api.recorded('melbet', {
      ...{ id: `${player}-r-settled`, type: 'revenue', occurredAt: '2026-06-05T18:00:00Z', customer: player },
      ...{ order: `${player}-o-r`, amount: '150.00', currency: 'USD', settled: true },
    })
    expect(settled.commissions).toEqual([expect.objectContaining({ amount: '30.00', status: 'available' })])
    const b = await balance(partner, 'melbet')
    expect(b).toMatchObject({ held: '0.00' })
    expect(['pending', 'available'].reduce((s, k) => s + Number(b[k]), 0)).toBe(30)
    await booksBalance('melbet')
  })

  it('melbet: a sign-up delivered last makes the player a new user from its first deposit, not from the sign-up', async () => {
    const { partner, codes } = await api.enrolled('melbet', {
      name: 'Sign-up last',
      language: 'en',
      legalType: 'individual',
      registeredAt: '2026-05-01T09:00:00Z',
    })
    const player = `${partner}-pl`
    const ref = codes[0]!.code
    const revenue = (id: string, occurredAt: string) =>
      api.recorded('melbet', {
        ...{ id: `${player}-${id}`, type: 'revenue', occurredAt, customer: player, ref, order: `${player}-o-${id}` },
        ...{ amount: '100.00', currency: 'USD' },
      })
    // revenue at 10:02 and 10:30, the first deposit at 10:05, all delivered before the 10:00 sign-up through the link
    expect((await revenue('r1', '2026-06-04T10:02:00Z')).commissions).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'not_signed_up_via_link' }),
    ])
    await revenue('r2', '2026-06-04T10:30:00Z')
    await api.recorded('melbet', {
      ...{ id: `${player}-d`, type: 'first_deposit', occurredAt: '2026-06-04T10:05:00Z', customer: player, ref },
      ...{ amount: '10.00', currency: 'USD' },
    })
    const s = await api.recorded('melbet', {
      ...{ id: `${player}-s`, type: 'signup', occurredAt: '2026-06-04T10:00:00Z', customer: player, ref },
    })
    expect(s.notes).toContain('signup_via_link_delivered_late')
    // only the revenue after the first deposit was a new user's
    expect(s.commissions).toEqual([expect.objectContaining({ amount: '20.00', status: 'available' })])
    const b = await balance(partner, 'melbet')
    expect(['pending', 'held', 'available'].reduce((sum, k) => sum + Number(b[k]), 0)).toBe(20)
    // and revenue between the sign-up and the deposit that arrives now is not a new user's either
    expect((await revenue('r3', '2026-06-04T10:03:00Z')).commissions).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'not_new_user' }),
    ])
    await booksBalance('melbet')
  })

  it('quantower: a $75 purchase delivered before its (earlier) sign-up through the link earns $15 once the sign-up arrives', async () => {
    const { partner, codes } = await api.enrolled('quantower', {
      name: 'Q OOO',
      language: 'en',
      legalType: 'individual',
    })
    const customer = `${partner}-c`
    await api.recorded('quantower', {
      id: `${customer}-p`,
      type: 'payment',
      occurredAt: '2026-06-05T10:05:00Z',
      customer,
      ref: codes[0]!.code,
      order: `${customer}-o`,
      amount: '75.00',
      listAmount: '100.00',
      currency: 'USD',
    })
    const signup = {
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: '2026-06-05T10:00:00Z',
      customer,
      ref: codes[0]!.code,
    }
    const s = await api.recorded('quantower', signup)
    expect(s.notes).toContain('signup_via_link_delivered_late')
    expect(s.commissions).toEqual([
      expect.objectContaining({
        amount: '15.00',
        status: 'available',
        rule: 'payment_share',
        reason: 'qualified_late',
      }),
    ])
    expect(await balance(partner, 'quantower')).toMatchObject({ available: '15.00' })
    // a retry of the sign-up earns nothing more
    expect((await api.postback('quantower', signup)).body.commissions).toEqual(s.commissions)
    // the customer was acquired by that first payment: the next one earns at its rate
    const next = await api.recorded('quantower', {
      ...{ id: `${customer}-p2`, type: 'payment', occurredAt: '2026-06-05T11:00:00Z', customer },
      ...{ order: `${customer}-o2`, amount: '50.00', currency: 'USD' },
    })
    expect(next.commissions).toEqual([expect.objectContaining({ amount: '10.00', status: 'available' })])
    expect(await balance(partner, 'quantower')).toMatchObject({ available: '25.00' })
    await booksBalance('quantower')
  })
})
