import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) /stats called what Worksection referral pays "Commission" (ka „საკომისიო“): it pays a
 * one-time reward per client, as its earnings lines say. A one-time-reward program's funnel says "reward", in the
 * glossary's words; a program paying commission keeps its word.
 */
describe('telegram /stats: a one-time-reward program speaks of rewards', () => {
  const env = withTelegram('2026-03-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 8950
  /** A partner of `program` with one click on their link today, and the lines of their /stats. */
  const stats = async (program: string, language: string) => {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const p = await api.enrolled(program, { name: 'P', language, legalType: 'individual', telegramId: chat })
    // the program's referral link (both programs give one)
    const link = p.codes[0]!
    const r = await api.get(`/r/${link.code}`, {
      'x-forwarded-for': `203.0.113.${chat % 200}`,
      'user-agent': 'Mozilla/5.0 (test)',
    })
    expect(r.status).toBe(302)
    await api.service.core.earnings.clicks.flush()
    const since = telegram.calls.length
    await telegram.sendText(chat, '/stats')
    const sent = await telegram.waitForCall('sendPhoto', (c) => Number(c.payload.chat_id) === chat, 10_000, since)
    return String(sent.payload.caption).split('\n')
  }

  it.each([
    ['en', '• Reward: none yet'],
    ['ru', '• Разовое вознаграждение: пока нет'],
    ['kk', '• Бір реттік сыйақы: әзірге жоқ'],
    ['ka', '• ჯილდო: ჯერ არ არის'],
    ['lv', '• Vienreizēja atlīdzība: pagaidām nav'],
  ])('worksection-referral (%s)', async (language, line) => {
    const lines = await stats('worksection-referral', language)
    expect(
      lines.filter((l) => l === line),
      lines.join('\n'),
    ).toHaveLength(2)
  })

  it('melbet (ka) still says commission', async () => {
    const lines = await stats('melbet', 'ka')
    expect(
      lines.filter((l) => l === '• საკომისიო: ჯერ არ არის'),
      lines.join('\n'),
    ).toHaveLength(2)
  })
})
