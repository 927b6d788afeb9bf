import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatMoney } from '../../core/domain/money.ts'
import { type Api, startApi } from '../helpers/api.ts'
import { type Member, OPERATION_KINDS, runOperations } from '../helpers/ledger-operations.ts'

/**
 * Property-based: random event sequences through the real use-case on a real database. After every sequence:
 * balances are sums of entries, replays change nothing, reversals never exceed what they reverse, and no
 * entry exists without a recorded event.
 */
describe('ledger properties over random event sequences', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-08-01T00:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  type Step = {
    kind: 'pay' | 'undo' | 'replay'
    customer: number
    cents: number
    order: number
    settled: boolean
    negative: boolean
  }
  const step = fc.record({
    kind: fc.constantFrom('pay', 'pay', 'pay', 'undo', 'replay'),
    customer: fc.integer({ min: 1, max: 3 }),
    cents: fc.integer({ min: 1, max: 50_000 }),
    order: fc.integer({ min: 1, max: 6 }),
    settled: fc.boolean(),
    negative: fc.boolean(),
  }) as fc.Arbitrary<Step>

  let run = 0
  const programs = ['quantower', 'worksection-partner', 'chetup', 'melbet'] as const

  it('holds for every program', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...programs),
        fc.array(step, { minLength: 1, maxLength: 14 }),
        async (program, steps) => {
          const r = ++run
          const enrolled = await api.enrol(program, {
            name: `prop ${r}`,
            language: 'en',
            legalType: 'individual',
            registeredAt: '2026-01-01T00:00:00Z',
          })
          const partner = enrolled.body.partner.id as string
          const code = enrolled.body.codes[0].code as string
          const currency = program === 'chetup' ? 'GEL' : 'USD'
          const sent: { body: Record<string, unknown>; answer: unknown }[] = []
          let t = Date.parse('2026-07-01T00:00:00Z') + r * 60_000
          for (const [i, s] of steps.entries()) {
            t += 1000
            const occurredAt = new Date(t).toISOString()
            const customer = `p${r}-c${s.customer}`
            const order = `p${r}-o${s.order}`
            let body: Record<string, unknown>
            if (s.kind === 'replay' && sent.length) {
              const prev = sent[s.order % sent.length]!
              const again = await api.postback(program, prev.body)
              expect(again.status).toBe(200)
              expect(again.body).toEqual(prev.answer)
              continue
            }
            if (s.kind === 'undo') {
              body = {
                id: `p${r}-e${i}`,
                type: program === 'chetup' ? 'cancellation' : 'refund',
                occurredAt,
                customer,
                order,
                ...(program === 'chetup' ? {} : { amount: (s.cents / 100).toFixed(2), currency }),
              }
            } else if (program === 'melbet') {
              const amount = ((s.negative ? -s.cents : s.cents) / 100).toFixed(2)
              body = {
                id: `p${r}-e${i}`,
                type: 'revenue',
                occurredAt,
                customer,
                order,
                amount,
                currency,
                settled: s.settled,
              }
            } else {
              body = {
                id: `p${r}-e${i}`,
                type: 'payment',
                occurredAt,
                customer,
                order,
                amount: (s.cents / 100).toFixed(2),
                currency,
              }
              if (program === 'chetup') Object.assign(body, { campaign: 'cafe-sale', country: 'GE' })
            }
            if (program === 'quantower')
              await api.postback(program, {
                id: `p${r}-su${s.customer}`,
                type: 'signup',
                occurredAt,
                customer,
                ref: code,
              })
            else body.ref = code
            const res = await api.postback(program, body)
            expect(res.status, JSON.stringify(res.body)).toBe(201)
            sent.push({ body, answer: res.body })
          }
          await checkInvariants(partner)
        },
      ),
      { numRuns: 24, seed: 20261122 },
    )
  })

  /**
   * 10,000 random operations on 40 jqsee partners, 16 at a time: payments, refunds, holds and their decisions,
   * payout requests and their decisions (approve, pay, reject, cancel), manual adjustments and erasures. Refusals
   * (a rule said no) are fine; anything else fails. Then every transaction balances, every program's trial balance
   * totals zero, and what each partner's statement says is paid or in payout matches the payouts themselves.
   */
  it('10,000 concurrent operations leave every transaction balanced and every trial balance at zero', async () => {
    api.clock.set('2026-03-09T10:00:00Z')
    const partners: Member[] = []
    for (let i = 0; i < 40; i++) {
      const p = await api.enrolled('jqsee', {
        name: `many ${i}`,
        language: 'en',
        legalType: 'individual',
        registeredAt: '2026-01-01T00:00:00Z',
      })
      partners.push({ id: p.partner, code: p.codes[0]!.code as string, orders: [], commissions: [], payouts: [] })
    }
    const OPERATIONS = 10_000
    const counts = await runOperations(api, partners, { operations: OPERATIONS, concurrency: 16, seed: 20261204 })
    // every kind of operation ran, and most were not refused
    for (const kind of OPERATION_KINDS) expect(counts.get(kind) ?? 0, kind).toBeGreaterThan(0)
    expect(counts.get('refused') ?? 0).toBeLessThan(OPERATIONS / 2)
    await checkBooks(partners)
  }, 180_000)

  /** Every transaction balances, every trial balance is zero, statements agree with payouts and the trial balance. */
  async function checkBooks(partners: Member[]) {
    const core = api.service.core
    const prisma = api.service.db.prisma
    const unbalanced = await prisma.$queryRaw<unknown[]>`
      SELECT journal, currency, SUM(amount_minor)::text FROM ledger_entries
      GROUP BY journal, currency HAVING SUM(amount_minor) <> 0`
    expect(unbalanced).toEqual([])
    expect(await prisma.ledgerEntry.count({ where: { kind: 'payout_paid' } })).toBeGreaterThan(0)
    expect(await prisma.ledgerEntry.count({ where: { kind: 'adjustment' } })).toBeGreaterThan(0)
    for (const program of core.programs.list())
      for (const currency of program.currencies) {
        const trial = await core.reports.trialBalance({ programKey: program.key, currency })
        expect(trial.total, `${program.key} ${currency}`).toBe(formatMoney({ minor: 0n, currency }))
      }
    let owed = 0n
    const minor = (x: string) => BigInt(x.replace('.', ''))
    for (const p of partners) {
      const [b] = (await core.reports.statement(p.id, { programKey: 'jqsee' }).catch(() => ({ balances: [] }))).balances
      const payouts = await prisma.payoutRequest.findMany({ where: { enrolment: { partnerId: p.id } } })
      const gross = (statuses: string[]) =>
        payouts.filter((x) => statuses.includes(x.status)).reduce((s, x) => s + x.grossMinor, 0n)
      if (!b) continue
      expect(minor(b.paid), p.id).toBe(gross(['paid']))
      expect(minor(b.inPayout), p.id).toBe(gross(['requested', 'approved', 'needs_review']))
      owed += minor(b.pending) + minor(b.held) + minor(b.available) + minor(b.inPayout)
    }
    const erased = await prisma.partner.count({
      where: { id: { in: partners.map((p) => p.id) }, erasedAt: { not: null } },
    })
    expect(erased).toBeGreaterThan(0)
    // erased partners have no statement: their balances are still on the ledger, so they count here
    const erasedOwed = await prisma.$queryRaw<{ owed: bigint }[]>`
      SELECT COALESCE(SUM(l.amount_minor), 0)::bigint AS owed FROM ledger_entries l
      JOIN enrolments e ON e.id = l.enrolment_id JOIN partners p ON p.id = e.partner_id
      WHERE p.erased_at IS NOT NULL AND l.account IN ('earned', 'held', 'reserved') AND l.program_key = 'jqsee'`
    const trial = await core.reports.trialBalance({ programKey: 'jqsee', currency: 'USD' })
    expect(minor(trial.owedToPartners)).toBe(owed + erasedOwed[0]!.owed)
  }

  async function checkInvariants(partner: string) {
    const prisma = api.service.db.prisma
    api.clock.set('2026-12-31T00:00:00Z')
    // 1. balances are sums of entries
    const st = await api.statement(partner)
    expect(st.status).toBe(200)
    const entries = await prisma.ledgerEntry.findMany({
      where: { enrolment: { partnerId: partner }, account: { in: ['earned', 'held', 'reserved'] } },
    })
    for (const b of st.body.balances) {
      const mine = entries.filter((e) => e.programKey === b.program && e.currency === b.currency)
      const total = mine.reduce((s, e) => s + e.amountMinor, 0n)
      const shown = [b.pending, b.held, b.available].reduce(
        (s: bigint, x: string) => s + BigInt(x.replace('.', '')),
        0n,
      )
      expect(shown).toBe(total)
    }
    // 2. reversals never exceed what they reverse
    const commissions = await prisma.commission.findMany({
      where: { enrolment: { partnerId: partner } },
      include: { ledger: true },
    })
    for (const c of commissions) {
      const left = c.ledger.filter((l) => l.kind !== 'penalty').reduce((s, l) => s + l.amountMinor, 0n)
      if (c.status === 'rejected') expect(c.ledger).toEqual([])
      else if (c.amountMinor >= 0n)
        expect(left >= 0n && left <= c.amountMinor, `${c.id}: ${left} of ${c.amountMinor}`).toBe(true)
      else expect(left <= 0n && left >= c.amountMinor).toBe(true)
    }
    // 3. no entry without a recorded event
    for (const e of entries) {
      expect(e.eventId ?? e.commissionId).not.toBeNull()
      if (e.eventId) expect(await prisma.event.count({ where: { id: e.eventId } })).toBe(1)
    }
    // 4. at most one commission per order and rule
    const keys = commissions.filter((c) => c.orderRef).map((c) => `${c.orderRef}|${c.rule}`)
    expect(new Set(keys).size).toBe(keys.length)
  }
})
