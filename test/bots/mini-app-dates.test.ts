import { beforeAll, describe, expect, it } from 'vitest'

/**
 * The Mini App's dates name the month in full, as the glossary asks (no abbreviation) and as the bot's texts do:
 * a Russian partner read "6 мар. 2026 г.", an English one "Mar 6, 2026". Kazakh and Georgian are written with digits
 * (`06.03.2026`, Telegram's Chromium has no month names for them), which abbreviates nothing.
 */
describe('mini app dates', () => {
  let strings: typeof import('../../bots/miniapp/web/strings.ts')
  beforeAll(async () => {
    const element = { lang: '' }
    ;(globalThis as { document?: unknown }).document = {
      getElementById: () => null,
      documentElement: element,
      title: '',
    }
    strings = await import('../../bots/miniapp/web/strings.ts')
  })

  it.each([
    ['en', 'March 6, 2026', 'March 6'],
    ['ru', '6 марта 2026 г.', '6 марта'],
    ['lv', '2026. gada 6. marts', '6. marts'],
    ['kk', '06.03.2026', '06.03'],
    ['ka', '06.03.2026', '06.03'],
  ])('%s: a day of the program and a moment in its zone', (language, full, day) => {
    strings.setLanguage(language)
    expect(strings.date('2026-03-06', 'Asia/Tbilisi')).toBe(full)
    expect(strings.date('2026-03-06T10:00:00Z', 'Asia/Tbilisi')).toBe(full)
    expect(strings.dayText('2026-03-06')).toBe(day)
  })
})
