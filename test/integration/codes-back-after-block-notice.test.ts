import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * A partner's codes are suspended (they read "⏸ ... suspended your referral links and promo codes ... until they are
 * reinstated"), then the partner is blocked. Support lifts the code suspension first: nothing is said, as the codes
 * stay suspended while the block stands (sanctions.ts liftSanction: "they are told when the codes work again"). Then
 * the block is lifted and the codes work again, but the partner only reads "the block on your account is lifted":
 * nobody ever tells them their links and promo codes are reinstated, so they still believe them suspended.
 */
describe('codes reinstated by lifting a block, after their own suspension was lifted during it', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')

  for (const [language, chat, promo] of [
    ['kk', 63_001, /промокод/],
    ['ru', 63_002, /промокод/],
    ['lv', 63_003, /promokod/],
    ['ka', 63_004, /პრომოკოდ/],
  ] as const) {
    it(`the partner is told the codes work again (${language})`, async () => {
      const { api, telegram } = env()
      const p = await api.enrolled('jqsee', {
        name: `B ${language}`,
        language,
        legalType: 'individual',
        telegramId: chat,
      })
      const n = (count: number) => waitFor(() => (telegram.textsTo(chat).length >= count ? true : undefined), 10_000)
      const suspend = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
        program: 'jqsee',
        kind: 'suspend_codes',
        reason: 'bot_traffic',
      })
      expect(suspend.status).toBe(201)
      await n(1)
      const block = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
        program: 'jqsee',
        kind: 'block',
        reason: 'fraud',
      })
      expect(block.status).toBe(201)
      await n(2)
      expect(
        (await api.operator('POST', `/v1/sanctions/${suspend.body.sanction.id}/lift`, { reason: 'fixed' })).status,
      ).toBe(200)
      expect(
        (await api.operator('POST', `/v1/sanctions/${block.body.sanction.id}/lift`, { reason: 'fixed' })).status,
      ).toBe(200)
      await n(3)
      await new Promise((r) => setTimeout(r, 1500))

      // the codes do work again
      const codes = await api.operator('GET', `/v1/programs/jqsee/partners/${p.partner}/codes`)
      expect(codes.body.codes.map((c: { status: string }) => c.status)).toEqual(['active'])
      // and the partner, told they were suspended, is told they are back
      const after = telegram.textsTo(chat).slice(2)
      expect(
        after.some((t) => t.startsWith('✅') && promo.test(t)),
        JSON.stringify(after),
      ).toBe(true)
    })
  }
})
