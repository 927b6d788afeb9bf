import { randomUUID } from 'node:crypto'
import type { Express as App, Request, RequestHandler, Response } from 'express'
import type { Logger } from 'pino'
import type { Metrics } from '../metrics.ts'

declare global {
  namespace Express {
    interface Request {
      id: string
      log: Logger
    }
  }
}

const SANE_ID = /^[\w.-]{1,64}$/

const BASE_LOG = Symbol('baseLog')
const CHILD_LOG = Symbol('childLog')
type Logged = Request & { [BASE_LOG]?: Logger; [CHILD_LOG]?: Logger }

/**
 * `req.log` on this app's requests, made when first used (most requests log nothing but their access line, which
 * is often not enabled): a getter on the app's request prototype, so each request keeps its shape.
 */
export function lazyRequestLog(app: App) {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Logged) {
      this[CHILD_LOG] ??= this[BASE_LOG]!.child({ reqId: this.id })
      return this[CHILD_LOG]
    },
    set(this: Logged, value: Logger) {
      this[CHILD_LOG] = value
    },
  })
}

/**
 * Logs this request's access line at debug instead of info: for requests a page repeats every second (the sandbox's
 * polling), which would otherwise be most of the log. A failure (5xx) is still logged as an error.
 */
export function quietRequestLog(res: Response) {
  res.locals.quietRequestLog = true
}

/** The request's id: the caller's X-Request-Id when it is sane, else a new one. */
export function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID()
}

/** A request as it ended, for its access-log line and latency sample. */
export interface Answered {
  id: string
  method: string
  /** The route's pattern (`/r/:code`), the metric's label: never the path itself. */
  route: string
  /** The whole path, never the query. */
  path: string
  status: number
  /** performance.now() when the request arrived. */
  started: number
  /** Logged at debug instead of info (quietRequestLog). */
  quiet?: boolean
}

/**
 * One latency sample and one access-log line (info; debug for a quiet request; error for a 5xx) for a request that
 * ended: express's (requestContext) and the hot paths answered before it (front-door.ts) alike.
 */
export function recordRequest(logger: Logger, metrics: Metrics, r: Answered, log?: () => Logger) {
  const seconds = (performance.now() - r.started) / 1000
  metrics.httpDuration.observe({ method: r.method, route: r.route, status: String(r.status) }, seconds)
  const level = r.status >= 500 ? 'error' : r.quiet ? 'debug' : 'info'
  if (!logger.isLevelEnabled(level)) return
  const line = { method: r.method, path: r.path, status: r.status, ms: Math.round(seconds * 1000) }
  if (log) log()[level](line, 'request')
  else logger[level]({ reqId: r.id, ...line }, 'request')
}

/**
 * Gives every request an id (requestIdOf), echoes it, binds a child logger to it (made when used: see
 * lazyRequestLog, which the app installs), and records the request when its response ends (recordRequest).
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (request, res, next) => {
    const req = request as Logged
    req.id = requestIdOf(req.headers['x-request-id'])
    req[BASE_LOG] = logger
    res.setHeader('x-request-id', req.id)
    const started = performance.now()
    res.on('finish', () => {
      recordRequest(
        logger,
        metrics,
        {
          id: req.id,
          method: req.method,
          route: req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || 'unmatched',
          path: req.originalUrl.split('?')[0]!,
          status: res.statusCode,
          started,
          quiet: res.locals.quietRequestLog === true,
        },
        // not `req.log`: a mounted app that answered (Bull Board's) leaves the request on its own prototype,
        // which has no such getter; the child is made here from what this middleware set
        () => (req[CHILD_LOG] ??= logger.child({ reqId: req.id })),
      )
    })
    next()
  }
}
