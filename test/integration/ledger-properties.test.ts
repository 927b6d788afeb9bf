import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

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
