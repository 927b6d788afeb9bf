import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { trackKeepAlive } from '../../bots/http/keep-alive.ts'
import { closeServer } from '../../bots/service/shutdown.ts'

/** A graceful stop over keep-alive connections: the request in hand is answered, then its connection ends. */
describe('graceful stop with keep-alive clients', () => {
  it('answers the request under way with Connection: close, closes at once, and takes no new request', async () => {
    const server = trackKeepAlive(
      http.createServer((req, res) => {
        setTimeout(() => res.end('ok'), req.url === '/slow' ? 300 : 0)
      }),
    )
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const get = (path: string) =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path, agent }, (res) => {
            res.resume()
            res.on('end', () => resolve(res))
          })
          .on('error', reject)
      })
    try {
      expect((await get('/fast')).headers.connection).toBe('keep-alive')
      const slow = get('/slow')
      await new Promise((r) => setTimeout(r, 50))
      const began = performance.now()
      const closed = closeServer(server)
      expect((await slow).headers.connection).toBe('close')
      await closed
      // not the keep-alive timeout (5 s): the connection ended with its answer
      expect(performance.now() - began).toBeLessThan(1500)
      await expect(get('/fast')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    } finally {
      agent.destroy()
      server.closeAllConnections()
    }
  })
})
