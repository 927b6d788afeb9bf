import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * Contract section 1: "refund and cancellation name the order they undo". A customer's refund must take back the
 * commission its order earned even when the partner was blocked, or its agreement ended, after the sale: otherwise
 * the partner keeps (and, after an ending, is paid "any amount" of) money for a sale the customer got back.
 */
describe('a refund after the partner was blocked or its agreement ended', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  for (const how of ['block', 'terminate'] as const) {
    it(`quantower: $75 sale -> $15; partner ${how === 'block' ? 'blocked' : 'terminated'}; full refund -> the $15 is taken back`, async () => {
      api.clock.set('2026-03-02T11:00:00Z')
      const r = await api.enrol('quantower', { name: `P ${how}`, language: 'en', legalType: 'individual' })
      const partner = r.body.partner.id as string
      const ref = r.body.codes[0].code as string
      const customer = `cust-${how}`
      await api.recorded('quantower', {
        id: `${how}-s`,
        type: 'signup',
        occurredAt: '2026-03-02T10:00:00Z',
        customer,
        ref,
      })
      const paid = await api.recorded('quantower', {
        id: `${how}-p`,
        type: 'payment',
        occurredAt: '2026-03-02T10:05:00Z',
        customer,
        order: `${how}-o`,
        amount: '75.00',
        currency: 'USD',
      })
      expect(paid.commissions[0]).toMatchObject({ amount: '15.00', status: 'available' })
      const done =
        how === 'terminate'
          ? await api.operator('POST', `/v1/programs/quantower/partners/${partner}/terminate`, {
              reason: 'convenience',
            })
          : await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
              program: 'quantower',
              kind: 'block',
              reason: 'fraud',
            })
      expect(done.status, JSON.stringify(done.body)).toBe(201)

      api.clock.set('2026-03-02T12:00:00Z')
      const refund = await api.postback('quantower', {
        id: `${how}-r`,
        type: 'refund',
        occurredAt: '2026-03-02T11:30:00Z',
        customer,
        order: `${how}-o`,
      })
      expect(refund.status).toBe(201)
      // the customer got the $75 back: the $15 earned on it must be taken back
      expect(refund.body.reversals, JSON.stringify(refund.body)).toEqual([
        expect.objectContaining({ amount: '-15.00', currency: 'USD', reason: 'refund' }),
      ])
      const st = await api.statement(partner, { program: 'quantower' })
      expect(balanceOf(st.body, 'quantower')).toMatchObject({ available: '0.00', reversed: '15.00' })
    })
  }
})
