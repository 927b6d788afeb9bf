import type { Router } from 'express'
import { z } from 'zod'
import { formatMoney } from '../../../core/domain/money.ts'
import type { Core } from '../../../core/index.ts'
import { QUEUE_OLDEST_MAX } from '../../../core/modules/queues.ts'
import { QUEUE_KEYS, type QueueItem, type QueueSummary } from '../../../core/ports/queues.ts'
import { knownProgram, parseQuery, programKey } from '../validate.ts'

const query = z.object({
  /** Comma-separated queue keys; all when omitted. */
  queues: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(QUEUE_KEYS)).min(1))
    .optional(),
  limit: z.coerce.number().int().min(1).max(QUEUE_OLDEST_MAX).optional(),
  /** One program's items only, as the other lists filter. */
  program: programKey.optional(),
})

const itemJson = (i: QueueItem) => ({
  id: i.id,
  partner: i.partnerId,
  partnerName: i.partnerName ?? null,
  program: i.programKey,
  amount:
    i.amountMinor !== undefined && i.currency ? formatMoney({ minor: i.amountMinor, currency: i.currency }) : null,
  currency: i.currency ?? null,
  at: i.at.toISOString(),
  kind: i.kind ?? null,
  number: i.number ?? null,
  mask: i.mask ?? null,
  version: i.version ?? null,
})

/** A queue as the operator API shows it. */
export const queueJson = (q: QueueSummary) => ({ queue: q.key, count: q.count, oldest: q.oldest.map(itemJson) })

/** The desk's work queues (the App Home dashboard's read model): counts and the oldest items of each. */
export function queueRoutes(api: Router, core: Core) {
  api.get('/queues', async (req, res) => {
    const q = parseQuery(query, req.query)
    const programKey = knownProgram(core.programs, q.program)
    const queues = await core.queues.overview({ keys: q.queues, limit: q.limit, programKey })
    res.json({ queues: queues.map(queueJson) })
  })
}
