/**
 * Background work, behind a port. Payloads carry ids only (the queue stores them in clear text): never
 * amounts of personal data, secrets or payment details. Every job that must not run twice has a `jobId`
 * and is idempotent in the database as well: a queue id only dedupes while the old job still exists.
 */
export const QUEUES = ['system', 'notifications', 'broadcasts', 'payouts', 'disputes', 'desk'] as const
export type QueueName = (typeof QUEUES)[number]

export type JobData = Record<string, string | number | boolean | null>

export interface EnqueueOptions {
  jobId?: string
  delayMs?: number
  attempts?: number
  /** Forget the job once it ends, so the same jobId can be queued again (a job that must run one at a time). */
  removeWhenDone?: boolean
}

export interface JobQueue {
  /** Fails fast with UnavailableError when the queue backend is down; never waits for it. */
  enqueue(queue: QueueName, name: string, data: JobData, opts?: EnqueueOptions): Promise<void>
  /** Many jobs in one round trip (a batch's notices); same guarantees as `enqueue`. */
  enqueueMany(queue: QueueName, jobs: { name: string; data: JobData; opts?: EnqueueOptions }[]): Promise<void>
}

/** A job a change announces (a notice, a desk post, a timer): queued if and only if the change commits. */
export interface Announcement {
  queue: QueueName
  name: string
  data: JobData
  opts?: EnqueueOptions
}

/**
 * Part of every store transaction that changes something a job must follow: the jobs are written in the same
 * transaction (a transactional outbox) and relayed to their queues after the commit, so a crash between the commit
 * and the queueing loses nothing, and a rollback announces nothing.
 */
export interface Announcer {
  announce(...jobs: Announcement[]): Promise<void>
}
