// Vitest setupFile: any TCP connect to a non-loopback host fails fast, so a forgotten apiRoot/slackApiUrl
// can never reach api.telegram.org / slack.com (covers node:http, node-fetch, undici fetch, ioredis).
import net from 'node:net'

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]|::ffff:127\.\d+\.\d+\.\d+)$/
// Files share a process (isolate: false), and this runs before each of them: wrap connect once.
const GUARDED = Symbol.for('pa.loopbackOnly')
const orig = net.Socket.prototype.connect
if (!(GUARDED in orig))
  net.Socket.prototype.connect = Object.assign(
    function (this: net.Socket, ...args: any[]) {
      const o = Array.isArray(args[0]) ? args[0][0] : args[0]
      const opts =
        typeof o === 'object' && o !== null ? o : { port: o, host: typeof args[1] === 'string' ? args[1] : undefined }
      const isIpc = typeof opts.path === 'string' && opts.port == null // unix socket; http options also carry .path (the URL path)
      if (!isIpc) {
        const host = String(opts.host ?? 'localhost')
        if (!LOOPBACK.test(host)) {
          const err = Object.assign(new Error(`loopback-only test guard: blocked connection to ${host}:${opts.port}`), {
            code: 'E_TEST_NETWORK_BLOCKED',
          })
          process.nextTick(() => this.destroy(err))
          return this
        }
      }
      return (orig as any).apply(this, args)
    },
    { [GUARDED]: true },
  ) as any
