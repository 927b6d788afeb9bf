import type { CodeRecord } from '../ports/earnings-store.ts'

/**
 * Referral codes as clicks read them (code -> program, enrolment, status), kept `ttlMs` per code: a click costs no
 * database read. A change made by this process (suspending a code, ending an agreement, any call to the modules
 * that change codes or enrolments) clears it at once (createCore); one made by another instance is seen within
 * `ttlMs`. Unknown codes are kept too (a flood of made-up codes reads each once per `ttlMs`); at most `max` codes,
 * the oldest first out.
 */
export class CodeCache {
  private readonly map = new Map<string, { until: number; code: Promise<CodeRecord | null> }>()
  constructor(
    private readonly find: (code: string) => Promise<CodeRecord | null>,
    readonly ttlMs = 2000,
    private readonly max = 20_000,
  ) {}

  get(code: string): Promise<CodeRecord | null> {
    const now = Date.now()
    const hit = this.map.get(code)
    if (hit && hit.until > now) return hit.code
    if (hit) this.map.delete(code)
    else if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!)
    // concurrent clicks on a code read it once
    const read = this.find(code)
    this.map.set(code, { until: now + this.ttlMs, code: read })
    read.catch(() => this.map.delete(code))
    return read
  }

  clear() {
    this.map.clear()
  }
}

/** The module with every function clearing the cache once it has run (a change it made is seen by the next click). */
export function clearingCodes<M extends object>(module: M, cache: CodeCache): M {
  const out = {} as Record<string, unknown>
  for (const [name, value] of Object.entries(module)) {
    out[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            const result = (value as (...a: unknown[]) => unknown).apply(module, args)
            if (result instanceof Promise) return result.finally(() => cache.clear())
            cache.clear()
            return result
          }
        : value
  }
  return out as M
}
