import type { Api } from './api.ts'
import type { FakeTelegram } from './fake-telegram.ts'

/**
 * A jqsee partner (USD) with a 15.00 commission, in /payout by PayPal up to the amount question (4 messages in):
 * the caller presses All or Another amount. `tag` keeps each file's ids and address apart.
 */
export async function jqseeAtPayoutAmount(
  api: Api,
  telegram: FakeTelegram,
  language: string,
  chat: number,
  tag: string,
) {
  telegram.languages.set(chat, language)
  const p = await api.enrolled('jqsee', { name: 'P', language, legalType: 'individual', telegramId: chat })
  await api.recorded('jqsee', {
    id: `${tag}-${chat}`,
    type: 'payment',
    occurredAt: '2026-03-06T09:00:00Z',
    customer: `${tag}-${chat}`,
    ref: p.codes[0]!.code,
    order: `${tag}-${chat}`,
    amount: '150.00',
    currency: 'USD',
  })
  await telegram.sendText(chat, '/payout')
  await telegram.keyboardAfter(chat, 1)
  await telegram.press(chat, ':paypal')
  await telegram.nthText(chat, 2)
  await telegram.sendText(chat, `${tag}${chat}@example.com`)
  await telegram.keyboardAfter(chat, 4)
  return p
}
