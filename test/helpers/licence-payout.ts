import { expect } from 'vitest'
import type { Api } from './api.ts'
import { type DeskClient, USERS } from './desk.ts'
import type { FakeSlack } from './fake-slack.ts'

/**
 * A quantower partner's licence payout of 10.50 USD (net 0.00, credit 10.50), requested with no reason: its row in
 * `/pa payouts` as finance reads it, and the confirm text of the row's Approve button.
 */
export async function licencePayoutRow(api: Api, slack: FakeSlack, desk: DeskClient, tag: string) {
  const q = await api.enrolled('quantower', { name: `Licensee ${tag}`, language: 'en', legalType: 'individual' })
  const event = { customer: `lic-${tag}`, ref: q.codes[0]!.code, currency: 'USD' }
  const at = new Date(api.clock.now().getTime() - 3_600_000).toISOString()
  await api.recorded('quantower', { id: `lic-${tag}-signup`, type: 'signup', occurredAt: at, ...event })
  await api.recorded('quantower', { id: `lic-${tag}-pay`, type: 'payment', occurredAt: at, amount: '52.50', ...event })
  const r = await api.requestPayout(q.partner, { program: 'quantower', method: 'licences', amount: '10.50' }, tag)
  expect(r.body.payout, JSON.stringify(r.body)).toMatchObject({ net: '0.00', credit: '10.50' })
  const id = r.body.payout.id as string
  const list = (await slack.response((await desk.command('payouts', USERS.finance)).responseId)) as { blocks: any[] }
  const i = list.blocks.findIndex((b) => b.block_id === `payout:${id}`)
  expect(i, 'the payout is listed').toBeGreaterThan(0)
  const approve = list.blocks[i].elements.find((e: any) => e.action_id === 'payout_approve')
  return { row: String(list.blocks[i - 1].text.text), confirm: String(approve.confirm.text.text) }
}
