import type { IncomingMessage, ServerResponse } from 'node:http'
import encodeUrl from 'encodeurl'
import { Router } from 'express'
import proxyAddr from 'proxy-addr'
import { DomainError } from '../../../core/domain/errors.ts'
import { VISITOR_SHAPE } from '../../../core/domain/tracking.ts'
import type { Core } from '../../../core/index.ts'
import { answerHot, type HotContext, type HotPath, header, splitUrl } from '../front-door.ts'

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

export interface ClickRouteDeps {
  core: Core
  homeUrl?: string
}

/** What a click's answer reads off the visitor's request (express's req, or the hot path's own reading of it). */
interface ClickRequest {
  code: string
  /** The visitor's address, as TRUST_PROXY lets X-Forwarded-For tell it. */
  ip: string | undefined
  /** Whether the visitor came over https (the cookie is then Secure). */
  secure: boolean
  /** The request came through a proxy TRUST_PROXY trusts: only then do its country headers say anything. */
  viaProxy: boolean
  /** The request, for its headers. */
  req: IncomingMessage
  /** sub1..sub5 and the deep link `to`; core keeps what is well-formed and drops the rest. */
  query: Record<string, unknown>
}

/**
 * GET /r/{code}: a referral click, recorded and redirected to the program's landing page (contract section 2), or
 * to a path on it the program allows (`?to=`), with its sub-ids (`?sub1=..&sub5=`, contract section 7);
 * a suspended code lands there without attribution. A code that names no program goes to `homeUrl` (HOME_URL),
 * or is refused (code.not_found, nothing written) when none is configured. `head`: headers written before the
 * redirect's own.
 */
async function redirectClick(deps: ClickRouteDeps, r: ClickRequest, res: ServerResponse, head: string[]) {
  const { location, visitor } = await deps.core.earnings.recordClick(r.code, {
    ip: r.ip,
    // A CDN in front of the service tells the country; without one (or from anyone else), none is recorded.
    country: r.viaProxy ? (header(r.req, 'cf-ipcountry') ?? header(r.req, 'x-country-code')) : undefined,
    userAgent: r.req.headers['user-agent'],
    cookie: cookieOf(r.req.headers.cookie, VISITOR_COOKIE),
    query: r.query,
    // a HEAD (a link checker, a preview) asks where the link goes: nobody clicked it
    probe: r.req.method === 'HEAD',
  })
  const target = location ?? deps.homeUrl
  if (!target) throw new DomainError('code.not_found', { code: r.code.slice(0, 64) })
  // as express's res.redirect, without its content negotiation: a browser follows Location, the body is a courtesy
  const href = encodeUrl(target)
  const body = `Found. Redirecting to ${href}`
  head.push('cache-control', 'no-store', 'location', href, 'content-type', 'text/plain; charset=utf-8')
  head.push('content-length', String(Buffer.byteLength(body)))
  // first-party, for the click links only: the visitor's next click is the same visitor (unique clicks per day).
  // Written by hand (as res.cookie would): the value is the service's own hash, of a shape that needs no encoding.
  if (visitor) head.push('set-cookie', visitorCookie(visitor, r.secure, Date.now()))
  res.writeHead(302, head)
  res.end(body)
}

/** /r/{code} through express: the requests the hot path leaves to it (HEAD, a percent-encoded or nested path). */
export function clickRoutes(deps: ClickRouteDeps): Router {
  const router = Router()
  router.get('/r/:code', async (req, res) => {
    const query = req.query as Record<string, unknown>
    const trust = req.app.get('trust proxy fn') as ExpressReading['trust']
    const viaProxy = trust(req.socket.remoteAddress ?? '', 0)
    const click = { code: String(req.params.code), ip: req.ip, secure: req.secure, viaProxy, req, query }
    await redirectClick(deps, click, res, [])
  })
  return router
}

/** The express app's settings a click reads the request with, so that both ways read it alike. */
export interface ExpressReading {
  /** `trust proxy fn`: which hops may tell the client's address and protocol (TRUST_PROXY). */
  trust: (address: string, hop: number) => boolean
  /** `query parser fn`: the query string as req.query. */
  parseQuery: (query: string) => Record<string, unknown>
}

/** The protocol the visitor used, as express's req.protocol tells it (X-Forwarded-Proto from a trusted proxy). */
function protocolOf(req: IncomingMessage, trust: ExpressReading['trust']) {
  const own = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'
  if (!trust(req.socket.remoteAddress ?? '', 0)) return own
  const forwarded = header(req, 'x-forwarded-proto') || own
  const comma = forwarded.indexOf(',')
  return (comma < 0 ? forwarded : forwarded.slice(0, comma)).trim()
}

/**
 * GET /r/{code} answered before express (front-door.ts): a referral link's plain path, `/r/` and the code. What
 * is not plain (HEAD, a percent-encoded or nested path, which express decodes, checks and matches) is left to
 * clickRoutes, which answers it alike.
 */
export function clickHotPath(deps: ClickRouteDeps & ExpressReading & { context: HotContext }): HotPath {
  return (req, res) => {
    const url = req.url ?? ''
    if (req.method !== 'GET' || !url.startsWith('/r/')) return false
    const { path, query } = splitUrl(url)
    const code = path.slice(3)
    if (!code || code.includes('/') || code.includes('%')) return false
    answerHot(deps.context, req, res, { route: '/r/:code', path }, (head) => {
      const click = {
        code,
        ip: proxyAddr(req, deps.trust),
        secure: protocolOf(req, deps.trust) === 'https',
        viaProxy: deps.trust(req.socket.remoteAddress ?? '', 0),
        req,
        query: query === undefined ? {} : deps.parseQuery(query),
      }
      return redirectClick(deps, click, res, head)
    })
    return true
  }
}
