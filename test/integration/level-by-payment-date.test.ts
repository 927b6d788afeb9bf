import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * worksection-partner (programs.md §3, seed 001 App. 1): Silver 15% from the start, Gold 25% after 15 paying clients;
 * "a new rate applies only to clients acquired after the level was reached: each client keeps the rate it was
 * acquired at, for life". The program may report a payment up to 31 days late (postbacks.maxDelayDays). A client
 * whose first payment happened when the partner had only 14 paying clients was acquired at Silver, whichever order
 * the postbacks arrive in; it must not be fixed at Gold for life.
 */
describe('a worksection-partner client is acquired at the level of its payment date', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-05-01T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('the 15th client by payment date, reported after the 16th, keeps Silver 15%', async () => {
    const { codes } = await api.enrolled('worksection-partner', {
      name: 'Integrator',
      language: 'en',
      legalType: 'company',
    })
    const ref = codes[0]!.code
    const pay = (client: string, day: string, n = 1) =>
      api.recorded('worksection-partner', {
        id: `lvl-${client}-${n}`,
        type: 'payment',
        occurredAt: `2026-04-${day}T09:00:00Z`,
        customer: `lvl-${client}`,
        order: `lvl-o-${client}-${n}`,
        amount: '100.00',
        currency: 'USD',
        ...(n === 1 ? { ref } : {}),
      })
    for (let c = 1; c <= 14; c++) await pay(String(c), String(c).padStart(2, '0'))
    // client Y paid on 20 April and is reported at once
    await pay('Y', '20')
    // client X paid on 16 April (the 15th paying client), reported late (within the 31 days allowed)
    const x = await pay('X', '16')
    expect(x.commissions[0], 'X paid when only 14 clients had paid: acquired at Silver').toMatchObject({
      amount: '15.00',
    })
    // and it keeps that rate for life
    expect((await pay('X', '28', 2)).commissions[0]).toMatchObject({ amount: '15.00' })
  })
})
