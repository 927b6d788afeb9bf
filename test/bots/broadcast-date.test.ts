import { describe, expect, it } from 'vitest'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'
import { broadcastProgressBlocks } from '../../bots/slack/desk/terms.ts'

/** the broadcast's Slack message names the effective date's zone once, and the right one. */
describe('the broadcast progress message names the date once, in the program zone', () => {
  const i18n = createI18n()
  const progress = {
    id: '00000000-0000-4000-8000-000000000001',
    status: 'running',
    version: 2,
    total: 3,
    sent: 1,
    failed: 0,
    blocked: 0,
    remaining: 2,
    acknowledged: 0,
    objected: 0,
    unanswered: 1,
    etaSeconds: null,
    effectiveAt: '2026-03-31T21:00:00.000Z', // April 1 in Europe/Kyiv
    actions: [],
  } as unknown as Parameters<typeof broadcastProgressBlocks>[2]

  it('a Europe/Kyiv change in force from April 1 is not also labelled (UTC)', () => {
    for (const language of LANGUAGES) {
      const message = JSON.stringify(
        broadcastProgressBlocks(i18n.t(language), language, progress, { name: 'JQSEE', timeZone: 'Europe/Kyiv' }),
      )
      expect(message, language).toContain('(Europe/Kyiv)')
      // the day is April 1 in Kyiv, March 31 in UTC: "(UTC)" next to it is wrong
      expect(message, language).not.toContain('(UTC)')
    }
  })

  // (found by review) the line stayed «Вступает в силу …» after the date: past it, the change took effect
  it('once the change is in force, every language says it took effect, not that it will', () => {
    for (const language of LANGUAGES) {
      const t = i18n.t(language)
      const message = JSON.stringify(
        broadcastProgressBlocks(
          t,
          language,
          { ...progress, inForce: true },
          { name: 'JQSEE', timeZone: 'Europe/Kyiv' },
        ),
      )
      const [before, after] = t('desk.broadcast.effective', { date: '@' }).split('@')
      expect(message, language).not.toContain(`${before}`)
      expect(message, language).toContain(t('desk.broadcast.in_force', { date: '' }).trim())
      expect(t('desk.broadcast.in_force', { date: '@' }), language).not.toBe(`${before}@${after}`)
    }
  })
})
