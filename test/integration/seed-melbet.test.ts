import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'
import { reasonText } from '../../bots/shared/reasons.ts'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * Issue 15 item 4, melbet (seed 003): "Jauni lietotāji ir lietotāji, kuriem iepriekš nav bijis spēlētāja konta ...
 * kuri ir reģistrējuši spēlētāja kontu tīmekļa vietnē Melbet un ir veikuši pirmo iemaksu", and 7.1: the earnings
 * depend on "ienākumiem, kas gūti no jauniem lietotājiem, kuri ir reģistrējušies, izmantojot saistītā partnera
 * ieteikuma saiti". Revenue of a player who is not a new user earns nothing, and such players count neither toward
 * the volume tiers (7.2) nor toward "vairāk nekā 4 spēlētājus" (8.1).
 */
describe('melbet: only new users earn and count (issue 15 item 4)', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-05-20T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const post = (event: Record<string, unknown>) => api.recorded('melbet', event)
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)

  /** A melbet partner registered on `registeredAt`, with helpers for its players' postbacks. */
  const partner = async (registeredAt: string) => {
    const p = await api.enrolled('melbet', {
      name: `Melbet new users ${++seq}`,
      language: 'en',
      legalType: 'individual',
      registeredAt,
    })
    const ref = p.codes[0]!.code
    const player = (n: number) => `${p.partner}-pl${n}`
    let e = 0
    return {
      partner: p.partner,
      ref,
      signup: (n: number, at: string) =>
        post({ id: `${player(n)}-s`, type: 'signup', occurredAt: at, customer: player(n), ref }),
      deposit: (n: number, at: string, extra: Record<string, unknown> = {}) =>
        post({
          id: `${player(n)}-d`,
          type: 'first_deposit',
          occurredAt: at,
          customer: player(n),
          amount: '10.00',
          currency: 'USD',
          ...extra,
        }),
      revenue: (n: number, at: string, amount: string) =>
        post({
          id: `${p.partner}-r${++e}`,
          type: 'revenue',
          occurredAt: at,
          customer: player(n),
          order: `${p.partner}-o${e}`,
          amount,
          currency: 'USD',
        }),
    }
  }

  it('item 4. "ir reģistrējuši spēlētāja kontu ... un ir veikuši pirmo iemaksu": revenue from a player who never deposited earns nothing, refused as not_new_user', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.signup(1, '2026-05-04T10:00:00Z')
    const r = await m.revenue(1, '2026-05-05T12:00:00Z', '400.00')
    expect(r.event).toMatchObject({ attribution: 'attributed', partner: m.partner })
    expect(r.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'not_new_user' })])
    // a loss of such a player is not carried against the partner either
    const loss = await m.revenue(1, '2026-05-06T12:00:00Z', '-100.00')
    expect(loss.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'not_new_user' })])
    const st = await api.statement(m.partner, { program: 'melbet' })
    // nothing was earned: the statement has no USD money at all
    expect(balanceOf(st.body, 'melbet', 'USD')).toBeUndefined()
  })

  it('item 4. "un ir veikuši pirmo iemaksu": once the player has made a first deposit, its later revenue earns', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.signup(1, '2026-05-04T10:00:00Z')
    await m.deposit(1, '2026-05-04T11:00:00Z')
    const r = await m.revenue(1, '2026-05-05T12:00:00Z', '400.00')
    expect(r.commissions).toEqual([expect.objectContaining({ status: 'available', amount: '60.00' })])
  })

  it('item 4. revenue earned before the first deposit stays unearned when the deposit comes later ("peļņa ... no jauniem lietotājiem": the player was not one yet); revenue after it earns', async () => {
    // The choice, from seed 003: earnings are a share of the profit "gūti no jauniem lietotājiem", and a player
    // becomes a new user only with its first deposit. Profit made before that deposit was not made by a new user,
    // so it is refused for good (`not_new_user`) and not revisited when the deposit arrives; from the deposit on,
    // the player's revenue earns.
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.signup(1, '2026-05-04T10:00:00Z')
    const before = await m.revenue(1, '2026-05-05T12:00:00Z', '200.00')
    expect(before.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'not_new_user' })])
    await m.deposit(1, '2026-05-06T09:00:00Z')
    // reported after the deposit, but earned before it: still not a new user's profit
    const late = await m.revenue(1, '2026-05-05T18:00:00Z', '100.00')
    expect(late.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'not_new_user' })])
    const after = await m.revenue(1, '2026-05-07T12:00:00Z', '100.00')
    expect(after.commissions).toEqual([expect.objectContaining({ status: 'available', amount: '15.00' })])
    const st = await api.statement(m.partner, { program: 'melbet' })
    expect(balanceOf(st.body, 'melbet', 'USD')).toMatchObject({ available: '15.00' })
  })

  it('item 4. "kuri ir reģistrējušies, izmantojot saistītā partnera ieteikuma saiti": a player whose first deposit comes through the link without a sign-up through it never earns', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.deposit(7, '2026-05-04T11:00:00Z', { ref: m.ref })
    await post({
      id: `${m.partner}-pl7-s`,
      type: 'signup',
      occurredAt: '2026-05-04T12:00:00Z',
      customer: `${m.partner}-pl7`,
    })
    const r = await m.revenue(7, '2026-05-05T12:00:00Z', '400.00')
    expect(r.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'not_signed_up_via_link' })])
  })

  it('item 4. players without a first deposit do not count toward the volume tiers (7.2: "atkarībā no piesaistīto jauno lietotāju skaita"): 19 new users and 5 sign-ups earn 15%, the 20th new user 20%', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z') // past the 3 introductory months in May
    for (let n = 1; n <= 19; n++) {
      await m.signup(n, '2026-05-02T10:00:00Z')
      await m.deposit(n, '2026-05-02T11:00:00Z')
    }
    for (let n = 20; n <= 24; n++) await m.signup(n, '2026-05-02T10:00:00Z')
    const at15 = await m.revenue(1, '2026-05-05T12:00:00Z', '100.00')
    expect(at15.commissions).toEqual([
      expect.objectContaining({ status: 'available', amount: '15.00', rule: 'revenue_share' }),
    ])
    await m.deposit(20, '2026-05-06T11:00:00Z')
    const at20 = await m.revenue(1, '2026-05-07T12:00:00Z', '100.00')
    expect(at20.commissions).toEqual([expect.objectContaining({ status: 'available', amount: '20.00' })])
  })

  it('item 4. players without a first deposit do not count toward "ir piesaistījis vairāk nekā 4 spēlētājus" (8.1): 4 new users and 3 sign-ups are not enough; the 5th deposit is', async () => {
    api.clock.set('2026-05-04T08:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    for (let n = 1; n <= 4; n++) {
      await m.signup(n, '2026-05-04T06:00:00Z')
      await m.deposit(n, '2026-05-04T07:00:00Z')
    }
    for (let n = 5; n <= 7; n++) await m.signup(n, '2026-05-04T06:00:00Z')
    await op('POST', `/v1/partners/${m.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    await op('POST', `/v1/partners/${m.partner}/payout-settings`, { program: 'melbet', detailsAgreed: true })
    api.clock.set('2026-05-06T08:00:00Z')
    await m.revenue(1, '2026-05-05T12:00:00Z', '400.00') // $60.00, payable from Monday 11 May
    api.clock.set('2026-05-12T09:00:00Z')
    const refused = await api.requestPayout(m.partner, { program: 'melbet', method: 'bank' }, `k4-${++seq}`)
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'payout.not_enough_players' })
    await m.deposit(5, '2026-05-12T08:00:00Z')
    const paid = await api.requestPayout(m.partner, { program: 'melbet', method: 'bank' }, `k4-${++seq}`)
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
  })

  it('item 4. the refusal not_new_user has words in every language the partner may read', () => {
    const i18n = createI18n()
    const seen = new Set<string>()
    for (const lng of LANGUAGES) {
      const words = reasonText(i18n.t(lng), 'not_new_user')
      expect(words).not.toContain('not_new_user')
      expect(words).not.toBe('not new user')
      seen.add(words)
      expect(reasonText(i18n.t(lng), 'not_signed_up_via_link')).not.toBe('not signed up via link')
    }
    expect(seen.size).toBe(LANGUAGES.length)
  })
})
