import net from 'node:net'
/** Ask the kernel for a free port on 127.0.0.1 (small race window; fine for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export async function waitFor<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 3000,
  stepMs = 20,
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v !== undefined && v !== false && v !== null) return v as T
    if (Date.now() > end) throw new Error(`waitFor timed out after ${timeoutMs}ms`)
    await sleep(stepMs)
  }
}
