import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * "No notice is sent twice": while one digest's send waits (Telegram's 429 retry_after, honoured by autoRetry), the
 * next 15-minute run queues another digest for the same partner. The first claims its range of the ledger before it
 * sends, so the second reads from there and tells only what is new.
 */
describe('an earnings digest told once', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('a sale is told once even when a digest send is delayed by a 429 and the next digest run comes meanwhile', async () => {
    const chat = 8851
    const r = await api.enrol('jqsee', { name: 'D2', language: 'en', legalType: 'individual', telegramId: chat })
    const code = r.body.codes[0].code as string
    const pay = (n: number, amount: string) =>
      api.recorded('jqsee', {
        id: `dt-${n}`,
        type: 'payment',
        occurredAt: '2026-03-06T09:00:00Z',
        customer: `dt-c${n}`,
        ref: code,
        order: `dt-o${n}`,
        amount,
        currency: 'USD',
      })
    await pay(1, '120.00')
    // Telegram asks the bot to slow down for 3 s: the first digest's send waits (autoRetry honours retry_after)
    telegram.rateLimitNext('sendMessage', 3)
    expect(await api.service.core.reports.queueDigests()).toBeGreaterThanOrEqual(1)
    await telegram.waitForCall('sendMessage', (c) => Number(c.payload.chat_id) === chat)
    // a second sale, and the next digest run (every 15 minutes) while the first digest still waits
    await pay(2, '80.00')
    await api.service.core.reports.queueDigests()
    await new Promise((res) => setTimeout(res, 6000))
    // the fake logs every call; the first one was refused (429) and delivered nothing
    const texts = telegram
      .textsTo(chat)
      .filter((t) => t.includes('earned'))
      .slice(1)
    // what the partner read, summed: 12.00 + 8.00 = 20.00 USD in 2 commissions, each told once
    const told = texts.join('\n---\n')
    const commissions = [...told.matchAll(/commissions: (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0)
    expect(commissions, `digests delivered:\n${told}`).toBe(2)
  }, 60_000)
})
