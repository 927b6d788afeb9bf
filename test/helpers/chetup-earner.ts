import { expect } from 'vitest'
import type { Api } from './api.ts'
import type { FakeTelegram } from './fake-telegram.ts'

/**
 * A chetup partner (individual, on the `cafe-sale` campaign, in Telegram as `telegramId` speaking `language`) with a
 * 1,500.00 GEL sale at `at` (150.00 GEL earned) and bank details saved: ready to request a payout for the 25th.
 */
export async function chetupEarner(
  env: { api: Api; telegram: FakeTelegram },
  p: { telegramId: number; language: string; at: string },
): Promise<{ partner: string; telegramId: number }> {
  const { api, telegram } = env
  telegram.languages.set(p.telegramId, p.language)
  const r = await api.enrol('chetup', {
    ...{ name: 'P', language: p.language, legalType: 'individual', telegramId: p.telegramId },
    campaigns: ['cafe-sale'],
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  const partner = r.body.partner.id as string
  await api.recorded('chetup', {
    ...{ id: `earn-${partner}`, type: 'payment', occurredAt: p.at, customer: `earn-${partner}` },
    ...{ ref: r.body.codes[0].code, campaign: 'cafe-sale', order: `earn-o-${partner}` },
    ...{ amount: '1500.00', currency: 'GEL', country: 'GE' },
  })
  const d = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
    method: 'bank',
    details: { iban: 'GE29NB0000000101904917' },
  })
  expect(d.status, JSON.stringify(d.body)).toBeLessThan(300)
  return { partner, telegramId: p.telegramId }
}
