import type { Api } from './api.ts'

/**
 * A jqsee partner in a Telegram chat with one commission of 12.00 USD (10% of a 120.00 payment an hour ago), for
 * the desk tests that review or restore it. `prefix` keeps each file's event, customer and order ids apart.
 */
export async function jqseeCommission(api: Api, o: { chat: number; language: string; prefix: string; n: number }) {
  const { partner, codes } = await api.enrolled('jqsee', {
    name: `${o.prefix} ${o.chat}`,
    language: o.language,
    legalType: 'individual',
    telegramId: o.chat,
  })
  const customer = `${o.prefix}-customer-${o.n}`
  const r = await api.recorded('jqsee', {
    id: `${o.prefix}-pay-${o.n}`,
    type: 'payment',
    occurredAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(),
    customer,
    ref: codes[0]!.code,
    order: `${o.prefix}-o-${o.n}`,
    amount: '120.00',
    currency: 'USD',
  })
  return { partner, chat: o.chat, customer, commission: r.commissions[0].id as string }
}
