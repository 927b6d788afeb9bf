import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'
import { singleOr } from '../../bots/i18n/single.ts'
import { commissionRuleText } from '../../bots/shared/program-terms.ts'
import type { CommissionRule } from '../../core/programs/definition.ts'

/**
 * Words written for exactly one thing ("your promo code is suspended", "your first calendar month") were a plural's
 * `one` form, which in Russian and Latvian also serves 21, 31, 101…: a partner with 21 suspended promo codes read
 * "ваш промокод приостановлен" in /stats and the Mini App's overview. Words for one are now their own key
 * (`_single`), and a plural's `one` form carries its number. Rendered with the real locale files.
 */
const i18n = createI18n()
const COUNTS = [1, 2, 5, 21]
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('one thing, or several: /stats when every code is suspended', () => {
  const expected: Record<string, [one: string, several: string]> = {
    en: ['⏸ JQSEE: your promo code is suspended.', '⏸ JQSEE: your promo codes are suspended.'],
    ru: ['⏸ JQSEE: ваш промокод приостановлен.', '⏸ JQSEE: ваши промокоды приостановлены.'],
    lv: ['⏸ JQSEE: jūsu promokods ir apturēts.', '⏸ JQSEE: jūsu promokodi ir apturēti.'],
  }
  it.each(Object.keys(expected))('%s: 1, 2, 5 and 21 codes', (lng) => {
    const t = i18n.t(lng as 'en')
    const [one, several] = expected[lng]!
    for (const n of COUNTS) {
      const text = t(singleOr('stats.suspended_codes', n), { program: 'JQSEE' })
      expect(text, `${n}`).toMatch(new RegExp(`^${literal(n === 1 ? one : several)} `))
    }
  })
})

describe('one thing, or several: the Mini App overview when every link or code is suspended', () => {
  let note: typeof import('../../bots/miniapp/web/overview.ts').suspendedNote
  let setLanguage: (tag: string) => void
  beforeAll(async () => {
    // the page's words as bots/miniapp/page.ts puts them in the page: every language's app.json
    const strings = JSON.stringify(Object.fromEntries(LANGUAGES.map((l) => [l, i18n.bundle(l, 'app')])))
    ;(globalThis as { document?: unknown }).document = {
      getElementById: (id: string) => (id === 'strings' ? { textContent: strings } : null),
      documentElement: { lang: '' },
      title: '',
    }
    // the page's modules read the words when first imported: not a copy another file imported without them
    vi.resetModules()
    ;({ suspendedNote: note } = await import('../../bots/miniapp/web/overview.ts'))
    ;({ setLanguage } = await import('../../bots/miniapp/web/strings.ts'))
  })

  const program = { key: 'jqsee', name: 'JQSEE' } as Parameters<typeof note>[1]
  const expected: Record<string, [one: string, several: string]> = {
    en: ['⏸ JQSEE: your referral link is suspended until', '⏸ JQSEE: your referral links are suspended until'],
    ru: ['⏸ JQSEE: ваша реферальная ссылка приостановлена до', '⏸ JQSEE: ваши реферальные ссылки приостановлены до'],
    lv: ['⏸ JQSEE: jūsu ieteikuma saite ir apturēta.', '⏸ JQSEE: jūsu ieteikuma saites ir apturētas.'],
  }
  const codes: Record<string, [one: string, several: string]> = {
    en: ['⏸ JQSEE: your promo code is suspended.', '⏸ JQSEE: your promo codes are suspended.'],
    ru: ['⏸ JQSEE: ваш промокод приостановлен.', '⏸ JQSEE: ваши промокоды приостановлены.'],
    lv: ['⏸ JQSEE: jūsu promokods ir apturēts.', '⏸ JQSEE: jūsu promokodi ir apturēti.'],
  }
  it.each(Object.keys(expected))('%s: 1, 2, 5 and 21 links or codes, with an end and without', (lng) => {
    setLanguage(lng)
    for (const n of COUNTS) {
      const until = note({ count: n, codes: false, reason: null, endsAt: '2026-03-20T12:00:00Z' }, program, 'UTC')
      expect(until, `${n}`).toMatch(new RegExp(`^${literal(expected[lng]![n === 1 ? 0 : 1])} `))
      const plain = note({ count: n, codes: true, reason: 'suspected fraud', endsAt: null }, program, 'UTC')
      expect(plain, `${n}`).toMatch(new RegExp(`^${literal(codes[lng]![n === 1 ? 0 : 1])} .* fraud\\.$`))
    }
  })
})

describe('one thing, or several: a revenue share’s introductory months in the terms', () => {
  const rule = (months: number): CommissionRule =>
    ({
      type: 'revenue_share',
      intro: { months, rateBps: 2000 },
      tiers: [{ minNewUsers: 0, rateBps: 1500 }],
    }) as CommissionRule
  const expected: Record<string, string[]> = {
    en: [
      'in your first calendar month',
      'in your first 2 calendar months',
      'in your first 5 calendar months',
      'in your first 21 calendar months',
    ],
    ru: [
      'в первый календарный месяц',
      'в первые 2 календарных месяца',
      'в первые 5 календарных месяцев',
      'в первые 21 календарный месяц',
    ],
    lv: [
      'pirmā kalendārā mēneša laikā',
      'pirmo 2 kalendāro mēnešu laikā',
      'pirmo 5 kalendāro mēnešu laikā',
      'pirmā 21 kalendārā mēneša laikā',
    ],
  }
  it.each(Object.keys(expected))('%s: 1, 2, 5 and 21 months', (lng) => {
    const reader = { t: i18n.t(lng as 'en'), language: lng, programName: (k: string) => k }
    COUNTS.forEach((n, i) => {
      const first = commissionRuleText(reader, rule(n), 'USD').split('\n')[0]!
      expect(first, `${n}`).toMatch(new RegExp(`${literal(expected[lng]![i]!)}$`))
    })
  })
})
