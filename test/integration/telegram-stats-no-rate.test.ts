import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { chetupPartner } from '../helpers/chetup-earner.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { clickThrough, statsCaption } from '../helpers/stats.ts'

/**
 * A rate of nothing (sign-ups with no unique clicks to count them from, first payments with no sign-ups) is not a
 * rate: /stats shows the count alone, not a dash inside the sentence ("(бірегей шертулердің —)", "(— of sign-ups)").
 */
describe('telegram /stats: a funnel line whose rate is not defined', () => {
  const env = withTelegram('2026-03-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 9520
  /** A chetup partner with a sign-up through their code but no click, and the caption of their /stats. */
  const signupWithoutClicks = async (language: string) => {
    const chat = ++tg
    const p = await chetupPartner({ api, telegram }, { chat, language, campaign: 'app-lead' })
    await api.recorded('chetup', {
      id: `nr-${p.id}`,
      type: 'lead',
      occurredAt: '2026-03-10T09:59:00Z',
      customer: `nr-${p.id}-c`,
      ref: p.code,
      campaign: 'app-lead',
      country: 'GE',
    })
    return statsCaption(telegram, chat)
  }

  it.each([
    ['kk', '• Тіркелулер: 1', '• Клиенттердің алғашқы төлемдері: 0'],
    ['en', '• Sign-ups: 1', '• First payments: 0'],
    ['ru', '• Регистрации: 1', '• Первые оплаты: 0'],
    ['ka', '• რეგისტრაციები: 1', '• კლიენტების პირველი გადახდები: 0'],
    ['lv', '• Reģistrācijas: 1', '• Pirmie maksājumi: 0'],
  ])('%s: no clicks, so no sign-up rate; the count alone', async (language, signups, payments) => {
    const lines = await signupWithoutClicks(language)
    expect(lines).toContain(signups)
    // one sign-up and no payment: the payment rate is 0 %, a rate, still shown
    expect(lines.some((l) => l.startsWith(`${payments} (`))).toBe(true)
    expect(lines.join('\n')).not.toContain('—')
  })

  it.each([
    ['kk', '• Клиенттердің алғашқы төлемдері: 0'],
    ['en', '• First payments: 0'],
  ])('%s: no sign-ups, so no payment rate; the count alone', async (language, payments) => {
    const chat = ++tg
    const { code } = await chetupPartner({ api, telegram }, { chat, language, campaign: 'app-lead' })
    await clickThrough(api, code, `198.51.100.${chat % 200}`)
    const lines = await statsCaption(telegram, chat)
    expect(lines).toContain(payments)
    expect(lines.join('\n')).not.toContain('—')
  })
})
