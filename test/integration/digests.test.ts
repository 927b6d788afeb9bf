import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/** Earnings news reaches partners as one digest per run, never one message per click, and never twice. */
describe('earnings digests', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('two sales and a refund: one digest, then only the news, in English', async () => {
    const chat = 8801
    const r = await api.enrol('jqsee', { name: 'D', language: 'en', legalType: 'individual', telegramId: chat })
    const code = r.body.codes[0].code as string
    const pay = (n: number, amount: string) =>
      api.postback('jqsee', {
        id: `dg-${n}`,
        type: 'payment',
        occurredAt: '2026-03-06T09:00:00Z',
        customer: `dg-c${n}`,
        ref: code,
        order: `dg-o${n}`,
        amount,
        currency: 'USD',
      })
    await pay(1, '120.00')
    await pay(2, '80.00')
    expect(await api.service.core.reports.queueDigests()).toBeGreaterThanOrEqual(1)
    expect(await telegram.nthText(chat, 1)).toBe(
      '📈 Your earnings since my last update:\nJQSEE: 20.00 USD earned (commissions: 2)\nDetails: /earnings',
    )
    // nothing new: nothing queued for this partner, nothing sent
    await api.service.core.reports.queueDigests()
    await api.postback('jqsee', {
      id: 'dg-refund',
      type: 'refund',
      occurredAt: '2026-03-06T09:30:00Z',
      customer: 'dg-c2',
      order: 'dg-o2',
      amount: '80.00',
      currency: 'USD',
    })
    await api.service.core.reports.queueDigests()
    expect(await telegram.nthText(chat, 2)).toBe(
      '📈 Your earnings since my last update:\nJQSEE: 8.00 USD reversed\nDetails: /earnings',
    )
    expect(telegram.textsTo(chat)).toHaveLength(2)
  })
})
