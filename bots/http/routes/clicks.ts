import { Router } from 'express'
import type { Core } from '../../../core/index.ts'

/** GET /r/{code}: a referral click, recorded and redirected to the program's landing page (contract section 2). */
export function clickRoutes(deps: { core: Core }): Router {
  const router = Router()
  router.get('/r/:code', async (req, res) => {
    const { location } = await deps.core.earnings.recordClick(String(req.params.code), {
      ip: req.ip,
      // A CDN in front of the service tells the country; without one, none is recorded.
      country: req.get('cf-ipcountry') ?? req.get('x-country-code') ?? undefined,
      userAgent: req.get('user-agent') ?? undefined,
    })
    res.set('cache-control', 'no-store')
    res.redirect(302, location)
  })
  return router
}
