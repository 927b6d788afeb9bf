import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * chetup: a "new customer" campaign pays a fixed 5.00 GEL per new customer (programs.md §4, demo `bank-new-customer`).
 * One customer is new once: a second `new_customer` postback for the same customer (another event id, another IP, no
 * order) must not earn the partner a second 5.00 GEL.
 */
describe('chetup new customer earns once per customer', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-06-10T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('a second new_customer postback for the same customer earns nothing more', async () => {
    const p = await api.enrolled('chetup', { name: 'Nino', language: 'ka', legalType: 'individual', country: 'GE' })
    const ref = p.codes.find((c) => c.campaign === 'bank-new-customer')!.code
    const newCustomer = (n: number) =>
      api.recorded('chetup', {
        id: `nc-${n}`,
        type: 'new_customer',
        occurredAt: `2026-06-10T0${n}:00:00+04:00`,
        customer: 'bank-client-1',
        ref,
        campaign: 'bank-new-customer',
        country: 'GE',
        ip: `198.51.100.${n}`,
      })
    const first = await newCustomer(1)
    expect(first.commissions).toEqual([expect.objectContaining({ amount: '5.00', status: 'pending' })])
    const second = await newCustomer(2)
    const earning = second.commissions.filter((c: any) => c.status === 'pending' || c.status === 'available')
    expect(earning, JSON.stringify(second)).toEqual([])
    const st = await api.statement(p.partner, { program: 'chetup' })
    expect(balanceOf(st.body, 'chetup', 'GEL')).toMatchObject({ pending: '5.00' })
  })

  it('a lead is one too; a sale of the same customer earns for each order', async () => {
    const p = await api.enrolled('chetup', { name: 'Giorgi', language: 'ka', legalType: 'individual', country: 'GE' })
    const code = (campaign: string) => p.codes.find((c) => c.campaign === campaign)!.code
    const send = (id: string, type: string, campaign: string, extra: Record<string, unknown> = {}) =>
      api.recorded('chetup', {
        id,
        type,
        occurredAt: '2026-06-10T05:00:00+04:00',
        customer: 'app-client-1',
        ref: code(campaign),
        campaign,
        country: 'GE',
        ...extra,
      })
    expect((await send('ld-1', 'lead', 'app-lead')).commissions).toEqual([expect.objectContaining({ amount: '2.00' })])
    expect((await send('ld-2', 'lead', 'app-lead')).commissions).toEqual([])
    const sale = (n: number) =>
      send(`sl-${n}`, 'payment', 'cafe-sale', { order: `sl-o${n}`, amount: '50.00', currency: 'GEL' })
    expect((await sale(1)).commissions).toEqual([expect.objectContaining({ amount: '5.00' })])
    expect((await sale(2)).commissions).toEqual([expect.objectContaining({ amount: '5.00' })])
  })
})
