import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { freshDatabaseUrl } from '../helpers/database.ts'

/**
 * Two service instances on one PostgreSQL database, each with its own group commit: their batches meet only in
 * the database, whose row locks (and deadlock detection, after which a batch reruns in halves) must keep the
 * rules exact. PostgreSQL only: embedded PGlite is one process's database.
 */
describe.skipIf(!inject('databaseUrl'))('postbacks through two instances on one database', () => {
  const db = freshDatabaseUrl()
  let one: Api
  let two: Api
  beforeAll(async () => {
    one = await startApi('2026-03-10T12:00:00Z', { DATABASE_URL: db.url })
    two = await startApi('2026-03-10T12:00:00Z', { DATABASE_URL: db.url })
  })
  afterAll(async () => {
    await one?.close()
    await two?.close()
    await db.drop()
  })
  const instance = (i: number) => (i % 2 ? two : one)

  it("one partner's first customers, half through each instance, keep the levels exact", async () => {
    const { codes } = await one.enrolled('worksection-partner', {
      name: 'Two',
      language: 'en',
      legalType: 'company',
    })
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        instance(i).postback('worksection-partner', {
          id: `two-${i}`,
          type: 'payment',
          occurredAt: '2026-03-10T11:00:00Z',
          customer: `two-c${i}`,
          ref: codes[0]!.code,
          order: `two-o${i}`,
          amount: '100.00',
          currency: 'USD',
        }),
      ),
    )
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201)
    const amounts = results.map((r) => r.body.commissions[0].amount)
    // 15 Silver (15%), 20 Gold (25% from the 16th), 5 Platinum (35% from the 36th), whatever the arrival order
    expect(amounts.filter((a) => a === '15.00')).toHaveLength(15)
    expect(amounts.filter((a) => a === '25.00')).toHaveLength(20)
    expect(amounts.filter((a) => a === '35.00')).toHaveLength(5)
  })

  it('one postback delivered 20 times to each instance at once is recorded once', async () => {
    const { codes } = await one.enrolled('quantower', { name: 'Twice', language: 'en', legalType: 'individual' })
    await one.recorded('quantower', {
      id: 'twice-signup',
      type: 'signup',
      occurredAt: '2026-03-10T10:00:00Z',
      customer: 'twice-c',
      ref: codes[0]!.code,
    })
    const event = {
      id: 'twice-pay',
      type: 'payment',
      occurredAt: '2026-03-10T11:00:00Z',
      customer: 'twice-c',
      order: 'twice-o',
      amount: '75.00',
      currency: 'USD',
    }
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => instance(i).postback('quantower', event)))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 200)).toHaveLength(39)
    const first = results.find((r) => r.status === 201)!.body
    for (const r of results) expect(r.body).toEqual(first)
    const prisma = one.service.db.prisma
    expect(await prisma.event.count({ where: { externalId: 'twice-pay' } })).toBe(1)
    expect(await prisma.ledgerEntry.count({ where: { commission: { orderRef: 'twice-o' } } })).toBe(1)
  })
})
