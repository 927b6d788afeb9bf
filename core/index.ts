import type { Clock } from './ports/clock.ts'
import type { HealthProbe } from './ports/health.ts'
import type { JobQueue } from './ports/jobs.ts'
import type { Logger } from './ports/logger.ts'
import { checkReadiness } from './use-cases/check-readiness.ts'

export interface CoreDeps {
  clock: Clock
  logger: Logger
  jobs: JobQueue
  probes: HealthProbe[]
}

/**
 * The product's rules behind one object. Transports (bots/) hold a Core and call its use-cases; they never
 * reach the database or the queue themselves.
 */
export function createCore(deps: CoreDeps) {
  return {
    clock: deps.clock,
    /** Database, Redis and migrations: what /readyz reports. */
    readiness: () => checkReadiness(deps.probes),
  }
}

export type Core = ReturnType<typeof createCore>
