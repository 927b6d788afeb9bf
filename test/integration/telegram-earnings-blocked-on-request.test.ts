import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { reasonText } from '../../bots/shared/reasons.ts'
import { longDate } from '../../bots/telegram/format.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * (Found by an outside review.) A jqsee partner (paid on request) is blocked by the program: /payout refuses ("no payout possible"), and the block
 * notice says payouts stop until it is lifted. /earnings must not promise "request with /payout today and you are
 * paid by <date>" to that partner.
 */
describe('/earnings of a blocked partner in a program paid on request', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each(['ka', 'kk'])('promises no payout date while the block stands (%s)', async (language) => {
    const t = createI18n().t(language as 'ka')
    const chat = language === 'ka' ? 86_501 : 86_502
    telegram.languages.set(chat, language)
    const p = await api.enrolled('jqsee', { name: 'P', language, legalType: 'individual', telegramId: chat })
    await api.recorded('jqsee', {
      id: `blk-${chat}`,
      type: 'payment',
      occurredAt: '2026-03-05T09:00:00Z',
      customer: `blk-${chat}`,
      order: `blk-${chat}`,
      amount: '500.00',
      currency: 'USD',
      ref: p.codes[0]!.code,
    })
    // before the block: the on-request date is promised (the 50.00 USD commission is above the 10.00 minimum)
    const promise = t('earnings.next_payout_on_request', {
      date: longDate('2026-03-09T22:00:00.000Z', language, api.service.core.programs.get('jqsee')!.timeZone),
    })
    await telegram.sendText(chat, '/earnings')
    const captionOf = (n: number) =>
      waitFor(() => {
        const photos = telegram.calls.filter((c) => c.method === 'sendPhoto' && Number(c.payload.chat_id) === chat)
        return photos.length >= n ? String(photos[n - 1]!.payload.caption) : undefined
      }, 10_000)
    expect(await captionOf(1)).toContain(promise)

    const block = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'jqsee',
      kind: 'block',
      reason: 'fraud',
    })
    expect(block.status, JSON.stringify(block.body)).toBe(201)
    await telegram.nthText(chat, 1) // the block notice: no payouts until it is lifted
    await telegram.sendText(chat, '/earnings')
    const after = await captionOf(2)
    expect(after, 'a blocked partner is promised a payout date').not.toContain(promise)
    // the block is named as the reason, as a scheduled program says it
    expect(after).toContain(t('earnings.no_payout', { reason: reasonText(t, 'partner_blocked') }))
  })
})
