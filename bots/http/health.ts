import { Router } from 'express'
import type { Core } from '../../core/index.ts'
import type { Metrics } from '../metrics.ts'

/** Liveness, readiness (database, Redis, migrations) and Prometheus metrics: contract section 4. */
export function healthRoutes(deps: { core: Core; metrics: Metrics; accepting: () => boolean }): Router {
  const router = Router()
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  router.get('/readyz', async (_req, res) => {
    const readiness = await deps.core.readiness()
    const ready = readiness.ready && deps.accepting()
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      ...(deps.accepting() ? {} : { reason: 'shutting_down' }),
      checks: readiness.checks,
    })
  })
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics())
  })
  return router
}
