import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * A refund or cancellation delivered before the order it undoes (postbacks are not ordered: the payment's delivery
 * may be retried later than the refund's). The refund is answered 201, so the program's system never sends it again;
 * the order that arrives next must not leave a commission for money the company gave back. (An outside review's
 * two cases, then the partial refund, both at once, and an undo dated before the order.)
 */
describe('an undo delivered before its order', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })
  const balance = async (partner: string, program: string, currency: string) => {
    const st = await api.statement(partner, { program })
    expect(st.status, JSON.stringify(st.body)).toBe(200)
    return balanceOf(st.body, program, currency)
  }
  /** A refund or cancellation of an order, of part of it when it names an amount. */
  const undo = (
    program: string,
    type: 'refund' | 'cancellation',
    e: { id: string; at: string; customer: string; order: string; ref?: string; amount?: string; currency?: string },
  ) =>
    api.postback(program, {
      id: e.id,
      type,
      occurredAt: e.at,
      customer: e.customer,
      order: e.order,
      ...(e.ref ? { ref: e.ref } : {}),
      ...(e.amount ? { amount: e.amount, currency: e.currency } : {}),
    })
  const payment = (id: string, customer: string, code: string, order: string, amount: string, at: string) =>
    api.postback('jqsee', {
      id,
      type: 'payment',
      occurredAt: at,
      customer,
      ref: code,
      order,
      amount,
      currency: 'USD',
    })

  it('jqsee: a full refund delivered before its payment leaves no commission', async () => {
    api.clock.set('2026-03-02T12:00:00Z')
    const { partner, codes } = await api.enrolled('jqsee', { name: 'J undo', language: 'en', legalType: 'individual' })
    const code = codes[0]!.code
    const refund = await undo('jqsee', 'refund', {
      id: 'uf-r1',
      at: '2026-03-02T11:00:00Z',
      customer: 'uf-c1',
      ref: code,
      order: 'uf-o1',
    })
    expect([201, 422], JSON.stringify(refund.body)).toContain(refund.status)
    const pay = await payment('uf-p1', 'uf-c1', code, 'uf-o1', '120.00', '2026-03-02T10:00:00Z')
    expect(pay.status, JSON.stringify(pay.body)).toBe(201)
    expect(
      (await balance(partner, 'jqsee', 'USD'))?.available ?? '0.00',
      `the $120 payment was refunded (refund accepted first with ${refund.status} ${JSON.stringify(refund.body)}), yet its $12 commission is payable: ${JSON.stringify(pay.body)}`,
    ).toBe('0.00')
  })

  it('chetup: a cancellation within 7 days delivered before its sale leaves nothing to confirm', async () => {
    api.clock.set('2026-03-06T12:00:00Z')
    const { partner, codes } = await api.enrolled('chetup', {
      name: 'C undo',
      language: 'en',
      legalType: 'individual',
      country: 'GE',
    })
    const cafe = codes.find((c) => c.campaign === 'cafe-sale')!.code
    const cancel = await undo('chetup', 'cancellation', {
      id: 'uf-x2',
      at: '2026-03-05T10:00:00+04:00',
      customer: 'uf-c2',
      ref: cafe,
      order: 'uf-o2',
    })
    expect([201, 422], JSON.stringify(cancel.body)).toContain(cancel.status)
    const sale = await api.postback('chetup', {
      id: 'uf-s2',
      type: 'payment',
      occurredAt: '2026-03-01T10:00:00+04:00',
      customer: 'uf-c2',
      ref: cafe,
      campaign: 'cafe-sale',
      order: 'uf-o2',
      amount: '250.00',
      currency: 'GEL',
      country: 'GE',
    })
    expect(sale.status, JSON.stringify(sale.body)).toBe(201)
    api.clock.set('2026-03-12T12:00:00Z')
    const b = await balance(partner, 'chetup', 'GEL')
    expect(
      { pending: b?.pending ?? '0.00', available: b?.available ?? '0.00' },
      `the order was cancelled on the 5th (cancellation accepted first with ${cancel.status} ${JSON.stringify(cancel.body)}), yet its commission was confirmed: ${JSON.stringify(sale.body)}`,
    ).toEqual({ pending: '0.00', available: '0.00' })
  })

  it('jqsee: two partial refunds delivered first take their share when the payment comes; the answer says so', async () => {
    api.clock.set('2026-03-03T12:00:00Z')
    const { partner, codes } = await api.enrolled('jqsee', {
      name: 'J partial',
      language: 'en',
      legalType: 'individual',
    })
    const code = codes[0]!.code
    for (const [id, amount] of [
      ['up-r1', '30.00'],
      ['up-r2', '20.50'],
    ] as const) {
      const r = await undo('jqsee', 'refund', {
        id,
        at: '2026-03-03T11:00:00Z',
        customer: 'up-c1',
        ref: code,
        order: 'up-o1',
        amount,
        currency: 'USD',
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.notes).toEqual(['nothing_to_reverse'])
    }
    const pay = await payment('up-p1', 'up-c1', code, 'up-o1', '120.00', '2026-03-03T10:00:00Z')
    expect(pay.status, JSON.stringify(pay.body)).toBe(201)
    // 10% of 120.00 earned, 10% of the 50.50 refunded taken back (5.05): 6.95 payable
    expect(pay.body.commissions).toMatchObject([{ amount: '12.00', status: 'available' }])
    expect(pay.body.reversals).toMatchObject([{ amount: '-5.05', reason: 'refund' }])
    expect(pay.body.notes).toContain('refund_recorded_before')
    expect((await balance(partner, 'jqsee', 'USD'))?.available).toBe('6.95')
    // a later refund of the rest takes the rest, never more
    const rest = await undo('jqsee', 'refund', {
      id: 'up-r3',
      at: '2026-03-03T11:30:00Z',
      customer: 'up-c1',
      order: 'up-o1',
      amount: '69.50',
      currency: 'USD',
    })
    expect(rest.status, JSON.stringify(rest.body)).toBe(201)
    expect((await balance(partner, 'jqsee', 'USD'))?.available ?? '0.00').toBe('0.00')
    // the same payment sent again is answered as before and takes back nothing twice
    const again = await payment('up-p1', 'up-c1', code, 'up-o1', '120.00', '2026-03-03T10:00:00Z')
    expect(again.status).toBe(200)
    expect((await balance(partner, 'jqsee', 'USD'))?.available ?? '0.00').toBe('0.00')
  })

  it('a refund and its payment sent at the same moment leave nothing payable, whichever is recorded first', async () => {
    api.clock.set('2026-03-04T12:00:00Z')
    const { partner, codes } = await api.enrolled('jqsee', { name: 'J race', language: 'en', legalType: 'individual' })
    const code = codes[0]!.code
    const sent = await Promise.all(
      Array.from({ length: 8 }, (_, i) => [
        undo('jqsee', 'refund', {
          id: `ur-r${i}`,
          at: '2026-03-04T11:00:00Z',
          customer: `ur-c${i}`,
          ref: code,
          order: `ur-o${i}`,
        }),
        payment(`ur-p${i}`, `ur-c${i}`, code, `ur-o${i}`, '50.00', '2026-03-04T10:00:00Z'),
      ]).flat(),
    )
    for (const r of sent) expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect((await balance(partner, 'jqsee', 'USD'))?.available ?? '0.00').toBe('0.00')
  })

  it('an undo dated before the order is not about it: the order earns as usual', async () => {
    api.clock.set('2026-03-05T12:00:00Z')
    const { partner, codes } = await api.enrolled('jqsee', { name: 'J early', language: 'en', legalType: 'individual' })
    const code = codes[0]!.code
    const r = await undo('jqsee', 'refund', {
      id: 'ue-r1',
      at: '2026-03-05T08:00:00Z',
      customer: 'ue-c1',
      ref: code,
      order: 'ue-o1',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const pay = await payment('ue-p1', 'ue-c1', code, 'ue-o1', '120.00', '2026-03-05T10:00:00Z')
    expect(pay.body.reversals).toEqual([])
    expect((await balance(partner, 'jqsee', 'USD'))?.available).toBe('12.00')
  })
})
