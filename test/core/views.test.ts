import { describe, expect, it } from 'vitest'
import { deskActions, payoutMethods } from '../../core/domain/payouts.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import type { BalanceRow, EntryRow, StatementReader } from '../../core/ports/statement-reader.ts'
import { type Amendment, ProgramCatalog, type PublishedRules } from '../../core/programs/catalog.ts'
import { earningsView } from '../../core/use-cases/earnings-view.ts'
import { payoutChoices } from '../../core/use-cases/payout-options.ts'
import { ruleVersions } from '../../core/use-cases/rule-versions.ts'

const catalog = () => new ProgramCatalog(loadProgramDefinitions())

describe('what the bots are handed instead of rules', () => {
  it('desk actions follow the transition table; an approved payout in a batch is paid with it', () => {
    expect(deskActions({ status: 'requested' })).toEqual(['approve', 'hold', 'reject'])
    expect(deskActions({ status: 'needs_review' })).toEqual(['approve', 'reject'])
    expect(deskActions({ status: 'approved', batchId: null })).toEqual(['pay', 'hold', 'reject'])
    expect(deskActions({ status: 'approved', batchId: 'b1' })).toEqual([])
    for (const status of ['paid', 'rejected', 'cancelled'] as const) expect(deskActions({ status })).toEqual([])
  })

  it("a program's methods say which need details; blocked, disqualified and applied enrolments are not paid", () => {
    const c = catalog()
    expect(payoutMethods(c.get('quantower')!)).toEqual(
      c.get('quantower')!.payout.methods.map((method) => ({
        method,
        needsDetails: method === 'bank' || method === 'paypal',
      })),
    )
    const choices = payoutChoices(
      (k) => c.get(k),
      [
        { programKey: 'jqsee', status: 'active' },
        { programKey: 'melbet', status: 'blocked' },
        { programKey: 'chetup', status: 'terminated' },
        { programKey: 'quantower', status: 'applied' },
        { programKey: 'gone', status: 'active' },
      ],
    )
    expect(choices.map((p) => p.key)).toEqual(['jqsee', 'chetup'])
  })
})

describe('earnings view', () => {
  const entry = (amountMinor: bigint, effectiveAt: string, kind = 'commission'): EntryRow => ({
    id: String(amountMinor),
    programKey: 'melbet',
    currency: 'USD',
    amountMinor,
    account: 'earned',
    kind,
    effectiveAt: new Date(effectiveAt),
    createdAt: new Date(effectiveAt),
  })
  const balance: BalanceRow = {
    programKey: 'melbet',
    currency: 'USD',
    pendingMinor: 1234n,
    heldMinor: 0n,
    availableMinor: 1999n,
    paidMinor: 0n,
    reservedMinor: 0n,
    reversedMinor: 0n,
  }
  const reader = (entries: EntryRow[]): StatementReader => ({
    partnerExists: async () => true,
    balances: async () => [balance],
    entries: async () => entries,
    accountBalances: async () => new Map(),
    payDays: async () => ({ moved: new Map(), paused: false }),
    batchBuilt: async () => false,
    payoutsInReview: async () => [],
    payoutsUnderWay: async () => [],
    payoutStanding: async () => null,
  })

  it('sums in minor units: releases by day, what is missing to the minimum, a losing week below zero', async () => {
    const c = catalog()
    const clock = new ManualClock('2026-03-11T12:00:00Z')
    const entries = [
      entry(1000n, '2026-03-03T10:00:00Z'),
      entry(-3001n, '2026-03-10T10:00:00Z'),
      entry(1n, '2026-03-10T11:00:00Z'),
      entry(1233n, '2026-03-12T10:00:00Z'),
      entry(1n, '2026-03-12T11:00:00Z'),
      // a payout request: the gross leaves the earned money (reserved for the payout), which is no earning
      entry(-500n, '2026-03-05T10:00:00Z', 'payout'),
    ]
    const [v] = await earningsView({ statements: reader(entries), clock, program: (k) => c.get(k) }, 'p1')
    // melbet pays only above $30 (seed 8.1 "pārsniedz"): the minimum is 30.00, and 30.01 is the least paid
    expect(v).toMatchObject({
      program: 'melbet',
      availableMinor: 1999n,
      minimumMinor: 3000n,
      minimumExclusive: true,
      missingMinor: 1002n,
    })
    expect(v!.releases).toEqual([{ date: '2026-03-12', minor: 1234n }])
    expect(v!.playersNeeded).toBe(c.get('melbet')!.payout.minNewUsersExclusive! + 1)
    expect(v!.chart.weekly).toBe(true)
    expect(v!.chart.bars).toHaveLength(12)
    expect(v!.chart.bars.slice(-2)).toEqual([
      { start: '2026-03-02', minor: 1000n },
      { start: '2026-03-09', minor: -3000n },
    ])
  })
})

describe('rule versions', () => {
  const amendment = (id: string, rateBps: number): Amendment => {
    const shipped = catalog().get('worksection-partner')!.commission
    return {
      programKey: 'worksection-partner',
      id,
      version: Number(id.slice(1)),
      effectiveAt: new Date('2026-04-01T00:00:00Z'),
      commission: { ...shipped, levels: [{ name: 'silver', after: 0, rateBps }] } as typeof shipped,
    }
  }
  const rate = (d: { commission: unknown } | undefined) =>
    (d!.commission as { levels: { rateBps: number }[] }).levels[0]!.rateBps
  const when = new Date('2026-04-02T00:00:00Z')

  it('reloads once, for every waiter, when a transaction reads a newer revision; not while it is current', async () => {
    const c = catalog()
    let published: PublishedRules = { revision: 1, amendments: [amendment('v2', 1000)] }
    let loads = 0
    const rules = ruleVersions(c, async () => {
      loads++
      return published
    })
    expect(await rules.load()).toBe(1)
    expect(rate(await rules.at('worksection-partner', when, 1))).toBe(1000)
    expect(loads).toBe(1)
    published = { revision: 2, amendments: [amendment('v2', 1000), amendment('v3', 900)] }
    const seen = await Promise.all(Array.from({ length: 5 }, () => rules.at('worksection-partner', when, 2)))
    expect(seen.map(rate)).toEqual([900, 900, 900, 900, 900])
    expect(loads).toBe(2)
  })

  it('never goes back to an older revision a slower load read', () => {
    const c = catalog()
    c.replaceAmendments(3, [amendment('v3', 900)])
    c.replaceAmendments(2, [amendment('v2', 1000)])
    expect(c.revision).toBe(3)
    expect(rate(c.at('worksection-partner', when))).toBe(900)
  })
})
