import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * melbet: a player's first deposit made while the partner's code was suspended for a few hours still makes the player
 * a new user (trackQualification runs before the code check), so revenue of a later week earns when postbacks come
 * in order. Delivered out of order (the revenue first), the revenue is refused `not_new_user` and the deposit, which
 * earns nothing itself because the code was suspended at its time, never earns the refused revenue: the partner
 * loses money only because of the order of delivery.
 */
describe('melbet: a late first deposit made during a short code suspension', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-06-01T08:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const balance = async (partner: string) => {
    const b = balanceOf((await api.statement(partner, { program: 'melbet' })).body, 'melbet', 'USD')
    return ['pending', 'held', 'available'].reduce((s, k) => s + Number(b?.[k] ?? 0), 0)
  }

  it('earns the later revenue whichever postback arrives first', async () => {
    api.clock.set('2026-06-01T08:00:00Z')
    const enrol = (name: string) =>
      api.enrolled('melbet', { name, language: 'en', legalType: 'individual', registeredAt: '2026-05-01T09:00:00Z' })
    const inOrder = await enrol('In order')
    const outOfOrder = await enrol('Out of order')
    const players = [inOrder, outOfOrder].map(({ partner, codes }) => ({
      partner,
      ref: codes[0]!.code,
      player: `${partner}-pl`,
    }))
    api.clock.set('2026-06-02T12:00:00Z')
    for (const p of players)
      await api.recorded('melbet', {
        ...{ id: `${p.player}-s`, type: 'signup', occurredAt: '2026-06-02T10:00:00Z', customer: p.player },
        ref: p.ref,
      })
    // support suspends both codes for three hours on 3 June
    api.clock.set('2026-06-03T09:00:00Z')
    for (const p of players)
      expect(
        (await api.operator('POST', `/v1/programs/melbet/codes/${p.ref}/suspend`, { reason: 'bot_traffic' })).status,
      ).toBe(200)
    api.clock.set('2026-06-03T12:00:00Z')
    for (const p of players)
      expect((await api.operator('POST', `/v1/programs/melbet/codes/${p.ref}/reinstate`, {})).status).toBe(200)
    api.clock.set('2026-06-06T12:00:00Z')
    const deposit = (p: (typeof players)[number]) =>
      api.recorded('melbet', {
        ...{ id: `${p.player}-d`, type: 'first_deposit', occurredAt: '2026-06-03T10:00:00Z', customer: p.player },
        ...{ amount: '10.00', currency: 'USD' },
      })
    const revenue = (p: (typeof players)[number]) =>
      api.recorded('melbet', {
        ...{ id: `${p.player}-r`, type: 'revenue', occurredAt: '2026-06-05T10:00:00Z', customer: p.player },
        ...{ order: `${p.player}-o`, amount: '100.00', currency: 'USD' },
      })
    // in order: the deposit (during the suspension), then the revenue of 5 June (code active again): 20.00 earned
    await deposit(players[0]!)
    await revenue(players[0]!)
    expect(await balance(players[0]!.partner)).toBe(20)
    // the same events, the revenue delivered first
    await revenue(players[1]!)
    await deposit(players[1]!)
    expect(await balance(players[1]!.partner), 'the order of delivery must not change what is earned').toBe(20)
  })
})
