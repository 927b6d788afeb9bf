import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PA_COMMANDS } from '../../bots/slack/help.ts'
import { rolesMatrix } from '../../bots/slack/roles.ts'

const START = '<!-- roles-matrix:start (npm run docs:roles) -->'
const END = '<!-- roles-matrix:end -->'

/** Issue 16, item 9: one documented matrix of which role may do what, enforced in one place. */
describe('roles matrix', () => {
  it('item 9. the README matrix is the one PERMISSIONS gives (npm run docs:roles rewrites it)', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const from = readme.indexOf(START)
    const to = readme.indexOf(END)
    expect(from, 'README.md has the roles-matrix markers').toBeGreaterThan(0)
    expect(readme.slice(from + START.length, to).trim()).toBe(rolesMatrix())
  })

  it('item 9. every /pa command has a line in each language', () => {
    for (const lng of ['en', 'ru', 'kk', 'ka', 'lv']) {
      const words = JSON.parse(fs.readFileSync(new URL(`../../locales/${lng}/payops.json`, import.meta.url), 'utf8'))
      for (const name of Object.keys(PA_COMMANDS)) {
        const line: string = words.pa_help.cmd[name]
        expect(line, `${lng}: pa_help.cmd.${name}`).toMatch(new RegExp(`^\`/pa ${name}`))
      }
    }
  })
})
