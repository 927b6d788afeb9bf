import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

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
    telegram.languages.set(chat, language)
    const r = await api.enrol('chetup', {
      name: 'P',
      language,
      legalType: 'individual',
      telegramId: chat,
      campaigns: ['app-lead'],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const p = { id: r.body.partner.id as string, code: (r.body.codes as { code: string }[])[0]!.code }
    await api.recorded('chetup', {
      id: `nr-${p.id}`,
      type: 'lead',
      occurredAt: '2026-03-10T09:59:00Z',
      customer: `nr-${p.id}-c`,
      ref: p.code,
      campaign: 'app-lead',
      country: 'GE',
    })
    await telegram.sendText(chat, '/stats')
    const photo = await waitFor(
      () => telegram.calls.find((c) => c.method === 'sendPhoto' && Number(c.payload.chat_id) === chat),
      10_000,
    )
    return String(photo.payload.caption).split('\n')
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
    telegram.languages.set(chat, language)
    const r = await api.enrol('chetup', {
      name: 'P',
      language,
      legalType: 'individual',
      telegramId: chat,
      campaigns: ['app-lead'],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const code = (r.body.codes as { code: string }[])[0]!.code
    const click = await api.get(`/r/${code}`, {
      'x-forwarded-for': `198.51.100.${chat % 200}`,
      'user-agent': 'Mozilla/5.0 (test)',
    })
    expect(click.status).toBe(302)
    await api.service.core.earnings.clicks.flush()
    await telegram.sendText(chat, '/stats')
    const photo = await waitFor(
      () => telegram.calls.find((c) => c.method === 'sendPhoto' && Number(c.payload.chat_id) === chat),
      10_000,
    )
    const lines = String(photo.payload.caption).split('\n')
    expect(lines).toContain(payments)
    expect(lines.join('\n')).not.toContain('—')
  })
})
