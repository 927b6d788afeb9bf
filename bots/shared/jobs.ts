import type { JobName, JobPayload, QueueName } from '../../core/ports/jobs.ts'

/**
 * A job as its handler sees it, whatever queue runs it: the payload checked against the catalogue
 * (core/ports/jobs.ts), when it was queued, and the steps it already completed in an earlier run.
 */
export interface JobRun<D> {
  id?: string
  data: D
  /** Epoch ms. */
  queuedAt: number
  steps: StepLog
}

/** What a job keeps of its own progress across runs (ids only), so a rerun skips what it already did. */
export interface StepLog {
  get(key: string): unknown
  record(key: string, value: unknown): Promise<void>
}

/** The handler of every job of a queue, by name. */
export type JobHandlers<Q extends QueueName> = {
  [N in JobName<Q>]: (run: JobRun<JobPayload<Q, N>>) => Promise<unknown>
}

/** A job that can never succeed (what it names is inconsistent): it fails at once, without retries. */
export class PermanentJobFailure extends Error {
  override name = 'PermanentJobFailure'
}

/** Not a failure: what the job needs is not reachable yet (Slack down, a card not posted). It runs again later. */
export class RetryLater extends Error {
  override name = 'RetryLater'
  constructor(
    readonly waitMs: number,
    why: string,
  ) {
    super(why)
  }
}
