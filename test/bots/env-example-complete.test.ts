import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../bots/config.ts'

/**
 * README, Configuration: "`.env.example` lists them all". A newcomer who copied .env.example to .env found no trace
 * of the Slack desk's roles and channels, its language, the broadcast rates or the Mini App's rate limit.
 */
describe('.env.example', () => {
  it("lists every variable of README's configuration table", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Programs are data'))
    const documented = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]!)
    expect(documented.length).toBeGreaterThan(30)
    const listed = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!))
    expect(documented.filter((name) => !listed.has(name))).toEqual([])
  })

  it('as copied to .env, unchanged, is a configuration the service starts with', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')
    const env = Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]))
    expect(Object.keys(env).length).toBeGreaterThan(20)
    expect(loadConfig(env).env).toBe('development')
  })
})
