import type { ProgramCatalog, PublishedRules } from '../programs/catalog.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface RuleVersions {
  /** Loads the published commission changes into the catalog (at start-up); how many there are. */
  load(): Promise<number>
  /**
   * The definition whose rules judge something that happened at `when`, as of `revision` or later: `revision` is
   * read in the postback's own transaction, so once a publication has committed, every process judges the events
   * it records afterwards by the new rules (a process that is behind reloads first, once for all its waiters,
   * through `load` when given: the caller's own transaction, so that no second connection is needed).
   */
  at(
    programKey: string,
    when: Date,
    revision: number,
    load?: () => Promise<PublishedRules>,
  ): Promise<ProgramDefinition | undefined>
}

/** The catalog's commission changes, kept at the revision the database has (see RuleVersions). */
export function ruleVersions(catalog: ProgramCatalog, published: () => Promise<PublishedRules>): RuleVersions {
  let loading: Promise<void> | undefined
  const reload = (load = published) => {
    loading ??= load()
      .then((p) => catalog.replaceAmendments(p.revision, p.amendments))
      .finally(() => {
        loading = undefined
      })
    return loading
  }
  return {
    async load() {
      const p = await published()
      catalog.replaceAmendments(p.revision, p.amendments)
      return p.amendments.length
    },
    async at(programKey, when, revision, load) {
      // a load already under way may have read before `revision` was published: then one more
      for (let tries = 0; catalog.revision < revision && tries < 2; tries++) await reload(load)
      return catalog.at(programKey, when)
    },
  }
}
