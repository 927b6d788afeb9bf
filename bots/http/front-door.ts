import http, { type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Express } from 'express'
import type { Logger } from 'pino'
import type { ProgramNames } from '../i18n/errors.ts'
import type { Metrics } from '../metrics.ts'
import { errorReply } from './errors.ts'
import { trackKeepAlive } from './keep-alive.ts'
import { recordRequest, requestIdOf } from './request-context.ts'

/**
 * A hot path: takes its request and answers it (true), or leaves it untouched to express (false). Only the requests
 * a service gets by the thousand a second are worth one (referral clicks, postbacks): express's per-request work (its
 * request and response prototypes, the router's layers, the middleware chain) cost a click as much CPU as recording
 * it did.
 */
export type HotPath = (req: IncomingMessage, res: ServerResponse) => boolean

/** A header that came once, as express's req.get reads it (a repeated one is not a value). */
export const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name]
  return typeof v === 'string' ? v : undefined
}

/** The request's path and query string (without the `?`; undefined when there is none). */
export function splitUrl(url: string): { path: string; query?: string } {
  const q = url.indexOf('?')
  return q < 0 ? { path: url } : { path: url.slice(0, q), query: url.slice(q + 1) }
}

/** What express's middleware gives every request, which a hot path's answer gets from answerHot. */
export interface HotContext {
  logger: Logger
  metrics: Metrics
  programs: ProgramNames
}

/** The service's request listener: each hot path in turn, then the express app for every other request. */
export function frontDoor(
  app: Express,
  hot: HotPath[],
): RequestListener & { listen(port: number, host: string): Server } {
  const listener: RequestListener = (req, res) => {
    for (const take of hot) if (take(req, res)) return
    app(req, res)
  }
  return Object.assign(listener, {
    listen: (port: number, host: string) =>
      trackKeepAlive(http.createServer(listener)).on('clientError', refuseUnreadable).listen(port, host),
  })
}

/** How long an unreadable request's connection stays open after its answer, for the peer to read it. */
const LINGER_MS = 1000

/**
 * A request node cannot even read (headers too large, bad framing, a timeout before its headers ended) is answered
 * in the contract's shape, as every other error, rather than with node's bare status line.
 */
function refuseUnreadable(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) {
  // as node itself: no answer over one already under way on this connection (node's in-flight response)
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) return void socket.destroy()
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large']
      : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
        ? [413, 'payload_too_large', 'The body is too large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'request_timeout', 'The request did not arrive in time']
          : [400, 'bad_request', 'The request could not be read']
  const body = JSON.stringify({ error: { code, message } })
  // an answer to HEAD has no body, whatever its headers say
  const head = err.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD '
  // written, then closed a moment later: what the peer still sends is read and dropped meanwhile (closing with it
  // unread would reset the connection before the peer reads the answer), and a peer that keeps its side open
  // does not keep the socket
  socket.resume()
  setTimeout(() => socket.destroy(), LINGER_MS).unref()
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${head ? '' : body}`,
  )
}

/**
 * Runs a hot path's answer as express's middleware would: the request gets an id (the caller's X-Request-Id when
 * sane), echoed as the first header (`head`, which the answer writes with its own); a failure is answered in the
 * contract's shape (errorReply, as express's last middleware does); and the request has its access-log line and
 * latency sample under `route` (recordRequest).
 */
export function answerHot(
  ctx: HotContext,
  req: IncomingMessage,
  res: ServerResponse,
  at: { route: string; path: string },
  answer: (head: string[], log: () => Logger) => Promise<void>,
): void {
  const started = performance.now()
  const id = requestIdOf(req.headers['x-request-id'])
  let child: Logger | undefined
  // bound to the request's id when first used, as express's req.log
  const log = () => (child ??= ctx.logger.child({ reqId: id }))
  const done = () =>
    recordRequest(ctx.logger, ctx.metrics, { id, method: req.method ?? 'GET', ...at, status: res.statusCode, started })
  let answered: Promise<void>
  try {
    answered = answer(['x-request-id', id], log)
  } catch (err) {
    answered = Promise.reject(err)
  }
  answered.then(done, (err: unknown) => {
    if (res.headersSent) {
      log().error({ err }, 'unhandled error')
      res.destroy()
    } else {
      const r = errorReply(err, ctx.programs, log(), id)
      const body = JSON.stringify(r.body)
      res.writeHead(r.status, {
        'x-request-id': id,
        ...r.headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
      })
      res.end(body)
    }
    done()
  })
}
