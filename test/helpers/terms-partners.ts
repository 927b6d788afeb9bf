import { expect } from 'vitest'
import type { Api } from './api.ts'
import type { FakeTelegram } from './fake-telegram.ts'
import { waitUntil } from './wait.ts'

/**
 * Partners of the term-change tests: enrolled with a Telegram chat of their own, and the change message (📜) each
 * receives. `env` is read at each call (the service starts in the suite's beforeAll).
 */
export function termsPartners(env: () => { api: Api; telegram: FakeTelegram }) {
  return {
    async enrol(program: string, chat: number, language = 'en') {
      const r = await env().api.enrol(program, {
        name: `P${chat}`,
        language,
        legalType: 'individual',
        telegramId: chat,
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return { partner: r.body.partner.id as string, code: r.body.codes[0].code as string }
    },
    changeMessageTo: (chat: number) =>
      waitUntil(() =>
        env().telegram.calls.find(
          (c) =>
            c.method === 'sendMessage' && Number(c.payload.chat_id) === chat && String(c.payload.text).startsWith('📜'),
        ),
      ),
    /** The partner sends /terms: the message of the change coming (📜 Coming change), with its buttons. */
    async comingChange(chat: number) {
      const { telegram } = env()
      const before = telegram.calls.length
      await telegram.sendText(chat, '/terms')
      return waitUntil(() =>
        telegram.calls
          .slice(before)
          .find((c) => c.method === 'sendMessage' && String(c.payload.text).startsWith('📜 Coming change')),
      )
    },
  }
}
