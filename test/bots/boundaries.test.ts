import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

/** Every import specifier of a source file: static, type-only, re-exports and dynamic imports. */
function importsOf(source: string): string[] {
  const found = new Set<string>()
  for (const m of source.matchAll(
    /\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm,
  ))
    found.add((m[1] ?? m[2] ?? m[3])!)
  return [...found]
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
}

/** What a surface may not reach: packages, and folders of bots/ (relative imports resolved). */
const RULES: Record<string, { packages: RegExp; folders: string[] }> = {
  'bots/telegram': { packages: /^(@slack\/|bullmq$)/, folders: ['bots/slack', 'bots/workers'] },
  'bots/slack': { packages: /^(grammy|@grammyjs\/|bullmq$)/, folders: ['bots/telegram', 'bots/workers'] },
  'bots/shared': {
    packages: /^(grammy|@grammyjs\/|@slack\/|bullmq$)/,
    folders: ['bots/telegram', 'bots/slack', 'bots/workers'],
  },
  // the Mini App's server reads core and the shared wording, never a bot's internals
  'bots/miniapp': {
    packages: /^(grammy|@grammyjs\/|@slack\/|bullmq$)/,
    folders: ['bots/telegram', 'bots/slack', 'bots/workers'],
  },
}

/** The imports of `dir`'s files that break its rule, as `file -> specifier`. */
function violations(dir: string): string[] {
  const rule = RULES[dir]!
  const out: string[] = []
  for (const file of filesUnder(path.join(root, dir))) {
    for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
      const target = spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), spec)) : undefined
      const bad = target
        ? rule.folders.some((f) => target === f || target.startsWith(`${f}/`))
        : rule.packages.test(spec)
      if (bad) out.push(`${path.relative(root, file)} -> ${spec}`)
    }
  }
  return out
}

describe('transport boundaries', () => {
  it('Telegram and Slack never import each other, the queue, or the workers; bots/shared depends on neither', () => {
    for (const dir of Object.keys(RULES)) expect(violations(dir), dir).toEqual([])
  })

  it('the check sees every kind of import it forbids', () => {
    const source = [
      "import { a } from '../slack/app.ts'",
      "import type { Job } from 'bullmq'",
      "export { b } from '../../workers/index.ts'",
      "const c = await import('grammy')",
      "import '../telegram/bot.ts'",
    ].join('\n')
    expect(importsOf(source)).toEqual([
      '../slack/app.ts',
      'bullmq',
      '../../workers/index.ts',
      'grammy',
      '../telegram/bot.ts',
    ])
  })
})
