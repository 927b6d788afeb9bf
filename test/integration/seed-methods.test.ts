import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'

/**
 * worksection-referral 4.10 and worksection-partner 5.8: «Серіктестерге төлемдер тек Paypal төлем жүйесі арқылы
 * есептеледі, егер басқа нұсқалар бөлек келісілмесе» (payments to partners only through PayPal, unless other options
 * are agreed separately). `payout.methodsByAgreement: ["bank"]`: PayPal is paid as asked; a bank transfer waits until
 * finance agrees the partner's bank details from the Slack card, as melbet's details do (seed 003, 8.1).
 */
describe('worksection: PayPal, or another method only once agreed', () => {
  const env = withDesk('2026-03-02T12:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  let seq = 0
  /** A partner with `clients` referred clients whose $25 rewards are payable. */
  const earning = async (program: string, clients: number) => {
    api.clock.set('2026-01-05T12:00:00Z')
    const p = await api.enrolled(program, { name: `Integrator ${++seq}`, language: 'en', legalType: 'company' })
    for (let i = 1; i <= clients; i++) {
      const customer = `${p.partner}-c${i}`
      const at = '2026-01-05T09:00:00Z'
      const ref = p.codes[0]!.code
      await api.recorded(program, {
        id: `${customer}-s`,
        type: 'signup',
        occurredAt: at,
        customer,
        ref,
        ip: `10.8.${seq}.${i}`,
      })
      await api.recorded(program, {
        id: `${customer}-p`,
        type: 'payment',
        occurredAt: at,
        customer,
        order: `${customer}-o`,
        amount: program === 'worksection-partner' ? '200.00' : '9.00',
        currency: 'USD',
        monthsPaid: 1,
      })
    }
    api.clock.set('2026-02-10T12:00:00Z') // past the 31 days
    return p.partner
  }
  const request = (partner: string, program: string, method: string, amount: string) =>
    api.requestPayout(partner, { program, method, amount }, `m-${++seq}`)
  const includes = (c: SlackCall, s: string) => JSON.stringify(c.payload).includes(s)

  it('worksection-referral 4.10: PayPal is paid without an agreement; a bank transfer is refused until finance agrees the bank details in Slack', async () => {
    const partner = await earning('worksection-referral', 4)
    const paypal = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'paypal',
      details: { email: 'integrator@example.com' },
    })
    expect(paypal.status, JSON.stringify(paypal.body)).toBe(201)
    expect((await request(partner, 'worksection-referral', 'paypal', '50.00')).status).toBe(201)

    const saved = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)
    const refused = await request(partner, 'worksection-referral', 'bank', '50.00')
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'payout.details_not_agreed' })

    // finance gets the card for the bank details (the PayPal address never needed one) and agrees them
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.finance && includes(c, partner) && includes(c, '5001'),
      10_000,
    )
    expect(includes(card, 'Worksection referral program')).toBe(true)
    const value = JSON.stringify(card.payload).match(/"action_id":"details_agree","value":"([^"]+)"/)![1]!
    await desk.action(USERS.finance, 'details_agree', value, { channel: CHANNELS.finance, ts: '1.1' })
    await slack.waitForCall('chat.update', (c) => includes(c, 'Agreed by <@UFINANCE>'), 10_000)
    const paid = await request(partner, 'worksection-referral', 'bank', '50.00')
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
    expect(paid.body.payout).toMatchObject({ gross: '50.00' })
  })

  it('worksection-partner 5.8: the same clause; spending on the product (worksection-referral redeem) needs no details at all', async () => {
    const partner = await earning('worksection-partner', 2) // 2 x 15% of 200 = 60.00
    await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    const refused = await request(partner, 'worksection-partner', 'bank', '60.00')
    expect(refused.body.error).toMatchObject({ code: 'payout.details_not_agreed' })
    const paypal = await api.requestPayout(
      partner,
      { program: 'worksection-partner', method: 'paypal', details: { email: 'wp@example.com' } },
      `m-${++seq}`,
    )
    expect(paypal.status, JSON.stringify(paypal.body)).toBe(201)

    const referrer = await earning('worksection-referral', 2)
    const redeem = await request(referrer, 'worksection-referral', 'service_credit', '50.00')
    expect(redeem.status, JSON.stringify(redeem.body)).toBe(201)
  })
})
