import type { HealthProbe } from '../ports/health.ts'

export interface ReadinessCheck {
  name: string
  ok: boolean
  ms: number
  /** The driver's message (addresses, ports, auth failures): for operators (logs, `/pa status`), never public. */
  error?: string
}

export interface Readiness {
  ready: boolean
  checks: ReadinessCheck[]
}

/**
 * Runs every probe at once, each bounded by `timeoutMs`, and reports which dependency fails and why.
 * Times here are latencies, measured with the monotonic performance clock, not business time.
 */
export async function checkReadiness(probes: HealthProbe[], timeoutMs = 2000): Promise<Readiness> {
  const checks = await Promise.all(
    probes.map(async (p): Promise<ReadinessCheck> => {
      const started = performance.now()
      let timer: NodeJS.Timeout | undefined
      try {
        await Promise.race([
          p.check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
          }),
        ])
        return { name: p.name, ok: true, ms: Math.round(performance.now() - started) }
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e)
        return { name: p.name, ok: false, ms: Math.round(performance.now() - started), error }
      } finally {
        clearTimeout(timer)
      }
    }),
  )
  return { ready: checks.every((c) => c.ok), checks }
}
