import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COMMISSION_STATUSES, TAKEN_BACK_REASONS } from '../../core/ports/performance.ts'

const LANGUAGES = ['en', 'ru', 'kk', 'ka', 'lv']
const words = (lng: string) => JSON.parse(readFileSync(`locales/${lng}/app.json`, 'utf8')).earnings

/** The Mini App words every code a statement line can carry (its status, why money was taken back), in each language. */
describe('the Mini App words every statement code', () => {
  it.each(LANGUAGES)('%s: every status and every take-back reason', (lng) => {
    const w = words(lng)
    for (const s of COMMISSION_STATUSES) expect(w.statuses[s], s).toEqual(expect.any(String))
    for (const r of TAKEN_BACK_REASONS) expect(w.reasons[r], r).toEqual(expect.stringMatching(/\S/))
    expect(w.reversed_value).toContain('{{amount}}')
    expect(w.reversed_value).toContain('{{reason}}')
  })
})
