import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * programs.md 2 (worksection-referral): "$25 once per referred client after its payment; Bronze after 5 deals
 * (5 referred clients who each paid at least one month): $35 once for the 6th and every later client". The rule since this session:
 * "a deal is a client who paid at least a month; only one refunded in full is no deal". A client whose first
 * payment is refunded in full (its reward taken back, so the partner has earned nothing for it) and who then pays
 * a full month is a client who paid at least one month: it is a deal, earns the reward once, and counts towards
 * Bronze. Today its new payment earns nothing ("already_rewarded": firstPaidAt stays set) and it is never counted
 * again, so the partner's 6th deal is paid the Iron $25.
 */
describe('a worksection-referral client refunded in full that pays again is a deal', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-13T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('its new month earns the reward, and the next client is the 6th deal at $35', async () => {
    const { codes } = await api.enrolled('worksection-referral', {
      name: 'Referrer',
      language: 'en',
      legalType: 'individual',
    })
    const ref = codes[0]!.code
    const signup = (i: number) =>
      api.recorded('worksection-referral', {
        id: `rpa-s${i}`,
        type: 'signup',
        occurredAt: '2026-03-01T09:00:00Z',
        customer: `rpa-c${i}`,
        ref,
        ip: `10.9.0.${i}`,
      })
    const pay = async (i: number, n: number, day: string) =>
      (
        await api.recorded('worksection-referral', {
          id: `rpa-p${i}-${n}`,
          type: 'payment',
          occurredAt: `2026-03-${day}T09:00:00Z`,
          customer: `rpa-c${i}`,
          order: `rpa-o${i}-${n}`,
          amount: '9.00',
          currency: 'USD',
          monthsPaid: 1,
        })
      ).commissions as { amount: string }[]
    for (let i = 1; i <= 5; i++) {
      await signup(i)
      expect(await pay(i, 1, `0${i + 1}`)).toEqual([expect.objectContaining({ amount: '25.00' })])
    }
    // client 3's first month is refunded in full: its reward is taken back
    const refund = await api.recorded('worksection-referral', {
      id: 'rpa-r3',
      type: 'refund',
      occurredAt: '2026-03-08T09:00:00Z',
      customer: 'rpa-c3',
      order: 'rpa-o3-1',
    })
    expect(refund.reversals).toEqual([expect.objectContaining({ amount: '-25.00' })])
    // client 3 then pays a full month: a client that paid at least a month, never rewarded for it
    expect(await pay(3, 2, '10'), 'client 3 paid a full month: a deal, its reward').toEqual([
      expect.objectContaining({ amount: '25.00' }),
    ])
    // clients 1, 2, 3, 4, 5 are five deals: client 6 is the 6th, Bronze
    await signup(6)
    expect(await pay(6, 1, '12'), 'the 6th deal earns Bronze $35').toEqual([
      expect.objectContaining({ amount: '35.00' }),
    ])
  })
})
