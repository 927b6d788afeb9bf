import { needsAgreedDetails, PAYOUT_METHODS } from '../domain/payouts.ts'
import type { Clock } from '../ports/clock.ts'
import { QUEUE_KEYS, type QueueKey, type QueueReader, type QueueSummary } from '../ports/queues.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

/** How many oldest items each queue shows at most. */
export const QUEUE_OLDEST_MAX = 5

/** The desk's work queues as one read model: the App Home dashboard and `GET /v1/queues`. */
export interface QueuesModule {
  /**
   * The given queues (all when omitted), in the catalogue's order, each with its count and oldest items; of one
   * program when `programKey` is given.
   */
  overview(input?: { keys?: readonly QueueKey[]; limit?: number; programKey?: string }): Promise<QueueSummary[]>
}

export function createQueues(deps: {
  queues: QueueReader
  clock: Clock
  programs: () => readonly ProgramDefinition[]
}): QueuesModule {
  return {
    overview(input = {}) {
      const wanted = new Set(input.keys ?? QUEUE_KEYS)
      const limit = Math.min(Math.max(input.limit ?? QUEUE_OLDEST_MAX, 1), QUEUE_OLDEST_MAX)
      return deps.queues.overview(
        QUEUE_KEYS.filter((k) => wanted.has(k)),
        limit,
        {
          now: deps.clock.now(),
          programKey: input.programKey,
          agreedMethods: deps
            .programs()
            .filter((p) => input.programKey === undefined || p.key === input.programKey)
            .map((p) => ({ programKey: p.key, methods: PAYOUT_METHODS.filter((m) => needsAgreedDetails(p, m)) }))
            .filter((p) => p.methods.length > 0),
        },
      )
    },
  }
}
