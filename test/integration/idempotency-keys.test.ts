import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * An Idempotency-Key belongs to the partner named in the path (contract sections 3 and 7): the same key with another
 * body, another program included, is 409, and two requests under one key at once make one payout or adjustment.
 * Before, keys were looked up per enrolment, so the key reused for a second program made a second payout.
 */
describe('idempotency keys are the partner’s, across programs', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-05-05T10:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let tg = 771000
  /** One partner in jqsee and quantower, with money in both. */
  async function inTwoPrograms() {
    const chat = ++tg
    const body = { name: `Multi ${chat}`, language: 'en', legalType: 'individual', telegramId: chat }
    const a = await api.enrolled('jqsee', body)
    const b = await api.enrolled('quantower', body)
    expect(b.partner).toBe(a.partner)
    const at = '2026-05-05T09:00:00Z'
    await api.recorded('jqsee', {
      id: `${chat}-j`,
      type: 'payment',
      occurredAt: at,
      customer: `${chat}-j`,
      ref: a.codes[0]!.code,
      order: `${chat}-jo`,
      amount: '200.00',
      currency: 'USD',
    })
    await api.recorded('quantower', {
      id: `${chat}-qs`,
      type: 'signup',
      occurredAt: at,
      customer: `${chat}-q`,
      ref: b.codes[0]!.code,
    })
    await api.recorded('quantower', {
      id: `${chat}-qp`,
      type: 'payment',
      occurredAt: at,
      customer: `${chat}-q`,
      order: `${chat}-qo`,
      amount: '300.00',
      currency: 'USD',
    })
    return a.partner
  }
  const payouts = async (partner: string) => {
    const r = await Promise.all(
      ['jqsee', 'quantower'].map((p) => api.operator('GET', `/v1/partners/${partner}/payouts?program=${p}`)),
    )
    return r.flatMap((x) => x.body.payouts)
  }

  it('a payout key reused for another program is 409, and the first request replays', async () => {
    const partner = await inTwoPrograms()
    const paypal = { method: 'paypal', details: { email: 'multi@example.com' } }
    const first = await api.requestPayout(partner, { program: 'jqsee', ...paypal }, 'key-1')
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const other = await api.requestPayout(partner, { program: 'quantower', ...paypal }, 'key-1')
    expect(other.status).toBe(409)
    expect(other.body.error).toMatchObject({ code: 'payout.key_conflict' })
    const again = await api.requestPayout(partner, { program: 'jqsee', ...paypal }, 'key-1')
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(await payouts(partner)).toHaveLength(1)
  })

  it('two payout requests under one key for two programs at once: one payout, the other 409', async () => {
    const partner = await inTwoPrograms()
    const paypal = { method: 'paypal', details: { email: 'multi@example.com' } }
    const answers = await Promise.all(
      ['jqsee', 'quantower'].map((program) => api.requestPayout(partner, { program, ...paypal }, 'key-2')),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409])
    expect(await payouts(partner)).toHaveLength(1)
  })

  it('an adjustment key reused for another program is 409, not a second bonus', async () => {
    const partner = await inTwoPrograms()
    const bonus = { currency: 'USD', amount: '25.00', reason: 'goodwill_bonus' }
    expect((await api.adjust(partner, { program: 'jqsee', ...bonus }, 'adj-1')).status).toBe(201)
    const other = await api.adjust(partner, { program: 'quantower', ...bonus }, 'adj-1')
    expect(other.status).toBe(409)
    expect(other.body.error).toMatchObject({ code: 'adjustment.key_conflict' })
    const rows = await api.service.db.prisma.manualAdjustment.findMany({ where: { enrolment: { partnerId: partner } } })
    expect(rows).toHaveLength(1)
  })
})
