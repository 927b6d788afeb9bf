import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, paymentOf100, startApi } from '../helpers/api.ts'

/**
 * A customer keeps the level it was acquired at for life (acquired_level_count: the partner's paying clients before
 * its first payment); under a deal it earns the deal's rate of that level. A customer acquired before the count was
 * kept had it counted again at every payment, as of its first payment: a later full refund of an earlier client
 * dropped a client acquired at Gold to the deal's Silver. It is counted once now, and kept.
 */
describe('a customer acquired before its level count was kept', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const payment = (program: string, id: string, customer: string, at: string, ref?: string) =>
    paymentOf100(api, program, { id, customer, at, ref })

  it('under a deal, a client acquired before its level was kept is counted once, as of its first payment, and keeps that level', async () => {
    api.clock.set('2026-03-02T09:00:00Z')
    const p = await api.enrolled('worksection-partner', { name: 'Legacy', language: 'en', legalType: 'company' })
    const ref = p.codes[0]!.code
    for (let n = 1; n <= 16; n++) {
      await payment(
        'worksection-partner',
        `lg-${n}-1`,
        `lg-c${n}`,
        `2026-03-02T08:${String(n).padStart(2, '0')}:00Z`,
        ref,
      )
    }
    // client 16 was acquired at Gold before the service kept the level count (the column came later)
    const db = api.service.db.prisma
    await db.customer.updateMany({ where: { externalId: 'lg-c16' }, data: { acquiredLevelCount: null } })
    // a deal raises every level by 5 points; a client earns the deal's rate of the level it was acquired at
    const deal = await api.operator('PUT', `/v1/programs/worksection-partner/partners/${p.partner}/deal`, {
      commission: {
        levels: [
          { name: 'Silver', after: 0, rateBps: 2000 },
          { name: 'Gold', after: 15, rateBps: 3000 },
          { name: 'Platinum', after: 35, rateBps: 4000 },
        ],
      },
      from: '2026-03-03',
      note: 'all levels +5 points',
    })
    expect(deal.status, JSON.stringify(deal.body)).toBe(201)
    api.clock.set('2026-03-12T09:00:00Z')
    const gold = await payment('worksection-partner', 'lg-16-2', 'lg-c16', '2026-03-10T08:00:00Z')
    expect(gold.commissions[0].amount).toBe('30.00')
    const kept = await db.customer.findFirstOrThrow({ where: { externalId: 'lg-c16' } })
    expect(kept.acquiredLevelCount).toBe(15)
    // an earlier client refunded in full afterwards no longer counts as paying, but client 16 was acquired at Gold:
    // it was counted again at every payment, and dropped to the deal's Silver (20.00)
    await api.recorded('worksection-partner', {
      id: 'lg-1-r',
      type: 'refund',
      occurredAt: '2026-03-11T08:00:00Z',
      customer: 'lg-c1',
      order: 'order-lg-1-1',
    })
    const still = await payment('worksection-partner', 'lg-16-3', 'lg-c16', '2026-03-12T08:00:00Z')
    expect(still.commissions[0].amount).toBe('30.00')
  })
})
