/**
 * Writes the README's roles matrix from bots/slack/roles.ts PERMISSIONS (between the `roles-matrix` markers):
 * `npm run docs:roles`. test/bots/roles-matrix.test.ts fails while the README and PERMISSIONS differ.
 */
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { rolesMatrix } from '../bots/slack/roles.ts'

export const START = '<!-- roles-matrix:start (npm run docs:roles) -->'
export const END = '<!-- roles-matrix:end -->'

const readme = fileURLToPath(new URL('../README.md', import.meta.url))
const text = fs.readFileSync(readme, 'utf8')
const from = text.indexOf(START)
const to = text.indexOf(END)
if (from < 0 || to < from) throw new Error(`README.md has no ${START} ... ${END} section`)
fs.writeFileSync(readme, `${text.slice(0, from + START.length)}\n${rolesMatrix()}\n${text.slice(to)}`)
