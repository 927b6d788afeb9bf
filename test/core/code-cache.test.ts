import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CodeRecord } from '../../core/ports/earnings-store.ts'
import { CodeCache, STALE_MS } from '../../core/use-cases/code-cache.ts'

const record = (code: string, status: CodeRecord['status'] = 'active'): CodeRecord => ({
  id: `id-${code}`,
  code,
  programKey: 'quantower',
  status,
  enrolment: {
    id: `e-${code}`,
    partnerId: 'p',
    programKey: 'quantower',
    status: 'active',
    registeredAt: new Date(0),
  },
})

/** A store of codes that records each read (the codes asked in one call) and can be made to fail. */
function store() {
  const codes = new Map<string, CodeRecord>()
  const reads: string[][] = []
  let failing = false
  return {
    codes,
    reads,
    fail: (on: boolean) => {
      failing = on
    },
    findMany: async (asked: readonly string[]) => {
      reads.push([...asked])
      if (failing) throw new Error('connection lost')
      // as the port says: every code matching one asked for regardless of case
      const lower = new Set(asked.map((c) => c.toLowerCase()))
      return [...codes.values()].filter((c) => lower.has(c.code.toLowerCase()))
    },
  }
}

/** A cache (two seconds per code) that has read code 'aaa' once, at 0 ms: `first` is what it answered. */
async function warm(s = store(), findMany = s.findMany) {
  s.codes.set('aaa', record('aaa'))
  const cache = new CodeCache(findMany, 2000)
  const first = cache.get('aaa')
  await vi.advanceTimersByTimeAsync(0)
  await first
  return { s, cache, first }
}

describe('CodeCache', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reads the codes clicks want in one turn with one statement, unknown ones included', async () => {
    const s = store()
    s.codes.set('aaa', record('aaa'))
    s.codes.set('bbb', record('bbb'))
    const cache = new CodeCache(s.findMany)
    const asked = Promise.all(['aaa', 'bbb', 'aaa', 'zzz'].map((c) => cache.get(c)))
    await vi.advanceTimersByTimeAsync(0)
    expect((await asked).map((c) => c?.code ?? null)).toEqual(['aaa', 'bbb', 'aaa', null])
    expect(s.reads).toEqual([['aaa', 'bbb', 'zzz']])
    // kept, the unknown code too
    await cache.get('zzz')
    await cache.get('aaa')
    expect(s.reads).toHaveLength(1)
  })

  it('finds a code written in other letters (codes are case-insensitive), the exact one first', async () => {
    const s = store()
    s.codes.set('Anna10', record('Anna10'))
    s.codes.set('promo1', record('promo1'))
    s.codes.set('PROMO1', record('PROMO1'))
    const cache = new CodeCache(s.findMany)
    const asked = Promise.all(['anna10', 'ANNA10', 'Anna10', 'PROMO1', 'Promo1'].map((c) => cache.get(c)))
    await vi.advanceTimersByTimeAsync(0)
    // "Promo1" is two programs' codes: neither
    expect((await asked).map((c) => c?.code ?? null)).toEqual(['Anna10', 'Anna10', 'Anna10', 'PROMO1', null])
    expect(s.reads).toHaveLength(1)
  })

  it('a busy code is read again in the background after three quarters of its time: no click waits for it', async () => {
    const { s, cache, first } = await warm()
    await vi.advanceTimersByTimeAsync(1400)
    expect(cache.get('aaa')).toBe(first) // before 1,500 ms: kept, nothing read
    expect(s.reads).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(200)
    s.codes.set('aaa', record('aaa', 'suspended'))
    // 1,600 ms: answered at once from what is kept, read again in the background (gathered for 10 ms)
    expect(cache.get('aaa')).toBe(first)
    expect(cache.get('aaa')).toBe(first)
    await vi.advanceTimersByTimeAsync(10)
    expect(s.reads).toEqual([['aaa'], ['aaa']])
    expect((await cache.get('aaa'))?.status).toBe('suspended')
    // kept for the full time from the second read: at 3,400 ms (past the first read's 2,000) still no read
    await vi.advanceTimersByTimeAsync(1700)
    expect((await cache.get('aaa'))?.status).toBe('suspended')
    expect(s.reads).toHaveLength(2)
  })

  it('an idle code past its time is read again, and the click waits for it', async () => {
    const { s, cache, first } = await warm()
    s.codes.set('aaa', record('aaa', 'suspended'))
    await vi.advanceTimersByTimeAsync(2000)
    const again = cache.get('aaa')
    expect(again).not.toBe(first)
    await vi.advanceTimersByTimeAsync(0)
    expect((await again)?.status).toBe('suspended')
  })

  it('a background read that returns after the cache was cleared is not kept (a change made here wins)', async () => {
    const s = store()
    let release: (() => void) | undefined
    let calls = 0
    // the second read (the background one) reads the code before the change, and returns only when released
    const slow = async (codes: readonly string[]) => {
      if (++calls !== 2) return s.findMany(codes)
      const before = await s.findMany(codes)
      await new Promise<void>((r) => (release = r))
      return before
    }
    const { cache } = await warm(s, slow)
    await vi.advanceTimersByTimeAsync(1600)
    cache.get('aaa') // starts the background read, which stalls
    await vi.advanceTimersByTimeAsync(10)
    cache.clear() // this process suspended the code
    s.codes.set('aaa', record('aaa', 'suspended'))
    const after = cache.get('aaa')
    await vi.advanceTimersByTimeAsync(0)
    expect((await after)?.status).toBe('suspended')
    release?.() // the older read returns: it was of the code before the change
    await vi.advanceTimersByTimeAsync(0)
    expect((await cache.get('aaa'))?.status).toBe('suspended')
  })

  it('a failed read fails its clicks and is tried again by the next; a failed background read keeps the entry', async () => {
    const s = store()
    s.codes.set('aaa', record('aaa'))
    const cache = new CodeCache(s.findMany, 2000)
    s.fail(true)
    const failed = cache.get('aaa')
    failed.catch(() => {})
    await vi.advanceTimersByTimeAsync(0)
    await expect(failed).rejects.toThrow('connection lost')
    s.fail(false)
    const ok = cache.get('aaa')
    await vi.advanceTimersByTimeAsync(0)
    expect((await ok)?.code).toBe('aaa')
    await vi.advanceTimersByTimeAsync(1600)
    s.fail(true)
    expect(cache.get('aaa')).toBe(ok)
    await vi.advanceTimersByTimeAsync(10)
    expect(cache.get('aaa')).toBe(ok) // still answering until its time is up
    s.fail(false)
    await vi.advanceTimersByTimeAsync(400)
    const reread = cache.get('aaa')
    expect(reread).not.toBe(ok)
    await vi.advanceTimersByTimeAsync(0)
    expect((await reread)?.code).toBe('aaa')
  })

  it('the database away: a code read in the last ten minutes still answers (stale-if-error); an older one fails', async () => {
    const { s, cache } = await warm()
    s.fail(true)
    await vi.advanceTimersByTimeAsync(2500) // expired, and its read fails: what was read last answers
    const stale = cache.get('aaa')
    await vi.advanceTimersByTimeAsync(0)
    expect((await stale)?.code).toBe('aaa')
    // an unknown code has nothing to fall back on
    const unknown = cache.get('bbb')
    unknown.catch(() => {})
    await vi.advanceTimersByTimeAsync(0)
    await expect(unknown).rejects.toThrow('connection lost')
    // still failing past ten minutes after the last good read: the click fails as before (a 503)
    await vi.advanceTimersByTimeAsync(STALE_MS)
    const late = cache.get('aaa')
    late.catch(() => {})
    await vi.advanceTimersByTimeAsync(0)
    await expect(late).rejects.toThrow('connection lost')
    // back: read again, and answered fresh
    s.fail(false)
    s.codes.set('aaa', record('aaa', 'suspended'))
    const back = cache.get('aaa')
    await vi.advanceTimersByTimeAsync(0)
    expect((await back)?.status).toBe('suspended')
  })
})
