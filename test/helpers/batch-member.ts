import type { Member, PendingWrites } from '../../core/infra/db/group-batch.ts'
import type { QueryConfig } from '../../core/infra/db/group-statements.ts'

/** A batch's writes as plain statements, for tests that drive a Batch themselves. */
export class PlainWrites implements PendingWrites<PlainWrites> {
  readonly list: QueryConfig[] = []
  statements() {
    return this.list.splice(0)
  }
  absorb(other: PlainWrites) {
    this.list.push(...other.list)
  }
}

/** A member of a batch that runs `fn`, as group-commit.ts makes one for each caller (here nobody hears its answer). */
export function batchMember(fn: Member<PlainWrites>['fn']): Member<PlainWrites> {
  return {
    fn,
    resolve: () => {},
    reject: () => {},
    touched: false,
    keys: new Set(),
    gate: Promise.resolve(),
    writes: new PlainWrites(),
  }
}
