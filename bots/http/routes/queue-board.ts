import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { ExpressAdapter } from '@bull-board/express'
import type { Queue } from 'bullmq'
import { Router } from 'express'
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
    board.getRouter(),
  )
  return router
}
