import type { Server, ServerResponse } from 'node:http'

// A graceful stop over keep-alive connections. `server.close()` stops new connections and drops idle ones, but a
// busy keep-alive connection would carry its client's next requests until the shutdown's limit cut it mid-request.
// From the stop on, every answer still to be written says `Connection: close`: each connection ends after the
// request it has in hand, answered, and the client opens its next one elsewhere (another instance).

const END = Symbol('endKeepAlive')
type Tracked = Server & { [END]?: () => void }

/** Tracks the server's answers under way, so that a stop can end their connections after them (endKeepAlive). */
export function trackKeepAlive<S extends Server>(server: S): S {
  const open = new Set<ServerResponse>()
  let ending = false
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (ending) return void res.setHeader('connection', 'close')
    open.add(res)
    res.once('close', () => open.delete(res))
  })
  ;(server as Tracked)[END] = () => {
    ending = true
    for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close')
    open.clear()
  }
  return server
}

/** From now on each answer ends its connection: those under way, and those a busy connection still brings. */
export function endKeepAlive(server: Server): void {
  ;(server as Tracked)[END]?.()
}
