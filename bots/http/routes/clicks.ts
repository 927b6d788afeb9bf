import { Router } from 'express'
import { DomainError } from '../../../core/domain/errors.ts'
import { VISITOR_SHAPE } from '../../../core/domain/tracking.ts'
import type { Core } from '../../../core/index.ts'

/** The visitor cookie /r/{code} sets (its value is a keyed hash, never an address). */
export const VISITOR_COOKIE = 'pa_v'

const COOKIE_DAYS = 365

/** The visitor cookie's Set-Cookie value, as res.cookie(VISITOR_COOKIE, visitor, {...}) writes it. */
export function visitorCookie(visitor: string, secure: boolean, now: number) {
  if (!VISITOR_SHAPE.test(visitor)) throw new Error('not a visitor value')
  const seconds = COOKIE_DAYS * 24 * 3600
  const expires = new Date(now + seconds * 1000).toUTCString()
  return `${VISITOR_COOKIE}=${visitor}; Max-Age=${seconds}; Path=/r; Expires=${expires}; HttpOnly;${secure ? ' Secure;' : ''} SameSite=Lax`
}

/** One cookie's value from a Cookie header (no parser for one value). */
function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim()
  }
  return undefined
}

/**
 * GET /r/{code}: a referral click, recorded and redirected to the program's landing page (contract section 2), or
 * to a path on it the program allows (`?to=`), with its sub-ids (`?sub1=..&sub5=`, contract section 7);
 * a suspended code lands there without attribution. A code that names no program goes to `homeUrl` (HOME_URL),
 * or is a 404 when none is configured.
 */
export function clickRoutes(deps: { core: Core; homeUrl?: string }): Router {
  const router = Router()
  router.get('/r/:code', async (req, res) => {
    const code = String(req.params.code)
    const { location, visitor } = await deps.core.earnings.recordClick(code, {
      ip: req.ip,
      // A CDN in front of the service tells the country; without one, none is recorded.
      country: req.get('cf-ipcountry') ?? req.get('x-country-code') ?? undefined,
      userAgent: req.get('user-agent') ?? undefined,
      cookie: cookieOf(req.get('cookie'), VISITOR_COOKIE),
      // sub1..sub5 and the deep link `to`; core keeps what is well-formed and drops the rest
      query: req.query as Record<string, unknown>,
    })
    const target = location ?? deps.homeUrl
    if (!target) throw new DomainError('code.not_found', { code: code.slice(0, 64) })
    res.setHeader('cache-control', 'no-store')
    // first-party, for the click links only: the visitor's next click is the same visitor (unique clicks per day).
    // Written by hand (as res.cookie would): the value is the service's own hash, of a shape that needs no encoding.
    if (visitor) res.setHeader('set-cookie', visitorCookie(visitor, req.secure, Date.now()))
    // res.redirect without its content negotiation: a visitor's browser follows Location, the body is a courtesy
    res.location(target)
    res.statusCode = 302
    res.setHeader('content-type', 'text/plain; charset=utf-8')
    res.end(`Found. Redirecting to ${res.get('location')}`)
  })
  return router
}
