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

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane, else a new one), echoes it, binds a
 * child logger to it (made when used: see lazyRequestLog, which the app installs), and records one access-log line (info; debug for a quietRequestLog) and one latency sample
 * when the response ends.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (request, res, next) => {
    const req = request as Logged
    const given = req.get('x-request-id')
    req.id = given && SANE_ID.test(given) ? given : randomUUID()
    req[BASE_LOG] = logger
    res.setHeader('x-request-id', req.id)
    const started = performance.now()
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || 'unmatched'
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds)
      const level = res.statusCode >= 500 ? 'error' : res.locals.quietRequestLog === true ? 'debug' : 'info'
      if (!logger.isLevelEnabled(level)) return
      req.log[level](
        // the whole path (req.path is relative to the router that answered), never the query
        {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
        },
        'request',
      )
    })
    next()
  }
}
