import { expect } from 'vitest'
import type { Api } from './api.ts'

/**
 * A melbet partner registered at `registeredAt` with `players` qualified new users (sign-up and first deposit
 * through its link), bank details on file and, unless `agreed: false`, agreed for melbet; `revenue` posts its first
 * player's revenue as a new order each time.
 */
export async function melbetPartner(
  api: Api,
  o: { name: string; registeredAt: string; players?: number; agreed?: boolean; language?: string; telegramId?: number },
) {
  const p = await api.enrolled('melbet', {
    name: o.name,
    language: o.language ?? 'en',
    legalType: 'individual',
    registeredAt: o.registeredAt,
    ...(o.telegramId === undefined ? {} : { telegramId: o.telegramId }),
  })
  for (let i = 1; i <= (o.players ?? 5); i++) {
    const customer = `${p.partner}-pl${i}`
    const at = o.registeredAt
    await api.recorded('melbet', {
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: at,
      customer,
      ref: p.codes[0]!.code,
    })
    await api.recorded('melbet', {
      id: `${customer}-d`,
      type: 'first_deposit',
      occurredAt: at,
      customer,
      amount: '10.00',
      currency: 'USD',
    })
  }
  await api.operator('POST', `/v1/partners/${p.partner}/payment-details`, {
    method: 'bank',
    details: { iban: 'LV80BANK0000435195001' },
  })
  if (o.agreed !== false) {
    const s = await api.operator('POST', `/v1/partners/${p.partner}/payout-settings`, {
      program: 'melbet',
      detailsAgreed: true,
    })
    expect(s.status, JSON.stringify(s.body)).toBe(200)
  }
  let n = 0
  const revenue = (occurredAt: string, amount: string, extra: Record<string, unknown> = {}) =>
    api.recorded('melbet', {
      id: `${p.partner}-r${++n}`,
      type: 'revenue',
      occurredAt,
      customer: `${p.partner}-pl1`,
      order: `${p.partner}-o${n}`,
      amount,
      currency: 'USD',
      ...extra,
    })
  return { ...p, revenue }
}
