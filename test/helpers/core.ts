import { createCore } from '../../core/index.ts'
import { type Clock, ManualClock } from '../../core/ports/clock.ts'
import type { HealthProbe } from '../../core/ports/health.ts'
import type { EnqueueOptions, JobData, JobQueue, QueueName } from '../../core/ports/jobs.ts'
import { silentLogger } from '../../core/ports/logger.ts'

/** A JobQueue that keeps what it was given, for assertions. */
export class RecordingJobQueue implements JobQueue {
  readonly jobs: { queue: QueueName; name: string; data: JobData; opts?: EnqueueOptions }[] = []
  async enqueue(queue: QueueName, name: string, data: JobData, opts?: EnqueueOptions) {
    this.jobs.push({ queue, name, data, opts })
  }
}

/** Core wired to fakes: a manual clock, a recording queue, probes that pass unless told otherwise. */
export function fakeCore(opts: { clock?: Clock; probes?: HealthProbe[] } = {}) {
  const jobs = new RecordingJobQueue()
  const clock = opts.clock ?? new ManualClock('2026-03-02T09:00:00Z')
  const probes = opts.probes ?? [{ name: 'database', check: async () => {} }]
  return { core: createCore({ clock, logger: silentLogger, jobs, probes }), jobs, clock }
}
