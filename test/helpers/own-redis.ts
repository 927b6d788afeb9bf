import { type ChildProcess, spawn } from 'node:child_process'
import { pingRedis } from '../../core/infra/redis.ts'
import { waitFor } from './ports.ts'

/**
 * A redis-server of the test's own on `port` that keeps nothing, answering when this resolves: a test may kill it
 * (Redis down) and start another on the same port (Redis came back empty).
 */
export async function ownRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: 'ignore' },
  )
  await waitFor(
    () =>
      pingRedis(`redis://127.0.0.1:${port}`, 300).then(
        () => true,
        () => undefined,
      ),
    10_000,
  )
  return child
}
