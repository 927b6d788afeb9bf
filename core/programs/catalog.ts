import type { CommissionRule, ProgramDefinition } from './definition.ts'

/** A published commission change: from `effectiveAt` on, the program's commission rule. */
export interface Amendment {
  programKey: string
  id: string
  version: number
  effectiveAt: Date
  commission: CommissionRule
}

/** Every published commission change, and the revision they make up (how many term changes are published). */
export interface PublishedRules {
  revision: number
  amendments: Amendment[]
}

/**
 * The program definitions in force, by key, and the commission changes published as term changes: from its
 * effective date an amendment replaces the program's commission rule for events that happen from then on. A
 * program that fixes a client's rate at acquisition (worksection-partner) thereby applies a rate change only
 * to clients acquired after that date.
 */
export class ProgramCatalog {
  private readonly byKey: ReadonlyMap<string, ProgramDefinition>
  private amendments = new Map<string, Omit<Amendment, 'programKey'>[]>()
  /** How many term changes had been published when the amendments were last loaded (see `replaceAmendments`). */
  private loadedRevision = 0
  constructor(definitions: readonly ProgramDefinition[]) {
    this.byKey = new Map(definitions.map((d) => [d.key, d]))
  }
  get(key: string): ProgramDefinition | undefined {
    return this.byKey.get(key)
  }
  list(): ProgramDefinition[] {
    return [...this.byKey.values()]
  }
  /**
   * Records a published commission change (idempotent per version id). Two changes effective at the same moment:
   * the later version wins, whatever order they are loaded in.
   */
  amend(key: string, id: string, version: number, effectiveAt: Date, commission: CommissionRule) {
    const list = (this.amendments.get(key) ?? []).filter((a) => a.id !== id)
    list.push({ id, version, effectiveAt, commission })
    list.sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.version - b.version)
    this.amendments.set(key, list)
  }
  get revision(): number {
    return this.loadedRevision
  }
  /**
   * Every published commission change as of `revision` (the count of published term changes): replaces what was
   * loaded before, unless that was loaded at a later revision already (two loads may finish out of order).
   */
  replaceAmendments(revision: number, amendments: readonly Amendment[]) {
    if (revision < this.loadedRevision) return
    this.amendments = new Map()
    for (const a of amendments) this.amend(a.programKey, a.id, a.version, a.effectiveAt, a.commission)
    this.loadedRevision = revision
  }
  /** The definition whose rules apply to something that happened at `when`. */
  at(key: string, when: Date): ProgramDefinition | undefined {
    const base = this.byKey.get(key)
    const list = this.amendments.get(key)
    if (!base || !list?.length) return base
    let current: CommissionRule | undefined
    for (const a of list) if (a.effectiveAt.getTime() <= when.getTime()) current = a.commission
    return current ? { ...base, commission: current } : base
  }
}
