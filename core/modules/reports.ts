import type { JobQueue } from '../ports/jobs.ts'
import type { PartnerDirectory } from '../ports/partner-directory.ts'
import type { StatementReader } from '../ports/statement-reader.ts'
import { earningsDigest, markDigested, queueDigests } from '../use-cases/digests.ts'
import { earningsView } from '../use-cases/earnings-view.ts'
import { getStatement } from '../use-cases/get-statement.ts'
import { trialBalance } from '../use-cases/ledger.ts'
import type { BaseDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** What partners and finance read about money: statements, the /earnings view, the earnings digests and the trial
 * balance. */
export interface ReportsModule {
  statement: UseCase<typeof getStatement>
  /** /earnings: per program and currency, every figure computed in minor units (earnings-view.ts). */
  earnings: UseCase<typeof earningsView>
  queueDigests: UseCase<typeof queueDigests>
  digest: UseCase<typeof earningsDigest>
  markDigested: UseCase<typeof markDigested>
  trialBalance: UseCase<typeof trialBalance>
}

export function createReports(
  deps: BaseDeps & { statements: StatementReader; directory: PartnerDirectory; jobs: JobQueue },
): ReportsModule {
  return {
    statement: (partnerId, opts) => getStatement(deps, partnerId, opts),
    earnings: (partnerId) => earningsView(deps, partnerId),
    queueDigests: () => queueDigests(deps),
    digest: (partnerId, upTo) => earningsDigest(deps, partnerId, upTo),
    markDigested: (partnerId, from, upTo) => markDigested(deps, partnerId, from, upTo),
    trialBalance: (input) => trialBalance(deps, input),
  }
}
