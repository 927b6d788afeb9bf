import { describe, expect, it } from 'vitest'

/** The setup file must stop any test from reaching a real chat platform, whatever client it uses. */
describe('loopback-only guard', () => {
  it('blocks fetch to a public host before anything is sent', async () => {
    const err = await fetch('https://api.telegram.org/bot1:x/getMe').then(
      () => undefined,
      (e: Error & { cause?: { code?: string } }) => e,
    )
    expect(err?.cause?.code).toBe('E_TEST_NETWORK_BLOCKED')
  })

  it('lets loopback through', async () => {
    const http = await import('node:http')
    const server = http.createServer((_q, r) => r.end('ok')).listen(0, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    const { port } = server.address() as { port: number }
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok')
    server.close()
  })
})
