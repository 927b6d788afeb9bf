import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { ExpressAdapter } from '@bull-board/express'
import type { Queue } from 'bullmq'
import { type RequestHandler, Router } from 'express'
import { UnavailableError } from '../../../core/domain/errors.ts'
import { requireAdminToken } from '../admin-token.ts'

export const QUEUE_BOARD_PATH = '/admin/queues'

/**
 * Bull Board at /admin/queues: every BullMQ queue of the service, its jobs by state, retries and clean-ups, for
 * whoever holds ADMIN_API_TOKEN. A browser asks for it as HTTP Basic's password (any user name); a script may send it
 * as a bearer token. Job payloads carry ids only, never personal data, secrets or payment details (core/ports/jobs.ts).
 */
export function queueBoardRoutes(deps: { queues: Queue[]; adminApiToken?: string }): Router {
  const board = new ExpressAdapter()
  board.setBasePath(QUEUE_BOARD_PATH)
  createBullBoard({
    queues: deps.queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Partner Assistant' } },
  })
  const router = Router()
  router.use(
    QUEUE_BOARD_PATH,
    requireAdminToken(deps.adminApiToken, { basic: true, realm: 'queues' }),
    queuesReachable(deps.queues),
    board.getRouter(),
  )
  return router
}

/**
 * While Redis is away the board cannot show anything, and its own error handler would answer 500 in its own shape:
 * answer as every route of the service does instead, 503 service.unavailable with Retry-After, so the operator
 * knows to try again shortly. The queues' connection has no offline queue, so "not ready" is "every command fails".
 */
function queuesReachable(queues: Queue[]): RequestHandler {
  return async (_req, _res, next) => {
    const clients = await Promise.all(queues.map((q) => q.backend.client)).catch(() => undefined)
    if (clients?.every((c) => c.status === 'ready')) next()
    else next(new UnavailableError('redis'))
  }
}
