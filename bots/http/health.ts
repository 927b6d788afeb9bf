import { Router } from 'express'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { ReadinessCheck } from '../../core/use-cases/check-readiness.ts'
import type { Metrics } from '../metrics.ts'

/** How often a failing check whose error keeps changing is logged again (a probe comes every few seconds). */
const RELOG_MS = 60_000

/**
 * The log of the readiness checks: a check's error when it starts failing (and when its error changes, at most once
 * a minute), and its recovery, not a line on every probe. The error (a driver's message: addresses, ports, auth
 * failures) is for operators: the logs and the desk's `/pa status`, never the public /readyz.
 */
export function readinessLog(logger: Logger, now = () => Date.now()) {
  const failing = new Map<string, { error: string; at: number }>()
  return (checks: ReadinessCheck[]) => {
    for (const check of checks) {
      const was = failing.get(check.name)
      if (check.ok) {
        if (was) logger.info({ check: check.name, ms: check.ms }, 'readiness: check passes again')
        failing.delete(check.name)
        continue
      }
      const error = check.error ?? ''
      if (was && (was.error === error || now() - was.at < RELOG_MS)) continue
      logger.warn({ check: check.name, error, ms: check.ms }, 'readiness: check failing')
      failing.set(check.name, { error, at: now() })
    }
  }
}

/** Liveness, readiness (database, Redis, migrations) and Prometheus metrics: contract section 4. */
export function healthRoutes(deps: { core: Core; metrics: Metrics; logger: Logger; accepting: () => boolean }): Router {
  const router = Router()
  const log = readinessLog(deps.logger)
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  router.get('/readyz', async (_req, res) => {
    const readiness = await deps.core.readiness()
    log(readiness.checks)
    const ready = readiness.ready && deps.accepting()
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      ...(deps.accepting() ? {} : { reason: 'shutting_down' }),
      // anyone who reaches the port asks: which check fails, not why (the why is logged)
      checks: readiness.checks.map(({ name, ok, ms }) => ({ name, ok, ms })),
    })
  })
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics())
  })
  return router
}
