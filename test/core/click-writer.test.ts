import { describe, expect, it } from 'vitest'
import type { NewClick } from '../../core/ports/click-store.ts'
import { ClickWriter } from '../../core/use-cases/click-writer.ts'

const click = (n: number): NewClick => ({
  id: `c-${n}`,
  codeId: 'code',
  enrolmentId: 'enrolment',
  at: new Date('2026-03-02T09:00:00Z'),
  day: '2026-03-02',
})

/** The store's side: the batches written, and a failure to throw next when asked. */
function store() {
  const batches: string[][] = []
  let failNext = false
  return {
    batches,
    failOnce: () => {
      failNext = true
    },
    async insertClicks(cs: NewClick[]) {
      if (failNext) {
        failNext = false
        throw new Error('connection lost')
      }
      batches.push(cs.map((c) => c.id))
    },
  }
}

describe('the click buffer', () => {
  it('answers at once and writes the clicks of an interval as one batch', async () => {
    const s = store()
    const w = new ClickWriter(s, undefined, { intervalMs: 20, maxBatch: 100, maxBuffered: 1000 })
    for (let i = 0; i < 5; i++) await w.add(click(i))
    expect(s.batches).toEqual([])
    expect(w.buffered).toBe(5)
    await new Promise((r) => setTimeout(r, 60))
    expect(s.batches).toEqual([['c-0', 'c-1', 'c-2', 'c-3', 'c-4']])
    expect(w.buffered).toBe(0)
  })

  it('writes a full batch without waiting, in batches of at most maxBatch', async () => {
    const s = store()
    const w = new ClickWriter(s, undefined, { intervalMs: 60_000, maxBatch: 3, maxBuffered: 1000 })
    for (let i = 0; i < 7; i++) await w.add(click(i))
    await w.flush()
    for (const b of s.batches) expect(b.length).toBeLessThanOrEqual(3)
    expect(s.batches.flat()).toEqual(Array.from({ length: 7 }, (_, i) => `c-${i}`))
  })

  it('past maxBuffered a click waits for its write (back-pressure), none is dropped', async () => {
    const s = store()
    const w = new ClickWriter(s, undefined, { intervalMs: 60_000, maxBatch: 100, maxBuffered: 4 })
    for (let i = 0; i < 3; i++) await w.add(click(i))
    expect(s.batches).toEqual([])
    await w.add(click(3)) // the fourth fills the buffer: it resolves once written
    expect(s.batches.flat()).toEqual(['c-0', 'c-1', 'c-2', 'c-3'])
  })

  it('a graceful stop writes what is buffered; clicks after it are written one by one', async () => {
    const s = store()
    const w = new ClickWriter(s, undefined, { intervalMs: 60_000, maxBatch: 100, maxBuffered: 1000 })
    for (let i = 0; i < 10; i++) await w.add(click(i))
    await w.close()
    expect(s.batches.flat()).toHaveLength(10)
    await w.add(click(10))
    expect(s.batches.at(-1)).toEqual(['c-10'])
  })

  it('counts what is not written yet: buffered, and the batch the database is still writing', async () => {
    let release = () => {}
    const slow = { insertClicks: () => new Promise<void>((r) => (release = r)) }
    const w = new ClickWriter(slow, undefined, { intervalMs: 60_000, maxBatch: 3, maxBuffered: 1000 })
    for (let i = 0; i < 5; i++) await w.add(click(i))
    expect(w.unwritten).toBe(5) // a batch of 3 under way, 2 buffered
    expect(w.buffered).toBe(2)
    const closed = w.close()
    release()
    await new Promise((r) => setTimeout(r, 0))
    release()
    await closed
    expect(w.unwritten).toBe(0)
  })

  it('a failed write keeps its clicks and tries again at the next interval', async () => {
    const s = store()
    const w = new ClickWriter(s, undefined, { intervalMs: 20, maxBatch: 100, maxBuffered: 1000 })
    s.failOnce()
    await w.add(click(1))
    await w.add(click(2))
    await w.flush()
    expect(s.batches).toEqual([])
    expect(w.buffered).toBe(2)
    await new Promise((r) => setTimeout(r, 60))
    expect(s.batches).toEqual([['c-1', 'c-2']])
  })

  it('a postback naming a buffered click has it written before reading it; another id waits two intervals', async () => {
    const s = store()
    const w = new ClickWriter(s, undefined, { intervalMs: 60_000, maxBatch: 100, maxBuffered: 1000 })
    await w.add(click(1))
    await w.settle('c-1')
    expect(s.batches).toEqual([['c-1']])
    const quick = new ClickWriter(s, undefined, { intervalMs: 30, maxBatch: 100, maxBuffered: 1000 })
    const t = performance.now()
    await quick.settle('elsewhere')
    expect(performance.now() - t).toBeGreaterThanOrEqual(55)
  })
})
