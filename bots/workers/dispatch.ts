import { DelayedError, type Job, UnrecoverableError } from 'bullmq'
import type { Logger } from 'pino'
import { parseJob, type QueueName } from '../../core/ports/jobs.ts'
import { type JobHandlers, type JobRun, PermanentJobFailure, RetryLater, type StepLog } from '../shared/jobs.ts'

/** The steps a job completed, kept in its data under `done` (ids only), so they survive a retry. */
const stepsOf = (job: Job): StepLog => ({
  get: (key) => (job.data.done as Record<string, unknown> | undefined)?.[key],
  async record(key, value) {
    await job.updateData({ ...job.data, done: { ...job.data.done, [key]: value } })
  },
})

/**
 * Runs a BullMQ job with its handler. The job is checked against the catalogue first: an unknown name or a payload
 * that does not match its schema fails at once, without retries, and is logged with what was wrong (paths and
 * messages, never the values). A handler's PermanentJobFailure fails the job without retries too; its RetryLater
 * puts the job back to wait without using up an attempt.
 */
export async function dispatch<Q extends QueueName>(queue: Q, handlers: JobHandlers<Q>, job: Job, log: Logger) {
  const checked = parseJob(queue, job.name, job.data)
  if (!checked.ok) {
    const issues = checked.reason === 'invalid_payload' ? checked.issues : undefined
    log.error({ queue, job: job.name.slice(0, 64), jobId: job.id, reason: checked.reason, issues }, 'job refused')
    throw new UnrecoverableError(
      checked.reason === 'unknown_job'
        ? `unknown ${queue} job ${job.name}`
        : `invalid payload for ${queue} job ${job.name}`,
    )
  }
  const handler = handlers[checked.job.name] as (run: JobRun<unknown>) => Promise<unknown>
  try {
    return await handler({ id: job.id, data: checked.job.data, queuedAt: job.timestamp, steps: stepsOf(job) })
  } catch (e) {
    if (e instanceof PermanentJobFailure) throw new UnrecoverableError(e.message)
    if (e instanceof RetryLater) {
      await job.moveToDelayed(Date.now() + e.waitMs, job.token)
      throw new DelayedError()
    }
    throw e
  }
}
