import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { jqseeAtPayoutAmount } from '../helpers/payout-flow.ts'

/**
 * (Found by an outside review.) A typed payout amount that is a number but cannot be paid: zero, or with more decimals
 * than the currency has ("12,345" in Russian, a decimal comma). The partner was told to "enter the amount as a
 * number", which they had done; they are told what is wrong with it instead, and nothing is requested.
 */
describe('telegram /payout: a typed amount that is a number but not payable says why', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each([
    ['ru', 94_001, '12,345', 'В сумме 12,345 слишком много знаков после запятой. Для USD допустимо не больше, чем 2.'],
    ['ru', 94_002, '0', 'Введите числом сумму больше нуля, например 50,00.'],
    ['ka', 94_003, '0', 'შეიყვანეთ ნულზე მეტი თანხა რიცხვით, მაგალითად: 50,00.'],
    ['lv', 94_004, '1,005', 'Summā 1,005 ir pārāk daudz zīmju aiz komata. Valūtai USD atļautais maksimums: 2.'],
  ])('%s, chat %i: %s is refused with the reason', async (language, chat, typed, why) => {
    const p = await jqseeAtPayoutAmount(api, telegram, language, chat, 'amt')
    await telegram.press(chat, ':other')
    await telegram.nthText(chat, 5)
    await telegram.sendText(chat, typed)
    expect(await telegram.nthText(chat, 6)).toBe(why)
    expect((await api.operator('GET', `/v1/partners/${p.partner}/payouts`)).body.payouts).toEqual([])
  })
})
