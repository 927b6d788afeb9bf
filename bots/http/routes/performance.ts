import type { Router } from 'express'
import type { Core } from '../../../core/index.ts'

/**
 * GET /v1/partners/{partner}/performance (contract section 7): the partner's performance report in one program. The
 * query (`program`, `from`, `to`, `by`, `cursor`, `limit`) is checked by core, which the Mini App's partner routes
 * share; this adapter only passes the partner the path names.
 */
export function performanceRoutes(api: Router, core: Core) {
  api.get('/partners/:partner/performance', async (req, res) => {
    res.json(await core.reports.performance(String(req.params.partner), req.query))
  })
}
