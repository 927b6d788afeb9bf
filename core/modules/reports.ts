import type { JobQueue } from '../ports/jobs.ts'
import type { PartnerDirectory } from '../ports/partner-directory.ts'
import type { PerformanceReader } from '../ports/performance.ts'
import type { StatementReader } from '../ports/statement-reader.ts'
import { earningsDigest, markDigested, queueDigests } from '../use-cases/digests.ts'
import { earningsView } from '../use-cases/earnings-view.ts'
import { getStatement } from '../use-cases/get-statement.ts'
import { trialBalance } from '../use-cases/ledger.ts'
import { commissionStatement, performanceReport } from '../use-cases/performance-report.ts'
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
  /**
   * A partner's clicks, unique clicks, sign-ups, first payments and commissions in one program, by day, week, month,
   * link, campaign or sub-id, with the commission lines and payouts of the period (GET /v1/partners/{id}/performance;
   * the Mini App's partner routes call it with the partner its initData names).
   */
  performance: UseCase<typeof performanceReport>
  /** The partner's commission lines in one program, filtered by period, status and currency, a page at a time. */
  commissionStatement: UseCase<typeof commissionStatement>
}

export function createReports(
  deps: BaseDeps & {
    statements: StatementReader
    directory: PartnerDirectory
    jobs: JobQueue
    performance: PerformanceReader
  },
): ReportsModule {
  return {
    statement: (partnerId, opts) => getStatement(deps, partnerId, opts),
    earnings: (partnerId) => earningsView(deps, partnerId),
    queueDigests: () => queueDigests(deps),
    digest: (partnerId, upTo) => earningsDigest(deps, partnerId, upTo),
    markDigested: (partnerId, from, upTo) => markDigested(deps, partnerId, from, upTo),
    trialBalance: (input) => trialBalance(deps, input),
    performance: (partnerId, query) => performanceReport(deps, partnerId, query),
    commissionStatement: (partnerId, query) => commissionStatement(deps, partnerId, query),
  }
}
