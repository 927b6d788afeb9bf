import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../bots/i18n/index.ts'
import { CAMPAIGN_KINDS } from '../../core/programs/definition.ts'

const DIR = fileURLToPath(new URL('../../locales', import.meta.url))

/** Every leaf of a locale file as `a.b.c` -> text (plural forms `_one`, `_few`... folded into their key). */
function leaves(obj: Record<string, unknown>, prefix = '', out = new Map<string, string[]>()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') leaves(v as Record<string, unknown>, key, out)
    else {
      const base = key.replace(/_(zero|one|two|few|many|other)$/, '')
      out.set(base, [...(out.get(base) ?? []), String(v)])
    }
  }
  return out
}
const variables = (texts: string[]) =>
  [...new Set(texts.flatMap((t) => [...t.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1])))].sort()

describe('locales', () => {
  const files = fs.readdirSync(path.join(DIR, 'en')).filter((f) => f.endsWith('.json'))
  for (const file of files) {
    const en = leaves(JSON.parse(fs.readFileSync(path.join(DIR, 'en', file), 'utf8')))
    for (const lng of LANGUAGES.filter((l) => l !== 'en')) {
      it(`${lng}/${file} has every English key, with the same placeholders, and nothing else`, () => {
        const other = leaves(JSON.parse(fs.readFileSync(path.join(DIR, lng, file), 'utf8')))
        expect(
          [...other.keys()].filter((k) => !en.has(k)),
          'keys English does not have',
        ).toEqual([])
        expect(
          [...en.keys()].filter((k) => !other.has(k)),
          'keys missing',
        ).toEqual([])
        for (const [k, texts] of en) {
          expect(variables(other.get(k)!), `${lng} ${k}`).toEqual(variables(texts))
          for (const t of other.get(k)!) expect(t.trim(), `${lng} ${k} is empty`).not.toBe('')
        }
      })
    }
  }
})

describe('the words for what partners earn', () => {
  const app = (lng: string) => JSON.parse(fs.readFileSync(path.join(DIR, lng, 'app.json'), 'utf8'))
  it.each(LANGUAGES)('%s: every campaign kind a program may define has a word on a Mini App earnings line', (lng) => {
    // programs are data: chetup's "bank-new-customer" is of kind new_customer, shown as the raw code without one
    const kinds = app(lng).earnings.kinds
    for (const k of CAMPAIGN_KINDS) expect(kinds[k], k).toEqual(expect.stringMatching(/\S/))
  })

  it("a customer's payment is never the bare word for a payout (glossary: ka კლიენტის გადახდა, kk клиенттің төлемі)", () => {
    for (const [lng, customer] of [
      ['ka', /კლიენტ/],
      ['kk', /[Кк]лиент/],
    ] as const) {
      const o = app(lng).overview
      for (const key of ['first_payments', 'payment_rate', 'payment_rate_hint'])
        expect(o[key], `${lng} overview.${key}: ${o[key]}`).toMatch(customer)
      const stats = JSON.parse(fs.readFileSync(path.join(DIR, lng, 'stats.json'), 'utf8'))
      expect(JSON.stringify(stats), lng).not.toMatch(/"(• )?(პირველი გადახდები|Алғашқы төлемдер)/)
    }
  })
})
