import type { PartnerLookupStore } from '../ports/partner-lookup.ts'
import { batchDeskView, batchDeskViews } from '../use-cases/partner-lookup.ts'
import { batchCsv, batchSummary, listBatches } from '../use-cases/payout-batch-views.ts'
import { markBatchPaid, runPayDay } from '../use-cases/payout-batches.ts'
import { movePayDate, payoutScheduleView, runPayDayNow, setPayoutsPaused } from '../use-cases/payout-schedule.ts'
import type { DeskDeps, PayoutDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Pay days: batches of approved payouts, their CSV, marking them paid, pausing and moving pay dates. */
export interface BatchesModule {
  runPayDay: UseCase<typeof runPayDay>
  summary: UseCase<typeof batchSummary>
  list: UseCase<typeof listBatches>
  csv: UseCase<typeof batchCsv>
  markPaid: UseCase<typeof markBatchPaid>
  setPaused: UseCase<typeof setPayoutsPaused>
  movePayDate: UseCase<typeof movePayDate>
  /** The pay day run on an operator's request: audited, and says when its batch was built before. */
  runNow: UseCase<typeof runPayDayNow>
  /** Paused or not, the next pay date and the dates moved (`/pa payouts <program>`). */
  schedule: UseCase<typeof payoutScheduleView>
  deskView: UseCase<typeof batchDeskView>
  /** The latest batches (of one program, or all) as `/pa batches` lists them. */
  deskViews(programKey?: string, limit?: number): ReturnType<typeof batchDeskViews>
  /** Where a batch's finance card was posted (recorded once). */
  setCard(batchId: string, channel: string, ts: string): Promise<boolean>
}

export function createBatches(deps: PayoutDeps & { lookup: PartnerLookupStore; desk: DeskDeps }): BatchesModule {
  return {
    runPayDay: (programKey, day) => runPayDay(deps, programKey, day),
    summary: (batchId) => batchSummary(deps, batchId),
    list: (programKey) => listBatches(deps, programKey),
    csv: (batchId, opts) => batchCsv(deps, batchId, opts),
    markPaid: (input) => markBatchPaid(deps, input),
    setPaused: (input) => setPayoutsPaused(deps, input),
    movePayDate: (input) => movePayDate(deps, input),
    runNow: (input) => runPayDayNow(deps, input),
    schedule: (programKey) => payoutScheduleView(deps, programKey),
    deskView: (batchId) => batchDeskView(deps.desk, batchId),
    deskViews: (programKey, limit = 10) => batchDeskViews(deps.desk, programKey, limit),
    setCard: (batchId, channel, ts) => deps.lookup.setBatchCard(batchId, { channel, ts }),
  }
}
