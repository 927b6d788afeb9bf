import { expect } from 'vitest'
import type { Api } from './api.ts'
import type { FakeTelegram } from './fake-telegram.ts'

/**
 * A chetup partner (individual, on `campaign`, in Telegram as `chat` speaking `language`): their id and first code.
 */
export async function chetupPartner(
  env: { api: Api; telegram: FakeTelegram },
  p: { chat: number; language: string; campaign: string },
): Promise<{ id: string; code: string }> {
  env.telegram.languages.set(p.chat, p.language)
  const r = await env.api.enrol('chetup', {
    ...{ name: 'P', language: p.language, legalType: 'individual', telegramId: p.chat },
    campaigns: [p.campaign],
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return { id: r.body.partner.id as string, code: (r.body.codes as { code: string }[])[0]!.code }
}

/**
 * A chetup partner (individual, on the `cafe-sale` campaign, in Telegram as `telegramId` speaking `language`) with a
 * 1,500.00 GEL sale at `at` (150.00 GEL earned) and bank details saved: ready to request a payout for the 25th.
 */
export async function chetupEarner(
  env: { api: Api; telegram: FakeTelegram },
  p: { telegramId: number; language: string; at: string },
): Promise<{ partner: string; telegramId: number }> {
  const { api } = env
  const { id: partner, code } = await chetupPartner(env, {
    chat: p.telegramId,
    language: p.language,
    campaign: 'cafe-sale',
  })
  await api.recorded('chetup', {
    ...{ id: `earn-${partner}`, type: 'payment', occurredAt: p.at, customer: `earn-${partner}` },
    ...{ ref: code, campaign: 'cafe-sale', order: `earn-o-${partner}` },
    ...{ amount: '1500.00', currency: 'GEL', country: 'GE' },
  })
  const d = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
    method: 'bank',
    details: { iban: 'GE29NB0000000101904917' },
  })
  expect(d.status, JSON.stringify(d.body)).toBeLessThan(300)
  return { partner, telegramId: p.telegramId }
}
