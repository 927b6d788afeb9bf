import { codeAsWritten } from '../domain/codes.ts'
import type { CodeRecord } from '../ports/earnings-store.ts'

interface Entry {
  /** A click after this reads the code again, and waits for it. */
  until: number
  /** A click after this has the code read again in the background, while the entry still answers. */
  refreshAt: number
  code: Promise<CodeRecord | null>
  refreshing?: boolean
  /** What the database last answered for the code, and when it was read: a click may land by it while the
   * database is away (stale-if-error), for STALE_MS after that read at most. */
  read?: { value: CodeRecord | null; at: number }
}

interface Wanted {
  resolve: (code: CodeRecord | null) => void
  reject: (err: unknown) => void
}

/** Of the time a code is kept, the share after which a click has it read again ahead of its expiry. */
const REFRESH_AT = 0.75
/**
 * How long after its last read a code may still answer a click when reading it again fails (the database away, a
 * failover): the visitor lands with the code, and the click waits in the click buffer for the database, instead of
 * a browser being shown a 503 it will not retry.
 */
export const STALE_MS = 10 * 60_000
/** How long background reads wait for others to join them (a click that must wait for its code never waits this). */
const GATHER_MS = 10
/** Codes per statement at most. */
const MAX_BATCH = 500

/**
 * Referral codes as clicks read them (code -> program, enrolment, status), kept `ttlMs` per code: a click costs no
 * database read. A change made by this process (suspending a code, ending an agreement, any call to the modules
 * that change codes or enrolments) clears it at once (createCore); one made by another instance is seen within
 * `ttlMs`. Unknown codes are kept too (a flood of made-up codes reads each once per `ttlMs`); at most `max` codes,
 * the oldest first out.
 *
 * Reads are gathered: the codes wanted in one turn of the event loop are read in one statement (`findMany`). A code
 * clicked in the last quarter of its time is read again in the background, so a busy code never makes a click wait
 * and never expires all at once with the others: before this, every code read at the same moment expired at the
 * same moment, and the reads that followed (one statement each) were most of a click's tail latency.
 */
export class CodeCache {
  private readonly map = new Map<string, Entry>()
  private wanted = new Map<string, Wanted[]>()
  private urgent: ReturnType<typeof setImmediate> | undefined
  private gathering: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly findMany: (codes: readonly string[]) => Promise<CodeRecord[]>,
    readonly ttlMs = 2000,
    private readonly max = 20_000,
  ) {}

  get(code: string): Promise<CodeRecord | null> {
    const now = Date.now()
    const hit = this.map.get(code)
    if (hit && hit.until > now) {
      if (now >= hit.refreshAt && !hit.refreshing) this.refresh(code, hit)
      return hit.code
    }
    if (hit) this.map.delete(code)
    else if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!)
    const stale = hit?.read && now - hit.read.at < STALE_MS ? hit.read : undefined
    // concurrent clicks on a code read it once; a failed read answers what was read last, while it may
    const read = this.read(code, true)
    const entry = this.entry(now, stale ? read.catch(() => stale.value) : read, stale)
    this.map.set(code, entry)
    read.then(
      (value) => {
        entry.read = { value, at: now }
      },
      () => {
        if (!stale && this.map.get(code) === entry) this.map.delete(code)
      },
    )
    return entry.code
  }

  clear() {
    this.map.clear()
  }

  private entry(readAt: number, code: Promise<CodeRecord | null>, read?: Entry['read']): Entry {
    return { until: readAt + this.ttlMs, refreshAt: readAt + this.ttlMs * REFRESH_AT, code, read }
  }

  /**
   * Reads the code again while its entry answers; the entry is replaced when the read returns, unless the cache was
   * cleared (or the code read anew) meanwhile: what this process changed since is never overwritten by an older
   * read. A failed read leaves the entry to expire, and the next click then reads the code itself.
   */
  private refresh(code: string, hit: Entry) {
    hit.refreshing = true
    const readAt = Date.now()
    this.read(code, false).then(
      (found) => {
        if (this.map.get(code) === hit)
          this.map.set(code, this.entry(readAt, Promise.resolve(found), { value: found, at: readAt }))
      },
      () => {
        hit.refreshing = false
      },
    )
  }

  /** A code, read with the others wanted in this turn (`urgent`: a click waits for it) or in the next few ms. */
  private read(code: string, urgent: boolean): Promise<CodeRecord | null> {
    const promise = new Promise<CodeRecord | null>((resolve, reject) => {
      const waiting = this.wanted.get(code)
      if (waiting) waiting.push({ resolve, reject })
      else this.wanted.set(code, [{ resolve, reject }])
    })
    if (urgent) this.urgent ??= setImmediate(() => void this.readWanted())
    else this.gathering ??= setTimeout(() => void this.readWanted(), GATHER_MS)
    return promise
  }

  private async readWanted() {
    clearImmediate(this.urgent)
    clearTimeout(this.gathering)
    this.urgent = undefined
    this.gathering = undefined
    const wanted = this.wanted
    this.wanted = new Map()
    const codes = [...wanted.keys()]
    for (let i = 0; i < codes.length; i += MAX_BATCH) {
      const batch = codes.slice(i, i + MAX_BATCH)
      try {
        const found = await this.findMany(batch)
        for (const code of batch) {
          const match = codeAsWritten(code, found)
          for (const w of wanted.get(code)!) w.resolve(match)
        }
      } catch (err) {
        for (const code of batch) for (const w of wanted.get(code)!) w.reject(err)
      }
    }
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
