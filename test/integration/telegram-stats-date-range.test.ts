import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { chetupPartner } from '../helpers/chetup-earner.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { clickThrough, statsCaption } from '../helpers/stats.ts'

/**
 * /stats names the days each funnel covers as a range written the way the partner's language writes one: the month
 * said once when both days are in it ("14.–20. marts", "Mar 14 – 20"), both months when they differ, and the years
 * only when those differ too. Not two dates joined by a dash ("14. marts – 20. marts").
 */
describe('telegram /stats: the period as a range in the partner’s language', () => {
  const env = withTelegram('2026-01-05T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 9460
  /** A partner in chetup (Asia/Tbilisi) with one click now, and the caption of their /stats at `at`. */
  const statsAt = async (language: string, at: string) => {
    const chat = ++tg
    const { code } = await chetupPartner({ api, telegram }, { chat, language, campaign: 'cafe-sale' })
    await clickThrough(api, code, `203.0.113.${chat % 200}`)
    api.clock.set(at)
    return statsCaption(telegram, chat)
  }
  /** Intl's thin space around a range's dash in English and Latvian. */
  const TH = '\u2009'

  it('different years keep both years (English, 5 January)', async () => {
    api.clock.set('2026-01-05T10:00:00Z')
    const lines = await statsAt('en', '2026-01-05T10:30:00Z')
    expect(lines).toContain(`Last 7 days (December 30, 2025${TH}–${TH}January 5, 2026):`)
    expect(lines).toContain(`Last 30 days (December 7, 2025${TH}–${TH}January 5, 2026):`)
  })

  it('the same month is said once, different months both (Latvian, English, Russian; 20 March)', async () => {
    api.clock.set('2026-03-18T09:00:00Z')
    const lv = await statsAt('lv', '2026-03-20T19:30:00Z')
    expect(lv).toContain('Pēdējās 7 dienās (14.–20. marts):')
    expect(lv).toContain(`Pēdējās 30 dienās (19. februāris${TH}–${TH}20. marts):`)

    api.clock.set('2026-03-18T09:00:00Z')
    const en = await statsAt('en', '2026-03-20T19:30:00Z')
    expect(en).toContain(`Last 7 days (March 14${TH}–${TH}20):`)
    expect(en).toContain(`Last 30 days (February 19${TH}–${TH}March 20):`)

    api.clock.set('2026-03-18T09:00:00Z')
    const ru = await statsAt('ru', '2026-03-20T19:30:00Z')
    expect(ru).toContain('За последние 7 дней (14–20 марта):')
    expect(ru).toContain('За последние 30 дней (19 февраля – 20 марта):')

    // the month in full, as the glossary asks (not "14–20 მარ")
    api.clock.set('2026-03-18T09:00:00Z')
    const ka = await statsAt('ka', '2026-03-20T19:30:00Z')
    expect(ka.join('\n')).toContain('(14–20 მარტი)')
    expect(ka.join('\n')).toContain('(19 თებერვალი – 20 მარტი)')
  })
})
