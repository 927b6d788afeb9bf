import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** The outbox's jobs not yet in their queue: waiting for Redis, and those their queue refused (retried later). */
export type OutboxBacklog = () => Promise<{ waiting: number; refused: number }>

/** One registry per service instance (no global default), so tests can build several side by side. */
export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'pa_' })
  let backlog: OutboxBacklog | undefined
  return {
    registry,
    /** Reads the outbox's backlog at each scrape (not while the database cannot answer). */
    watchOutbox(read: OutboxBacklog) {
      backlog = read
    },
    outboxJobs: new Gauge({
      name: 'pa_outbox_jobs',
      help: 'Jobs written by committed changes and not yet in their queue: waiting (for Redis or the next relay), refused (by their queue; retried, backing off up to 10 minutes)',
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        const b = await backlog?.().catch(() => undefined)
        if (!b) return
        this.set({ state: 'waiting' }, b.waiting)
        this.set({ state: 'refused' }, b.refused)
      },
    }),
    httpDuration: new Histogram({
      name: 'pa_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'pa_jobs_total',
      help: 'Background jobs processed, by queue, job name and outcome',
      labelNames: ['queue', 'name', 'outcome'] as const,
      registers: [registry],
    }),
    workerHeartbeat: new Gauge({
      name: 'pa_worker_heartbeat_timestamp_seconds',
      help: 'When a worker last processed the system heartbeat job (unix seconds, service clock)',
      registers: [registry],
    }),
    postbackBatches: new Histogram({
      name: 'pa_postback_batch_size',
      help: 'Postbacks per database transaction (group commit), by outcome: committed, split (rolled back, its postbacks run again in halves), failed',
      labelNames: ['outcome'] as const,
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    postbackBatchSeconds: new Histogram({
      name: 'pa_postback_batch_duration_seconds',
      help: 'Time from a group-commit transaction start to its commit or rollback',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    updates: new Counter({
      name: 'pa_chat_updates_total',
      help: 'Chat updates handled, by surface and outcome',
      labelNames: ['surface', 'outcome'] as const,
      registers: [registry],
    }),
  }
}

export type Metrics = ReturnType<typeof createMetrics>
