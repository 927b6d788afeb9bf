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
    expect(await prisma.ledgerEntry.count({ where: { commission: { orderRef: 'twice-o' }, account: 'earned' } })).toBe(
      1,
    )
  })

  it('a rate change published through one instance judges the next event the other records', async () => {
    const setClocks = (at: string) => {
      one.clock.set(at)
      two.clock.set(at)
    }
    setClocks('2026-03-11T09:00:00Z')
    const { codes } = await one.enrolled('worksection-partner', { name: 'Rates', language: 'en', legalType: 'company' })
    const pay = (via: Api, client: string, at: string) =>
      via.recorded('worksection-partner', {
        id: `rates-${client}`,
        type: 'payment',
        occurredAt: at,
        customer: `rates-${client}`,
        ref: codes[0]!.code,
        order: `rates-${client}`,
        amount: '100.00',
        currency: 'USD',
      })
    setClocks('2026-03-11T09:50:00Z')
    // the second instance has judged an event by the rules it loaded at start (Silver 15%)
    expect((await pay(two, 'a', '2026-03-11T09:30:00Z')).commissions[0].amount).toBe('15.00')
    setClocks('2026-03-11T10:00:00Z')
    const draft = await one.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-03-11T10:00:00Z',
      ratesOnly: true,
      texts: { en: 'Silver becomes 10% for clients you bring from today.' },
      commission: {
        type: 'payment_share',
        levels: [
          { name: 'silver', after: 0, rateBps: 1000 },
          { name: 'gold', after: 15, rateBps: 2500 },
          { name: 'platinum', after: 35, rateBps: 3500 },
        ],
        holdDays: 31,
      },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    expect((await one.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(201)
    // at once, through the other instance: the new rate, for a client acquired from the change on
    expect((await pay(two, 'b', '2026-03-11T10:00:00Z')).commissions[0].amount).toBe('10.00')
    // and an event of before the change, recorded after it, keeps the rules of its time
    expect((await pay(two, 'c', '2026-03-11T09:45:00Z')).commissions[0].amount).toBe('15.00')
  })
})
