import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Every `help` key of a locale file, as `a.b.help`. */
function helpKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k
    const here = k === 'help' || k.startsWith('help_') ? [key] : []
    return v && typeof v === 'object' ? [...here, ...helpKeys(v as Record<string, unknown>, key)] : here
  })
}

/** The service's own source (bots/, core/): what can read a translation. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.(ts|js|json|html)$/.test(e.name) ? [fs.readFileSync(p, 'utf8')] : []
  })
}

/**
 * Each desk area kept a help text of its own (finance.help, codes.help, adjustments.desk.help, ledger.help,
 * bonuses.help, desk.help, slack.help) from before `/pa help` was written per role from pa_help.cmd.*: nothing read
 * them, yet translators kept them in five languages. Only the help texts something shows remain: the bot's /help
 * (help.text), its command menu (commands.help), `/pa help` (pa_help) and /earnings' note on a late payout.
 */
describe('help texts are the ones shown', () => {
  const SHOWN = ['help', 'commands.help', 'pa_help', 'pa_help.cmd.help', 'earnings.in_payout_late_help']

  it.each(LANGUAGES)('%s: no help text that nothing reads', (lang) => {
    const dir = path.join(ROOT, 'locales', lang)
    const found = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => helpKeys(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))))
    expect(found.filter((k) => !SHOWN.includes(k)).sort()).toEqual([])
  })

  it('the ones kept are read by the service and exist in every language', () => {
    const code = [...sources(path.join(ROOT, 'bots')), ...sources(path.join(ROOT, 'core'))].join('\n')
    for (const read of ["t('help.text')", '`commands.$', '`pa_help.cmd.$', 'in_payout_late_help'])
      expect(code).toContain(read)
    const i18n = createI18n()
    for (const lang of LANGUAGES) {
      const t = i18n.t(lang) as unknown as (key: string) => string
      for (const key of ['help.text', 'commands.help', 'pa_help.title', 'pa_help.cmd.help'])
        expect(t(key), `${lang} ${key}`).not.toBe(key)
    }
  })
})
