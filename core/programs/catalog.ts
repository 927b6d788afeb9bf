import type { ProgramDefinition } from './definition.ts'

/** The program definitions in force, by key. */
export class ProgramCatalog {
  private readonly byKey: ReadonlyMap<string, ProgramDefinition>
  constructor(definitions: readonly ProgramDefinition[]) {
    this.byKey = new Map(definitions.map((d) => [d.key, d]))
  }
  get(key: string): ProgramDefinition | undefined {
    return this.byKey.get(key)
  }
  list(): ProgramDefinition[] {
    return [...this.byKey.values()]
  }
}
