import { describe, expect, it } from 'vitest'
import { type MonthShare, TIER_TOP_UP, tierTopUps } from '../../core/domain/month-tiers.ts'

const may = new Date('2026-05-01T00:00:00Z')
let n = 0
const share = (at: string, basis: string, amount: string, currency = 'USD', earned = amount): MonthShare => ({
  id: `c${++n}`,
  rule: 'revenue_share',
  currency,
  basisMinor: BigInt(basis),
  amountMinor: BigInt(amount),
  earnedMinor: BigInt(earned),
  occurredAt: new Date(at),
})
const given = (at: string, amount: string): MonthShare => ({
  id: `t${++n}`,
  rule: TIER_TOP_UP,
  currency: 'USD',
  amountMinor: BigInt(amount),
  earnedMinor: BigInt(amount),
  occurredAt: new Date(at),
})
const run = (shares: MonthShare[], rate = 2000, rateAt: (at: Date) => number | undefined = () => rate) =>
  tierTopUps({ writtenBy: 'ev1', monthStart: may, timeZone: 'UTC', shares, rateAt })

describe('a month lifted to a higher volume tier (core/domain/month-tiers.ts)', () => {
  it('tops each week up by what its revenue lacks at the month rate, keyed by month, week, currency and postback', () => {
    const out = run([share('2026-05-05T12:00:00Z', '40000', '6000'), share('2026-05-06T12:00:00Z', '10000', '1500')])
    expect(out).toEqual([
      {
        orderRef: 'tier:2026-05:2026-05-04:USD:ev1',
        currency: 'USD',
        amountMinor: 2500n,
        basisMinor: 50000n,
        rateBps: 2000,
        occurredAt: new Date('2026-05-04T00:00:00Z'),
        availableAt: new Date('2026-05-11T00:00:00Z'),
      },
    ])
  })

  it('a week that began in the month before is topped up from the month first day, payable with its week', () => {
    const [t] = run([share('2026-05-02T12:00:00Z', '10000', '1500')])
    expect(t).toMatchObject({
      orderRef: 'tier:2026-05:2026-04-27:USD:ev1',
      occurredAt: may,
      availableAt: new Date('2026-05-04T00:00:00Z'),
    })
  })

  it('a loss is raised too: more of it falls on the partner, as a share of the month', () => {
    expect(run([share('2026-05-12T12:00:00Z', '-10000', '-1500')])).toEqual([
      expect.objectContaining({ amountMinor: -500n, basisMinor: -10000n }),
    ])
  })

  it('never lowers an earning already rated at or above the rate (a deal, a settlement rated later)', () => {
    expect(run([share('2026-05-05T12:00:00Z', '10000', '2500')])).toEqual([])
    expect(run([share('2026-05-05T12:00:00Z', '-10000', '-2500')])).toEqual([])
  })

  it('subtracts what earlier tiers gave the same week: a second tier tops up the difference, a third run nothing', () => {
    const shares = [share('2026-05-05T12:00:00Z', '40000', '6000'), given('2026-05-04T00:00:00Z', '2000')]
    expect(run(shares, 2500)).toEqual([expect.objectContaining({ amountMinor: 2000n, rateBps: 2500 })])
    expect(run([...shares, given('2026-05-04T00:00:00Z', '2000')], 2500)).toEqual([])
  })

  it('a refunded part of an earning is no longer topped up: the revenue it stands on shrinks in proportion', () => {
    // 400.00 earned 60.00 at 15%; a refund of half took 30.00 back: 20% of 200.00 is 40.00, 10.00 more
    expect(run([share('2026-05-05T12:00:00Z', '40000', '3000', 'USD', '6000')])).toEqual([
      expect.objectContaining({ amountMinor: 1000n, basisMinor: 20000n }),
    ])
    // refunded in full after a top-up: the top-up is taken back
    expect(
      run([share('2026-05-05T12:00:00Z', '40000', '0', 'USD', '6000'), given('2026-05-04T00:00:00Z', '2000')]),
    ).toEqual([expect.objectContaining({ amountMinor: -2000n })])
  })

  it('leaves what no revenue share applies to (rateAt undefined) and keeps currencies apart', () => {
    const out = run(
      [share('2026-05-05T12:00:00Z', '10000', '1500', 'EUR'), share('2026-05-20T12:00:00Z', '10000', '1500')],
      2000,
      (at) => (at.getUTCDate() < 10 ? 2000 : undefined),
    )
    expect(out).toEqual([expect.objectContaining({ currency: 'EUR', amountMinor: 500n })])
  })
})
