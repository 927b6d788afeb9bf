import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'

/**
 * A rate by level names the threshold with i18next's plural forms of `count` (program_terms.payment_share.first /
 * .after). The `one` category is not "1": in Russian and Latvian it is also 21, 31, 41, 101… (CLDR), so its texts
 * keep the number; a threshold of exactly one client has words of its own («вашего первого платящего клиента»).
 */
describe('a deal with a level after 21 paying clients, as the partner reads it', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')

  const dealWithLevelAfter21 = async (lng: string, chat: number, after = 21) => {
    const { api, telegram } = env()
    telegram.languages.set(chat, lng)
    const p = await api.enrolled('quantower', { name: 'P', language: lng, legalType: 'individual', telegramId: chat })
    const r = await api.operator('PUT', `/v1/programs/quantower/partners/${p.partner}/deal`, {
      commission: {
        levels: [
          { name: 'base', after: 0, rateBps: 2000 },
          { name: 'more', after, rateBps: 3000 },
        ],
      },
      from: '2026-03-10',
      note: 'volume deal',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const notice = await telegram.nthText(chat, 1)
    // the percent sign follows a no-break space in Russian: compared as a plain one
    return notice.split('\n').map((l) => l.replace(/^• /, '').replace(/[\u00a0\u202f]/g, ' '))
  }

  it('ru: «…ваших первых 21 платящего клиента», not «вашего первого платящего клиента»', async () => {
    const lines = await dealWithLevelAfter21('ru', 66_101)
    expect(lines.slice(3, 5)).toEqual([
      'Вознаграждение: 20 % от каждой оплаты ваших первых 21 платящего клиента',
      '30 % — за клиентов, пришедших после ваших первых 21 платящего клиента',
    ])
  })

  it('lv: both level lines keep the number 21 (not «jūsu pirmā maksājošā klienta», "your first paying client")', async () => {
    const lines = await dealWithLevelAfter21('lv', 66_102)
    const levels = lines.slice(3, 5)
    expect(levels[0]).toMatch(/^Atlīdzība: 20% no katra jūsu pirmo 21 /)
    expect(levels[1]).toMatch(/^30% par klientiem, kuri pievienojušies pēc jūsu pirmajiem 21 /)
  })

  it('ru: a level after one client still reads «вашего первого платящего клиента»', async () => {
    const lines = await dealWithLevelAfter21('ru', 66_103, 1)
    expect(lines.slice(3, 5)).toEqual([
      'Вознаграждение: 20 % от каждой оплаты вашего первого платящего клиента',
      '30 % — за клиентов, пришедших после вашего первого платящего клиента',
    ])
  })
})
