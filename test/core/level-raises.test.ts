import { describe, expect, it } from 'vitest'
import { type LaterCommission, LEVEL_TOP_UP, levelTopUps } from '../../core/domain/level-raises.ts'
import { type DecideInput, decide } from '../../core/domain/rules.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'

const programs = Object.fromEntries(loadProgramDefinitions().map((d) => [d.key, d]))
const first = new Date('2026-04-20T09:00:00Z')
const judged = (key: string) => () => ({ rule: programs[key]!.commission, underDeal: false })
const commission = (over: Partial<LaterCommission>): LaterCommission => ({
  id: 'c1',
  eventId: 'e1',
  customerId: 'y',
  rule: 'payment_share',
  orderRef: 'o1',
  status: 'pending',
  currency: 'USD',
  remainingMinor: 1500n,
  basisMinor: 10_000n,
  rateBps: 1500,
  occurredAt: first,
  availableAt: new Date('2026-05-20T21:00:00Z'),
  firstPaidAt: first,
  ...over,
})

describe('a client raised by an earlier-paying client reported late (pure)', () => {
  it('worksection-referral: the 6th client is topped up from $25 to $35, once', () => {
    const reward = commission({
      rule: 'one_time_reward',
      remainingMinor: 2500n,
      basisMinor: undefined,
      rateBps: undefined,
    })
    expect(levelTopUps([reward], 4, judged('worksection-referral'))).toEqual([])
    const [t] = levelTopUps([reward], 5, judged('worksection-referral'))
    expect(t).toMatchObject({ amountMinor: 1000n, status: 'pending', availableAt: reward.availableAt })
    // counted again with its top-up: nothing more
    const given = commission({ id: 't1', rule: LEVEL_TOP_UP, remainingMinor: 1000n, basisMinor: undefined })
    expect(levelTopUps([reward, given], 7, judged('worksection-referral'))).toEqual([])
  })

  it('worksection-partner: each payment to the level’s rate, the difference only; a held one waits', () => {
    const paid = [commission({}), commission({ id: 'c2', eventId: 'e2', orderRef: 'o2', status: 'held' })]
    const gold = levelTopUps(paid, 15, judged('worksection-partner'))
    expect(gold.map((t) => [t.of.id, t.amountMinor, t.rateBps])).toEqual([['c1', 1000n, 1000]])
    const topUp = commission({ id: 't1', rule: LEVEL_TOP_UP, remainingMinor: 1000n, rateBps: 1000 })
    const platinum = levelTopUps([paid[0]!, topUp], 35, judged('worksection-partner'))
    expect(platinum.map((t) => [t.amountMinor, t.rateBps])).toEqual([[1000n, 1000]])
    // a single rate (jqsee) has no level to raise
    expect(levelTopUps([commission({ rateBps: 1000 })], 40, judged('jqsee'))).toEqual([])
  })

  it('a kept level is raised at a later payment by the count as of the first payment, and never lowered', () => {
    const input = (levelCountNow: number): DecideInput => ({
      program: programs['worksection-partner']!,
      event: { type: 'payment', occurredAt: first, amountMinor: 10_000n, currency: 'USD', settled: true, order: 'o9' },
      customer: { rewarded: false, acquiredRateBps: 1500, acquiredLevelCount: 14, firstPaidAt: first },
      enrolment: { registeredAt: new Date('2026-01-10T12:00:00Z') },
      history: {
        earlierPayingCustomers: 0,
        levelCountNow,
        newUsersInMonth: 0,
        repeatIpInCampaign: false,
        orderCommissions: [],
      },
    })
    const raised = decide(input(15))
    expect(raised.decisions[0]).toMatchObject({ amountMinor: 2500n, rateBps: 2500 })
    expect(raised.customer).toEqual({ acquiredLevelCount: 15, acquiredRateBps: 2500 })
    const kept = decide(input(13))
    expect(kept.decisions[0]).toMatchObject({ amountMinor: 1500n, rateBps: 1500 })
    expect(kept.customer).toEqual({})
  })
})
