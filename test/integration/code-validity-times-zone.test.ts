import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'

/**
 * A code issued with a validity that starts and ends at a time of day (the API takes date-times) is announced with
 * those times in the program's zone (jqsee: Europe/Kyiv), but the notice never says which zone: a Georgian partner in
 * Tbilisi (UTC+4) reads "16:30" as their own 16:30, two hours off. Every other partner text that shows a time names
 * the zone (the agreement's end: "10:00 GMT+2"); the code's validity should too.
 */
describe('code issued with a time-of-day validity: the times name their zone', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')

  for (const [language, chat] of [
    ['ka', 61_001],
    ['kk', 61_002],
    ['lv', 61_003],
    ['ru', 61_004],
  ] as const) {
    it(`in ${language}`, async () => {
      const { api, telegram } = env()
      const p = await api.enrolled('jqsee', { name: 'Z', language, legalType: 'individual', telegramId: chat })
      const r = await api.operator('POST', `/v1/programs/jqsee/partners/${p.partner}/codes`, {
        from: '2026-03-10T14:30:00Z',
        until: '2026-04-01T09:00:00Z',
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      const notice = await telegram.nthText(chat, 1)
      const line = notice.split('\n').find((l) => l.includes('16:30'))
      expect(line, notice).toBeDefined()
      // 16:30 and 12:00 are Kyiv times (EET, then EEST after 29 March): the partner must be told so
      expect(line).toMatch(/GMT\+[23]|Europe\/Kyiv|EET|EEST|UTC\+[23]/)
      // each time with its own offset: Kyiv is on winter time on 10 March and on summer time on 1 April
      expect(line).toMatch(/16:30 GMT\+2\b/)
      expect(line).toMatch(/12:00 GMT\+3\b/)
      // /link lists the code with the very same line
      await telegram.sendText(chat, '/link')
      const list = await telegram.nthText(chat, 2)
      expect(
        list.split('\n').map((l) => l.trim()),
        list,
      ).toContain(line)
    })
  }
})
