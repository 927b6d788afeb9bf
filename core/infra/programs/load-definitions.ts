import fs from 'node:fs'
import path from 'node:path'
import { type ProgramDefinition, programDefinitionSchema } from '../../programs/definition.ts'
import { appPath } from '../app-root.ts'

export const PROGRAMS_DIR = appPath('prisma', 'programs')

/**
 * Reads and validates every prisma/programs/<key>.json. A bad definition stops the service with the file, the
 * field and what is wrong; a definition whose key differs from its file name is refused too.
 */
export function loadProgramDefinitions(dir = PROGRAMS_DIR): ProgramDefinition[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  const definitions: ProgramDefinition[] = []
  for (const file of files) {
    const where = path.join(path.basename(dir), file)
    let raw: unknown
    try {
      raw = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    } catch (e) {
      throw new Error(`${where}: not valid JSON (${(e as Error).message})`)
    }
    const parsed = programDefinitionSchema.safeParse(raw)
    if (!parsed.success) {
      const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      throw new Error(`${where}: ${first.join('; ')}`)
    }
    if (`${parsed.data.key}.json` !== file)
      throw new Error(`${where}: key "${parsed.data.key}" must match the file name`)
    definitions.push(parsed.data)
  }
  if (!definitions.length) throw new Error(`${dir}: no program definitions`)
  return definitions
}
