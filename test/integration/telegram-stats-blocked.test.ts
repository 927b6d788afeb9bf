import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * /stats of a partner whose account in the program is blocked, or who was disqualified, with nothing in the last 30
 * days: their links and codes record nothing now, so the bot says why, not "share your link and results appear here";
 * a block with the reason its notice named.
 */
describe('telegram /stats of a blocked or disqualified partner', () => {
  const env = withTelegram('2026-03-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 8800
  const sanctioned = async (program: string, language: string, kind: 'block' | 'disqualify') => {
    const chat = ++tg
    telegram.languages.set(chat, language)
    const p = await api.enrolled(program, { name: 'P', language, legalType: 'individual', telegramId: chat })
    const r = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, { program, kind, reason: 'fraud' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    // the sanction's own notice first
    await waitFor(() => (telegram.textsTo(chat).length >= 1 ? true : undefined), 10_000)
    await telegram.sendText(chat, '/stats')
    return telegram.nthText(chat, 2)
  }

  it('blocked (Latvian, melbet)', async () => {
    expect(await sanctioned('melbet', 'lv', 'block')).toBe(
      'Jūsu konts programmā Melbet ir bloķēts: jauna atlīdzība netiek aprēķināta, izmaksas ir aizturētas.\nIemesls: aizdomas par krāpšanu.',
    )
  })

  it('disqualified (Kazakh, quantower)', async () => {
    const text = await sanctioned('quantower', 'kk', 'disqualify')
    expect(text).toMatch(/дисквалификация/)
    expect(text).not.toMatch(/бөлісіңіз/)
  })

  it('blocked (Russian, jqsee)', async () => {
    const text = await sanctioned('jqsee', 'ru', 'block')
    expect(text).toBe(
      'Ваш аккаунт в JQSEE заблокирован: новое вознаграждение не начисляется, выплаты приостановлены.\nПричина: подозрение на мошенничество.',
    )
  })
})
