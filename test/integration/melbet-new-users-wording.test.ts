import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

/**
 * (Found by an outside review.) Melbet pays only a partner with more than 4 new users. Its terms said "more than 4
 * new users" while /payout refused with "at least 5 players": two words for one concept (a player who signed up
 * through the link and made a first deposit is a *new user*, as the terms and programs.md call it) and two ways of
 * counting. The /payout refusal and /earnings say it as the terms (and the seed's 8.1) do: more than 4 new users.
 */
describe('telegram: melbet names its new-user threshold one way everywhere', () => {
  const env = withTelegram('2026-03-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  /** The threshold as each language says it, and the words for "player" that must not stand for a new user. */
  const WORDING = {
    en: [/more than 4 new users/, /player/i],
    ru: [/более 4 новых пользователей/, /игрок/i],
    kk: [/4 жаңа пайдаланушыдан көп/, /ойыншы/i],
    ka: [/4-ზე მეტ(ი)? ახალ/, /მოთამაშ/],
    lv: [/vairāk nekā 4 jaunus lietotājus/, /spēlētāj/i],
  } as const

  it.each(Object.entries(WORDING).map(([l, w], i) => [l, 99_001 + i * 2, w] as const))(
    '%s: the terms, /payout and /earnings',
    async (language, chat, [threshold, player]) => {
      telegram.languages.set(chat, language)
      const m = await melbetPartner(api, {
        name: 'P',
        registeredAt: '2026-01-10T12:00:00Z',
        players: 3,
        language,
        telegramId: chat,
      })
      // revenue of the week before: /earnings shows a balance and what stands before its payout
      await m.revenue('2026-03-03T10:00:00Z', '100.00')
      await telegram.sendText(chat, '/payout')
      const payout = await telegram.nthText(chat, 1)
      await telegram.sendText(chat, '/terms')
      const terms = await telegram.nthText(chat, 2)
      await telegram.sendText(chat, '/earnings')
      // the balance comes as a chart, its text in the caption
      const photo = await telegram.waitForCall('sendPhoto', (c) => Number(c.payload.chat_id) === chat)
      const earnings = String(photo.payload.caption)
      for (const [what, text] of Object.entries({ payout, terms, earnings })) {
        expect(text, what).toMatch(threshold)
        expect(text, what).not.toMatch(player)
      }
    },
  )
})
