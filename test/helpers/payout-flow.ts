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

/**
 * A jqsee partner in `language` (Telegram chat `chat`) with `amount` paid by a referral an hour ago (10%
 * commission), and a PayPal payout of it requested through the API. `tag` keeps each file's ids apart.
 */
export async function jqseePayoutRequested(
  api: Api,
  o: { chat: number; language: string; amount: string; tag: string },
) {
  const { partner, codes } = await api.enrolled('jqsee', {
    name: `Payee ${o.chat}`,
    language: o.language,
    legalType: 'individual',
    telegramId: o.chat,
  })
  await api.recorded('jqsee', {
    id: `${o.tag}-${partner}`,
    type: 'payment',
    occurredAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(),
    customer: `${o.tag}-${partner}`,
    ref: codes[0]!.code,
    order: `${o.tag}-${partner}`,
    amount: o.amount,
    currency: 'USD',
  })
  const r = await api.requestPayout(
    partner,
    { program: 'jqsee', method: 'paypal', details: { email: `payee${o.chat}@example.com` } },
    `${o.tag}-${partner}`,
  )
  if (r.status !== 201) throw new Error(`payout request: ${r.status} ${JSON.stringify(r.body)}`)
  return { partner, payoutId: r.body.payout.id as string }
}
