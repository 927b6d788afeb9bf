import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../bots/i18n/index.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DIR = path.join(ROOT, 'locales')
const PLURAL = /_(zero|one|two|few|many|other)$/

/** Every text of a language, `file:a.b.c_one` -> text. */
function texts(lng: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (o: Record<string, unknown>, file: string, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const key = prefix ? `${prefix}.${k}` : k
      if (v && typeof v === 'object') walk(v as Record<string, unknown>, file, key)
      else out.set(`${file}:${key}`, String(v))
    }
  }
  for (const f of fs.readdirSync(path.join(DIR, lng)).filter((x) => x.endsWith('.json')))
    walk(JSON.parse(fs.readFileSync(path.join(DIR, lng, f), 'utf8')), f.slice(0, -5), '')
  return out
}

/**
 * Variables that carry a count of something. Where one meets a noun ("5 days", "21 лет") the noun must agree with
 * it, which only a plural key chosen by `count` does; as a label ("Payouts: 5", "(5)") a bare number reads fine.
 */
const COUNTS = [
  'count',
  'n',
  'days',
  'noticeDays',
  'age',
  'recipients',
  'required',
  'max',
  'maxDays',
  'maxDelayDays',
  'digits',
  'total',
  'sent',
  'failed',
  'blocked',
  'remaining',
  'acknowledged',
  'objected',
  'disputes',
  'upheld',
  'rejected',
  'sanctions',
  'players',
]
/** A count followed by a word (after a space, a no-break space or a hyphen): `{{days}} days`, `{{days}}-day`. */
const COUNT_MEETS_NOUN = new RegExp(`\\{\\{(${COUNTS.join('|')})\\}\\}[\\s\\u00a0-]*\\p{L}`, 'u')
/** Does the same for a word before it in languages where the number follows ("от {{age}} лет" reads "from 21 years"). */
const NOUN_AFTER_PREPOSITION = new RegExp(
  `\\p{L}[\\s\\u00a0]+\\{\\{(${COUNTS.join('|')})\\}\\}[\\s\\u00a0]+\\p{L}`,
  'u',
)

/** Variables that carry a date (the date the reader's Intl writes: `10 марта 2026 г.`, `2026. gada 10. marts`). */
const DATES = [
  'date',
  'from',
  'until',
  'since',
  'effective',
  'effectiveAt',
  'earliest',
  'ends',
  'at',
  'clickAt',
  'to',
  'lifted',
]
const DATE = `\\{\\{(?:${DATES.join('|')})\\}\\}`
/**
 * Latvian, Kazakh and Georgian inflect a date that a preposition or a postposition governs ("līdz 10. martam",
 * "10 наурызға дейін", "10 მარტამდე"), which the nominative Intl date cannot do. So there a date stands as a
 * label's value ("Termiņš: …", "(…)", "… – …"): in Latvian never right after a word (prepositions and verbs come
 * before it), in Kazakh never right before one (postpositions and case endings come after it), in Georgian neither
 * after a word nor with a suffix hyphenated on. A date as a sentence's subject ("{{date}} nav datums") is fine.
 */
const WORD_BEFORE_DATE = new RegExp(`\\p{L}[ \\u00a0]+${DATE}`, 'u')
const WORD_AFTER_DATE = new RegExp(`${DATE}(?:[ \\u00a0]*-|[ \\u00a0]+)\\p{L}`, 'u')
const SUFFIX_ON_DATE = new RegExp(`${DATE}-\\p{L}`, 'u')
const INFLECTED: Record<'lv' | 'kk' | 'ka', RegExp[]> = {
  lv: [WORD_BEFORE_DATE],
  kk: [WORD_AFTER_DATE],
  ka: [WORD_BEFORE_DATE, SUFFIX_ON_DATE],
}
/** A Russian date ends in "г.": a full stop after it would make "г..". */
const STOP_AFTER_DATE = new RegExp(`${DATE}\\.`)

const categories = (lng: string) => new Intl.PluralRules(lng).resolvedOptions().pluralCategories.sort()

describe('numbers meeting nouns go through plural keys', () => {
  for (const lng of LANGUAGES) {
    const all = texts(lng)
    const families = new Map<string, string[]>()
    for (const k of all.keys()) {
      const m = PLURAL.exec(k)
      if (m) families.set(k.slice(0, m.index), [...(families.get(k.slice(0, m.index)) ?? []), m[1]!])
    }
    // a plural key has its `_other` form (`choose_one` beside `choose` is a key of its own)
    for (const [family, forms] of families) if (!forms.includes('other')) families.delete(family)
    const inFamily = (k: string) => families.has(k.replace(PLURAL, ''))

    it(`${lng}: no count variable stands before a noun outside a plural key`, () => {
      const found = [...all].filter(
        ([k, v]) => !inFamily(k) && (COUNT_MEETS_NOUN.test(v) || NOUN_AFTER_PREPOSITION.test(v)),
      )
      expect(found.map(([k, v]) => `${k}: ${v}`).join('\n')).toBe('')
    })

    // a plural's `one` form also serves 21, 31, 101… in Russian and Latvian: there it carries its number ("ваш
    // промокод приостановлен" was read for 21 codes), and words for exactly one thing are a key of their own (`_single`)
    if (new Intl.PluralRules(lng).select(21) === 'one')
      it(`${lng}: every \`one\` form carries its count (it also serves 21, 31, 101…)`, () => {
        const found = [...all].filter(([k, v]) => k.endsWith('_one') && inFamily(k) && !/\{\{count\b/.test(v))
        expect(found.map(([k, v]) => `${k}: ${v}`).join('\n')).toBe('')
      })

    it(`${lng}: every plural key has exactly the forms Intl.PluralRules gives (${categories(lng).join(', ')})`, () => {
      for (const [family, forms] of families) expect(forms.sort(), family).toEqual(categories(lng))
    })
  }

  it('every plural key the bots name is called with a count', () => {
    const en = texts('en')
    // plural keys by their `_other` form (`campaigns.choose_one` is a key of its own)
    const plural = new Set([...en.keys()].filter((k) => k.endsWith('_other')).map((k) => k.slice(0, -6).split(':')[1]!))
    const sources = (dir: string): string[] =>
      fs
        .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
        )
    const missing: string[] = []
    for (const file of sources('bots')) {
      const src = fs.readFileSync(path.join(ROOT, file), 'utf8')
      // t('key', { ... }) with a literal key: the options up to the call's closing parenthesis
      for (const m of src.matchAll(/\bt\(\s*'([\w.]+)'\s*(,\s*\{[^()]*\})?\s*\)/g)) {
        const key = m[1]!.replace(/^errors:/, '')
        if (plural.has(key) && !/\bcount\b/.test(m[2] ?? '')) missing.push(`${file}: ${m[0]}`)
      }
    }
    expect(missing.join('\n')).toBe('')
  })

  it('finds what the old texts did', () => {
    expect(COUNT_MEETS_NOUN.test('Payouts need at least {{required}} players.')).toBe(true)
    expect(COUNT_MEETS_NOUN.test('{{days}}-day hold after the payment')).toBe(true)
    expect(NOUN_AFTER_PREPOSITION.test('Только для партнёров от {{age}} лет')).toBe(true)
    expect(COUNT_MEETS_NOUN.test('*Payouts waiting for a decision:* {{n}}')).toBe(false)
    expect(COUNT_MEETS_NOUN.test('Codes · {{program}} ({{n}}/{{max}})')).toBe(false)
  })
})

describe('dates inside sentences', () => {
  for (const lng of ['lv', 'kk', 'ka'] as const) {
    it(`${lng}: a date stands as a label's value, never inflected by a word before or after it`, () => {
      const found = [...texts(lng)].filter(([, v]) => INFLECTED[lng].some((re) => re.test(v)))
      expect(found.map(([k, v]) => `${k}: ${v}`).join('\n')).toBe('')
    })
  }

  it('ru: no full stop right after a date (it ends in "г.")', () => {
    const found = [...texts('ru')].filter(([, v]) => STOP_AFTER_DATE.test(v))
    expect(found.map(([k, v]) => `${k}: ${v}`).join('\n')).toBe('')
  })

  it('finds what the old texts did', () => {
    expect(WORD_AFTER_DATE.test('{{from}} бастап жарамды')).toBe(true)
    expect(WORD_BEFORE_DATE.test('Derīgs līdz {{until}} ieskaitot')).toBe(true)
    expect(SUFFIX_ON_DATE.test('გასაცემია {{date}}-დან')).toBe(true)
    expect(STOP_AFTER_DATE.test('Ответ до {{date}}.')).toBe(true)
    expect(WORD_BEFORE_DATE.test('Termiņš: {{date}} ({{reason}})')).toBe(false)
    expect(WORD_AFTER_DATE.test('Periods: {{from}} – {{to}} · *{{date}}*')).toBe(false)
    expect(WORD_AFTER_DATE.test('Bija: {{from}}\nTagad: {{to}}')).toBe(false)
  })
})
