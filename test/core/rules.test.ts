import { describe, expect, it } from 'vitest'
import { type DecideInput, decide, levelFor, revenueShareRate } from '../../core/domain/rules.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'

const programs = Object.fromEntries(loadProgramDefinitions().map((d) => [d.key, d]))
const at = new Date('2026-03-05T12:00:00Z')
const input = (key: string, over: Partial<DecideInput> = {}): DecideInput => ({
  program: programs[key]!,
  event: { type: 'payment', occurredAt: at, amountMinor: 10_000n, currency: 'USD', settled: true, order: 'o1' },
  customer: { rewarded: false },
  enrolment: { registeredAt: new Date('2026-01-10T12:00:00Z') },
  history: { earlierPayingCustomers: 0, newUsersInMonth: 0, repeatIpInCampaign: false, orderCommissions: [] },
  ...over,
})

describe('earning rules (pure)', () => {
  it('levels: the last level reached by the count', () => {
    const levels =
      programs['worksection-partner']!.commission.type === 'payment_share'
        ? programs['worksection-partner']!.commission.levels
        : []
    expect([0, 14, 15, 34, 35, 99].map((n) => levelFor(levels, n).rateBps)).toEqual([
      1500, 1500, 2500, 2500, 3500, 3500,
    ])
  })

  it('a payment share fixes the customer’s rate at its first payment', () => {
    const first = decide(
      input('worksection-partner', {
        history: { earlierPayingCustomers: 15, newUsersInMonth: 0, repeatIpInCampaign: false, orderCommissions: [] },
      }),
    )
    expect(first.customer).toEqual({ acquiredRateBps: 2500, acquiredLevelCount: 15, firstPaidAt: at })
    const later = decide(
      input('worksection-partner', {
        customer: { rewarded: false, acquiredRateBps: 1500, acquiredLevelCount: 3, firstPaidAt: at },
        history: { earlierPayingCustomers: 40, newUsersInMonth: 0, repeatIpInCampaign: false, orderCommissions: [] },
      }),
    )
    expect(later.decisions[0]).toMatchObject({ amountMinor: 1500n, rateBps: 1500 })
    expect(later.customer).toEqual({})
    // acquired before its level count was kept: the caller counts it as of its first payment, and it is kept
    const legacy = decide(
      input('worksection-partner', {
        customer: { rewarded: false, acquiredRateBps: 1500, firstPaidAt: at },
        history: { earlierPayingCustomers: 3, newUsersInMonth: 0, repeatIpInCampaign: false, orderCommissions: [] },
      }),
    )
    expect(legacy.decisions[0]).toMatchObject({ amountMinor: 1500n, rateBps: 1500 })
    expect(legacy.customer).toEqual({ acquiredLevelCount: 3 })
  })

  it('a promo code’s own rate wins over the program rate (jqsee)', () => {
    const out = decide(input('jqsee', { enrolment: { registeredAt: at, codeRateOverrideBps: 1500 } }))
    expect(out.decisions[0]).toMatchObject({ amountMinor: 1500n, rateBps: 1500 })
  })

  it('an ineligible customer’s commission is recorded as rejected, with its reason', () => {
    const out = decide(input('quantower', { customer: { rewarded: false, ineligible: 'self_referral' } }))
    expect(out.decisions).toEqual([
      expect.objectContaining({ kind: 'commission', status: 'rejected', reason: 'self_referral', amountMinor: 2000n }),
    ])
    expect(out.customer).toEqual({})
  })

  it('the same order earns once', () => {
    const oc = {
      id: 'c1',
      enrolmentId: 'e1',
      rule: 'payment_share',
      status: 'available' as const,
      remainingMinor: 2000n,
      currency: 'USD',
      occurredAt: at,
    }
    const out = decide(
      input('quantower', {
        history: { earlierPayingCustomers: 0, newUsersInMonth: 0, repeatIpInCampaign: false, orderCommissions: [oc] },
      }),
    )
    expect(out.decisions).toEqual([{ kind: 'none', reason: 'duplicate_order' }])
  })

  it('a partial refund takes back its share; a full one what is left; never more', () => {
    const oc = {
      id: 'c1',
      enrolmentId: 'e1',
      rule: 'payment_share',
      status: 'available' as const,
      remainingMinor: 2000n,
      basisMinor: 10_000n,
      rateBps: 2000,
      currency: 'USD',
      occurredAt: at,
    }
    const refund = (amountMinor: bigint, remainingMinor = 2000n, refundedBasisMinor = 0n) =>
      decide(
        input('quantower', {
          event: { type: 'refund', occurredAt: at, amountMinor, currency: 'USD', settled: true, order: 'o1' },
          history: {
            earlierPayingCustomers: 0,
            newUsersInMonth: 0,
            repeatIpInCampaign: false,
            orderCommissions: [{ ...oc, remainingMinor, refundedBasisMinor }],
          },
        }),
      ).decisions
    const reverse = (amountMinor: bigint, refundedBasisMinor: bigint) => [
      { kind: 'reverse', commissionId: 'c1', amountMinor, reason: 'refund', refundedBasisMinor },
    ]
    expect(refund(2500n)).toEqual(reverse(500n, 2500n))
    expect(refund(10_000n, 700n)).toEqual(reverse(700n, 10_000n))
    expect(refund(10_000n, 0n)).toEqual([{ kind: 'none', reason: 'nothing_to_reverse' }])
    // each share is of the refunds' total, rounded once: 20% of 33.33 + 33.33 is 13.33, not 6.67 twice
    expect(refund(3333n, 2000n - 667n, 3333n)).toEqual(reverse(666n, 6666n))
    // the refunds reaching the whole basis take back all that remains, whatever rounding left
    expect(refund(3334n, 2000n - 1333n, 6666n)).toEqual(reverse(667n, 10_000n))
    // more refunded than paid: capped at the basis, never more than remains
    expect(refund(9000n, 1000n, 5000n)).toEqual(reverse(1000n, 10_000n))
    // a refund too small for a cent of commission yet: a reversal of nothing, counted towards the total
    expect(refund(2n, 2000n, 0n)).toEqual(reverse(0n, 2n))
  })

  it('chetup: "an order cancelled within 7 calendar days" or any other outcome then removes the commission; a later refund goes to review', () => {
    // Tbilisi calendar days: the window of an order of 1 March ends when 8 March begins there
    const oc = {
      id: 'c1',
      enrolmentId: 'e1',
      rule: 'campaign:cafe-sale',
      status: 'available' as const,
      remainingMinor: 2500n,
      currency: 'GEL',
      occurredAt: new Date('2026-03-01T10:00:00+04:00'),
    }
    const outcome = (type: 'refund' | 'cancellation', occurredAt: string) =>
      decide(
        input('chetup', {
          event: { type, occurredAt: new Date(occurredAt), currency: 'GEL', settled: true, order: 'o1' },
          history: { earlierPayingCustomers: 0, newUsersInMonth: 0, repeatIpInCampaign: false, orderCommissions: [oc] },
        }),
      ).decisions
    expect(outcome('refund', '2026-03-07T23:59:00+04:00')).toEqual([
      { kind: 'reverse', commissionId: 'c1', amountMinor: 2500n, reason: 'refund' },
    ])
    expect(outcome('refund', '2026-03-08T00:00:00+04:00')).toEqual([
      { kind: 'review', commissionIds: ['c1'], reason: 'refund_after_window' },
    ])
    expect(outcome('cancellation', '2026-03-07T23:59:00+04:00')).toEqual([
      { kind: 'reverse', commissionId: 'c1', amountMinor: 2500n, reason: 'cancellation' },
    ])
    expect(outcome('cancellation', '2026-03-08T00:00:00+04:00')).toEqual([
      { kind: 'none', reason: 'cancellation_window_passed' },
    ])
  })

  it('melbet: 20% for three calendar months after joining, then the monthly volume tier', () => {
    const rule = programs.melbet!.commission
    if (rule.type !== 'revenue_share') throw new Error('melbet is a revenue share')
    const joined = new Date('2026-01-10T12:00:00Z')
    const rate = (iso: string, users: number) => revenueShareRate(rule, programs.melbet!, joined, new Date(iso), users)
    expect(rate('2026-04-09T23:59:59Z', 0)).toBe(2000)
    expect(rate('2026-04-10T00:00:00Z', 0)).toBe(1500)
    expect(rate('2026-05-05T00:00:00Z', 19)).toBe(1500)
    expect(rate('2026-05-05T00:00:00Z', 20)).toBe(2000)
    expect(rate('2026-05-05T00:00:00Z', 50)).toBe(2500)
  })

  it('chetup: each campaign pays its own kind; a wrong event type for the campaign earns nothing', () => {
    const lead = (type: 'lead' | 'click', campaignKey: string) =>
      decide(input('chetup', { event: { type, occurredAt: at, settled: true, campaignKey, country: 'GE' } }))
        .decisions[0]
    expect(lead('lead', 'app-lead')).toMatchObject({ amountMinor: 200n, currency: 'GEL', status: 'pending' })
    expect(lead('click', 'shop-click')).toMatchObject({ amountMinor: 5n })
    expect(lead('click', 'app-lead')).toEqual({ kind: 'none', reason: 'not_a_commission_event' })
    expect(lead('lead', 'nope')).toEqual({ kind: 'none', reason: 'unknown_campaign' })
  })
})
