import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * Postbacks are not guaranteed to arrive in the order their events happened (Standard Webhooks retries, several
 * senders). A customer who did register through the partner's link must not be refused for life because its sign-up
 * was delivered after a later event (an outside review's cases).
 */
describe('a sign-up delivered after later events', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('quantower: a payment delivered before its (earlier) sign-up does not make the customer ineligible for life', async () => {
    const { codes } = await api.enrolled('quantower', { name: 'Q OOO', language: 'en', legalType: 'individual' })
    const ref = codes[0]!.code
    // the payment (10:05) arrives first, the sign-up through the link (10:00) is delivered a minute later
    await api.postback('quantower', {
      id: 'ooo-p1',
      type: 'payment',
      occurredAt: '2026-03-02T10:05:00Z',
      customer: 'ooo-c1',
      ref,
      order: 'ooo-o1',
      amount: '75.00',
      currency: 'USD',
    })
    const s = await api.postback('quantower', {
      id: 'ooo-s1',
      type: 'signup',
      occurredAt: '2026-03-02T10:00:00Z',
      customer: 'ooo-c1',
      ref,
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    expect(s.body.notes).toContain('signup_via_link_delivered_late')
    // a later purchase of that customer, who registered through the link before paying
    const later = await api.recorded('quantower', {
      id: 'ooo-p2',
      type: 'payment',
      occurredAt: '2026-03-02T11:00:00Z',
      customer: 'ooo-c1',
      order: 'ooo-o2',
      amount: '100.00',
      currency: 'USD',
    })
    expect(
      later.commissions,
      `a customer who signed up through the link at 10:00 is refused for life because its 10:05 payment was delivered first: ${JSON.stringify(later)}`,
    ).toEqual([expect.objectContaining({ amount: '20.00', status: 'available' })])
  })

  it('melbet: a first deposit delivered before its (earlier) sign-up does not make the player ineligible for life', async () => {
    const { codes } = await api.enrolled('melbet', {
      name: 'M OOO',
      language: 'en',
      legalType: 'individual',
      registeredAt: '2026-03-01T09:00:00Z',
    })
    const ref = codes[0]!.code
    const d = await api.postback('melbet', {
      id: 'mooo-d',
      type: 'first_deposit',
      occurredAt: '2026-03-02T10:05:00Z',
      customer: 'mooo-pl',
      ref,
      amount: '10.00',
      currency: 'USD',
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    const s = await api.postback('melbet', {
      id: 'mooo-s',
      type: 'signup',
      occurredAt: '2026-03-02T10:00:00Z',
      customer: 'mooo-pl',
      ref,
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    const r = await api.recorded('melbet', {
      id: 'mooo-r',
      type: 'revenue',
      occurredAt: '2026-03-02T11:00:00Z',
      customer: 'mooo-pl',
      order: 'mooo-o1',
      amount: '100.00',
      currency: 'USD',
    })
    expect(
      r.commissions,
      `a player who signed up through the link and deposited earns nothing because the deposit was delivered first: ${JSON.stringify(r)}`,
    ).toEqual([expect.objectContaining({ amount: '20.00', status: 'available' })])
  })

  it('quantower: a sign-up dated after the first payment, or through another partner, proves nothing', async () => {
    const own = await api.enrolled('quantower', { name: 'Q late', language: 'en', legalType: 'individual' })
    const other = await api.enrolled('quantower', { name: 'Q other', language: 'en', legalType: 'individual' })
    const pay = (id: string, customer: string, at: string, ref?: string) =>
      api.recorded('quantower', {
        id,
        type: 'payment',
        occurredAt: at,
        customer,
        ...(ref ? { ref } : {}),
        order: `${id}-o`,
        amount: '100.00',
        currency: 'USD',
      })
    const signup = (id: string, customer: string, at: string, ref: string) =>
      api.recorded('quantower', { id, type: 'signup', occurredAt: at, customer, ref })
    // signed up at 10:30, after paying at 10:05: not a sign-up through the link before buying
    await pay('ql-p1', 'ql-c1', '2026-03-02T10:05:00Z', own.codes[0]!.code)
    const late = await signup('ql-s1', 'ql-c1', '2026-03-02T10:30:00Z', own.codes[0]!.code)
    expect(late.notes).not.toContain('signup_via_link_delivered_late')
    expect((await pay('ql-p2', 'ql-c1', '2026-03-02T11:00:00Z')).commissions).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'not_signed_up_via_link' }),
    ])
    // a sign-up naming another partner's link does not make the first partner's customer eligible
    await pay('ql-p3', 'ql-c2', '2026-03-02T10:05:00Z', own.codes[0]!.code)
    await signup('ql-s2', 'ql-c2', '2026-03-02T10:00:00Z', other.codes[0]!.code)
    expect((await pay('ql-p4', 'ql-c2', '2026-03-02T11:00:00Z')).commissions).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'not_signed_up_via_link' }),
    ])
  })

  it('melbet: revenue at 10:00 then a sign-up dated 11:30 leaves the player not signed up through the link', async () => {
    const { codes } = await api.enrolled('melbet', {
      name: 'M late-dated',
      language: 'en',
      legalType: 'individual',
      registeredAt: '2026-03-01T09:00:00Z',
    })
    const ref = codes[0]!.code
    const first = await api.postback('melbet', {
      ...{ id: 'mld-r1', type: 'revenue', occurredAt: '2026-03-02T10:00:00Z', customer: 'mld-pl', ref },
      ...{ order: 'mld-o1', amount: '100.00', currency: 'USD' },
    })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.commissions).toEqual([expect.objectContaining({ reason: 'not_signed_up_via_link' })])
    // a sign-up dated after the player had already been betting (quantower's equivalent, dated after the first
    // payment, is refused as proving nothing: late-signup.test.ts)
    const s = await api.postback('melbet', {
      ...{ id: 'mld-s', type: 'signup', occurredAt: '2026-03-02T11:30:00Z', customer: 'mld-pl', ref },
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    expect(
      s.body.notes,
      `a sign-up dated 11:30, after the player's 10:00 revenue, cleared not_signed_up_via_link: ${JSON.stringify(s.body)}`,
    ).not.toContain('signup_via_link_delivered_late')
    const later = await api.recorded('melbet', {
      ...{ id: 'mld-r2', type: 'revenue', occurredAt: '2026-03-02T11:45:00Z', customer: 'mld-pl' },
      ...{ order: 'mld-o2', amount: '100.00', currency: 'USD' },
    })
    expect(
      later.commissions,
      `the player active before its sign-up earns its partner as if it had registered through the link: ${JSON.stringify(later)}`,
    ).toEqual([expect.objectContaining({ status: 'rejected', reason: 'not_signed_up_via_link' })])
  })
})
