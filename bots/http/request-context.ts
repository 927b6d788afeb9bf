import { randomUUID } from 'node:crypto'
import type { RequestHandler, Response } from 'express'
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

/**
 * Logs this request's access line at debug instead of info: for requests a page repeats every second (the sandbox's
 * polling), which would otherwise be most of the log. A failure (5xx) is still logged as an error.
 */
export function quietRequestLog(res: Response) {
  res.locals.quietRequestLog = true
}

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane, else a new one), echoes it, binds a
 * child logger to it, and records one access-log line (info; debug for a quietRequestLog) and one latency sample
 * when the response ends.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id')
    req.id = given && SANE_ID.test(given) ? given : randomUUID()
    req.log = logger.child({ reqId: req.id })
    res.setHeader('x-request-id', req.id)
    const started = performance.now()
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || 'unmatched'
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds)
      const level = res.statusCode >= 500 ? 'error' : res.locals.quietRequestLog === true ? 'debug' : 'info'
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
