import { Router } from 'express'
import { DomainError } from '../../../core/domain/errors.ts'
import type { Core } from '../../../core/index.ts'

/**
 * GET /r/{code}: a referral click, recorded and redirected to the program's landing page (contract section 2);
 * a suspended code lands there without attribution. A code that names no program goes to `homeUrl` (HOME_URL),
 * or is a 404 when none is configured.
 */
export function clickRoutes(deps: { core: Core; homeUrl?: string }): Router {
  const router = Router()
  router.get('/r/:code', async (req, res) => {
    const code = String(req.params.code)
    const { location } = await deps.core.earnings.recordClick(code, {
      ip: req.ip,
      // A CDN in front of the service tells the country; without one, none is recorded.
      country: req.get('cf-ipcountry') ?? req.get('x-country-code') ?? undefined,
      userAgent: req.get('user-agent') ?? undefined,
    })
    const target = location ?? deps.homeUrl
    if (!target) throw new DomainError('code.not_found', { code: code.slice(0, 64) })
    res.set('cache-control', 'no-store')
    res.redirect(302, target)
  })
  return router
}
