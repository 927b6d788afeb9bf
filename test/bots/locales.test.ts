import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../bots/i18n/index.ts'

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
