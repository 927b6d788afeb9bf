import type { ClickStore, NewClick } from '../ports/click-store.ts'
import type { Logger } from '../ports/logger.ts'

export interface ClickWriterOptions {
  /** How long a click waits in the buffer at most before its batch is written (ms). */
  intervalMs: number
  /** Clicks per INSERT: a full batch is written at once, without waiting for the interval. */
  maxBatch: number
  /** Past this many buffered clicks a click waits for the write of its batch (back-pressure), none is dropped. */
  maxBuffered: number
}

export const CLICK_WRITER: ClickWriterOptions = { intervalMs: 50, maxBatch: 500, maxBuffered: 5000 }

/**
 * Clicks answered before they are written: each request buffers its click, and the buffer is written in batches
 * (one statement each, ClickStore.insertClicks) every `intervalMs` or `maxBatch` clicks, one batch at a time per
 * process. A crash (SIGKILL, power) loses the clicks of the last interval; close() (a graceful stop) writes them all.
 * A write that fails puts its clicks back (up to `maxBuffered`) and is tried again at the next interval.
 */
export class ClickWriter {
  private buffer: NewClick[] = []
  private timer: ReturnType<typeof setTimeout> | undefined
  private writing: Promise<void> = Promise.resolve()
  /** A write queued behind the one under way, not begun: later flushes join it (it takes all that is buffered then). */
  private queued: Promise<void> | undefined
  private closed = false
  /** Clicks of the batch being written now. */
  private inFlight = 0

  constructor(
    private readonly store: Pick<ClickStore, 'insertClicks'>,
    private readonly logger?: Logger,
    readonly options: ClickWriterOptions = CLICK_WRITER,
  ) {}

  /** Buffers a click; resolves at once, or once its batch is written when the buffer is full (or after close). */
  async add(c: NewClick): Promise<void> {
    if (this.closed) return this.store.insertClicks([c])
    this.buffer.push(c)
    if (this.buffer.length >= this.options.maxBuffered) return this.flush()
    if (this.buffer.length >= this.options.maxBatch) void this.flush()
    else this.timer ??= setTimeout(() => void this.flush(), this.options.intervalMs)
  }

  /**
   * Until a click named by a postback is written, if it is anywhere: this process's buffer is written now when it
   * holds it; otherwise another instance's may, and two of its intervals are waited (its batch is written by then
   * unless its database is slower than that).
   */
  async settle(id: string): Promise<void> {
    if (this.buffer.some((c) => c.id === id)) return this.flush()
    await this.writing
    await new Promise((resolve) => setTimeout(resolve, 2 * this.options.intervalMs))
  }

  /** Writes every click buffered so far (after the batches already being written). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (this.queued) return this.queued
    const next = this.writing.then(() => {
      this.queued = undefined
      return this.drain()
    })
    this.queued = next
    this.writing = next
    return next
  }

  /** A graceful stop: the buffer is written, and later clicks are written one by one as they come. */
  close(): Promise<void> {
    this.closed = true
    return this.flush()
  }

  get buffered() {
    return this.buffer.length
  }

  /** Clicks answered and not yet written: buffered, and in the batch being written. */
  get unwritten() {
    return this.buffer.length + this.inFlight
  }

  private async drain() {
    while (this.buffer.length) {
      const batch = this.buffer.splice(0, this.options.maxBatch)
      this.inFlight = batch.length
      try {
        await this.store.insertClicks(batch)
        this.inFlight = 0
      } catch (err) {
        this.inFlight = 0
        const kept = Math.max(0, Math.min(batch.length, this.options.maxBuffered - this.buffer.length))
        this.buffer.unshift(...batch.slice(0, kept))
        this.logger?.error({ err, clicks: batch.length, lost: batch.length - kept }, 'clicks not written: retried')
        if (!this.closed) this.timer ??= setTimeout(() => void this.flush(), this.options.intervalMs)
        return
      }
    }
  }
}
