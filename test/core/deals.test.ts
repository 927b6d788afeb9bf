import { describe, expect, it } from 'vitest'
import { fractionRefused, parseLevels } from '../../bots/slack/desk/deals.ts'
import { dayStart, dealAt, dealCommission, refitAround, underDeal, underOtherRule } from '../../core/domain/deals.ts'
import { isRefusal } from '../../core/domain/errors.ts'
import { decide } from '../../core/domain/rules.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'

const programs = loadProgramDefinitions()
const get = (key: string) => programs.find((p) => p.key === key)!

describe('item 4. deals, the pure rules', () => {
  it("a deal is the program rule in its own shape: fields left out stay the program's, another type is refused", () => {
    const rule = dealCommission(get('quantower'), { levels: [{ name: 'deal', after: 0, rateBps: 2500 }] })
    expect(rule).toEqual({
      type: 'payment_share',
      levels: [{ name: 'deal', after: 0, rateBps: 2500 }],
      holdDays: 0,
      allowRateOverride: true,
    })
    const refusal = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return isRefusal(e, 'deal.invalid') ? e.data.issues.map((i) => i.path) : ['not deal.invalid']
      }
      return []
    }
    expect(refusal(() => dealCommission(get('quantower'), { type: 'revenue_share' }))).toEqual(['commission.type'])
    expect(refusal(() => dealCommission(get('quantower'), { levels: [] }))).toEqual(['commission.levels'])
    expect(refusal(() => dealCommission(get('melbet'), { tiers: [{ minNewUsers: 5, rateBps: 100 }] }))).toEqual([
      'commission.tiers',
    ])
    // a network pays per campaign: no deal
    expect(refusal(() => dealCommission(get('chetup'), {}))).toEqual(['commission'])
    // a field the rule has no place for is refused, not dropped (the deal would change nothing)
    expect(refusal(() => dealCommission(get('quantower'), { rateBps: 3000 }))).toEqual(['commission.rateBps'])
    expect(refusal(() => dealCommission(get('quantower'), { foo: 1 }))).toEqual(['commission.foo'])
    expect(
      refusal(() =>
        dealCommission(get('quantower'), { levels: [{ name: 'deal', after: 0, rateBps: 2500, rate: 30 }] }),
      ),
    ).toEqual(['commission.levels.0.rate'])
  })

  it('the deal in force at a date: the latest started and not ended; one cancelled (ends where it starts) never is', () => {
    const c = get('quantower').commission
    const a = { from: new Date('2026-03-01'), until: new Date('2026-03-10'), commission: c }
    const b = { from: new Date('2026-03-10'), commission: c }
    const cancelled = { from: new Date('2026-03-20'), until: new Date('2026-03-20'), commission: c }
    expect(dealAt([a, b, cancelled], new Date('2026-02-28T23:59:59Z'))).toBeUndefined()
    expect(dealAt([a, b, cancelled], new Date('2026-03-09T23:59:59Z'))).toBe(a)
    expect(dealAt([a, b, cancelled], new Date('2026-03-10T00:00:00Z'))).toBe(b)
    expect(dealAt([a, b, cancelled], new Date('2026-03-25T00:00:00Z'))).toBe(b)
  })

  it('a new deal takes exactly its own period from the deals it overlaps; the others are untouched', () => {
    const c = get('quantower').commission
    const d = (from: string, until?: string) => ({
      from: new Date(from),
      ...(until ? { until: new Date(until) } : {}),
      commission: c,
    })
    const at = (s: string) => new Date(s)
    const period = { from: at('2026-03-10'), until: at('2026-03-15') }
    const plan = (deals: ReturnType<typeof d>[], p: { from: Date; until?: Date } = period) =>
      refitAround(deals, p).map((r) => ({
        change: r.change,
        until: r.until.toISOString().slice(0, 10),
        resumes: r.resumes && [r.resumes.from.toISOString().slice(0, 10), r.resumes.until?.toISOString().slice(0, 10)],
      }))
    // a raise from 20 March, a promotion for 10-14 March: no overlap, nothing changes
    expect(plan([d('2026-03-20')])).toEqual([])
    // one that ended by the 10th, or one cancelled, neither
    expect(plan([d('2026-03-01', '2026-03-10'), d('2026-03-12', '2026-03-12')])).toEqual([])
    // in force since the 1st and open-ended: it pauses for the promotion and applies again from the 15th
    expect(plan([d('2026-03-01')])).toEqual([
      { change: 'paused', until: '2026-03-10', resumes: ['2026-03-15', undefined] },
    ])
    // in force until the 12th: it ends on the 10th
    expect(plan([d('2026-03-01', '2026-03-12')])).toEqual([
      { change: 'ended', until: '2026-03-10', resumes: undefined },
    ])
    // starting on the 12th and going on: it starts on the 15th instead (its own end kept)
    expect(plan([d('2026-03-12', '2026-03-31')])).toEqual([
      { change: 'moved', until: '2026-03-12', resumes: ['2026-03-15', '2026-03-31'] },
    ])
    // wholly inside the promotion: cancelled (it ends where it starts)
    expect(plan([d('2026-03-11', '2026-03-14')])).toEqual([
      { change: 'cancelled', until: '2026-03-11', resumes: undefined },
    ])
    // an open-ended new deal: the one in force ends at its start, a later one is cancelled
    expect(plan([d('2026-03-01'), d('2026-03-20')], { from: at('2026-03-10') })).toEqual([
      { change: 'ended', until: '2026-03-10', resumes: undefined },
      { change: 'cancelled', until: '2026-03-20', resumes: undefined },
    ])
  })

  it("under a deal, every customer pays at the deal's rate, not the one kept from their acquisition", () => {
    const q = get('quantower')
    const deal = dealCommission(q, { levels: [{ name: 'deal', after: 0, rateBps: 2500 }] })
    const input = (dealt: boolean) => ({
      program: dealt ? underDeal(q, { from: new Date(0), commission: deal }) : q,
      event: {
        type: 'payment' as const,
        occurredAt: new Date('2026-03-11'),
        amountMinor: 10_000n,
        currency: 'USD',
        settled: true,
      },
      customer: { acquiredRateBps: 2000, firstPaidAt: new Date('2026-03-01'), rewarded: false },
      enrolment: { registeredAt: new Date('2026-02-01'), underDeal: dealt },
      history: { earlierPayingCustomers: 0, newUsersInMonth: 0, repeatIpInCampaign: false, orderCommissions: [] },
    })
    const amount = (dealt: boolean) => (decide(input(dealt)).decisions[0] as { amountMinor: bigint }).amountMinor
    expect(amount(false)).toBe(2000n)
    expect(amount(true)).toBe(2500n)
  })

  it("the preview pays each commission at the deal's rate for the band it was paid at", () => {
    const melbet = get('melbet').commission
    const deal = dealCommission(get('melbet'), {
      tiers: [
        { minNewUsers: 0, rateBps: 1000 },
        { minNewUsers: 20, rateBps: 1500 },
      ],
    })
    const at = new Date('2026-03-01')
    const c = (rateBps: number) => ({
      rule: 'revenue_share',
      currency: 'USD',
      amountMinor: 0n,
      basisMinor: 10_000n,
      rateBps,
      occurredAt: at,
    })
    // 15% is melbet's first tier: 10% under the deal; 25% its third: the deal's last tier, 15%
    expect(underOtherRule(c(1500), melbet, deal)).toBe(1000n)
    expect(underOtherRule(c(2500), melbet, deal)).toBe(1500n)
    // the intro rate stays the program's (the deal did not change it)
    expect(underOtherRule(c(2000), melbet, deal)).toBe(2000n)
  })

  it("the desk's lines read as levels, tiers or amounts; anything else is refused", () => {
    const q = get('quantower').commission
    // a level keeps its names in every language; a level the desk adds is named by its number
    const standard = {
      name: 'standard',
      names: { en: 'Standard', ru: 'Стандарт', kk: 'Стандарт', ka: 'სტანდარტი', lv: 'Standarts' },
    }
    expect(parseLevels(q, '0: 25%\n')).toEqual({ levels: [{ ...standard, after: 0, rateBps: 2500 }] })
    expect(parseLevels(q, '0: 22,5\n10: 30')).toEqual({
      levels: [
        { ...standard, after: 0, rateBps: 2250 },
        { name: '2', after: 10, rateBps: 3000 },
      ],
    })
    for (const bad of ['', 'twenty', '5: 20', '0: 20\n0: 25', '0: 101', '0: -5'])
      expect(parseLevels(q, bad), bad).toBeNull()
    expect(parseLevels(get('melbet').commission, '0: 10\n20: 15')).toEqual({
      tiers: [
        { minNewUsers: 0, rateBps: 1000 },
        { minNewUsers: 20, rateBps: 1500 },
      ],
    })
    // worksection-referral's one-time reward by level: amounts in the program's currency, names kept
    const ws = get('worksection-referral').commission
    expect(ws.type).toBe('one_time_reward')
    expect(parseLevels(ws, '0: 60\n5: 75,5')).toEqual({
      levels: [
        {
          name: 'iron',
          names: { en: 'Iron', ru: 'Железо', kk: 'Темір', ka: 'რკინა', lv: 'Dzelzs' },
          after: 0,
          amount: '60.00',
        },
        {
          name: 'bronze',
          names: { en: 'Bronze', ru: 'Бронза', kk: 'Қола', ka: 'ბრინჯაო', lv: 'Bronza' },
          after: 5,
          amount: '75.50',
        },
      ],
    })
    // in a currency without a minor unit the amounts are whole: 3000 yen, never "3000.00"; a fraction is refused
    const yen = parseLevels(ws, '0: 3000\n5: 4000,00', 'JPY') as { levels: { amount: string }[] }
    expect(yen.levels.map((l) => l.amount)).toEqual(['3000', '4000'])
    expect(parseLevels(ws, '0: 30,5', 'JPY')).toBeNull()
    expect(fractionRefused(ws, '0: 30,5', 'JPY')).toBe(true)
    expect(fractionRefused(ws, '0: 30,5', 'USD')).toBe(false)
    expect(fractionRefused(get('quantower').commission, '0: 22,5', 'JPY')).toBe(false)
  })

  it("a date alone starts at midnight in the program's time zone; a last day ends at the next midnight", () => {
    expect(dayStart('2026-03-10', 'UTC').toISOString()).toBe('2026-03-10T00:00:00.000Z')
    expect(dayStart('2026-03-10', 'Asia/Tbilisi').toISOString()).toBe('2026-03-09T20:00:00.000Z')
    expect(dayStart('2026-03-10', 'UTC', 1).toISOString()).toBe('2026-03-11T00:00:00.000Z')
  })
})
