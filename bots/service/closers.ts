import type { Logger } from 'pino'

/** What start-up opened so far, closed in reverse order if a later step fails. */
export class Closers {
  private readonly list: (() => Promise<void>)[] = []
  constructor(private readonly logger: Logger) {}
  push(close: () => Promise<void>) {
    this.list.push(close)
  }
  /** Start-up finished: from here on the service's own shutdown closes everything, in its own order. */
  handOver() {
    this.list.splice(0)
  }
  async closeAll() {
    for (const close of this.list.splice(0).reverse()) {
      try {
        await close()
      } catch (e) {
        this.logger.error({ err: e }, 'error while closing')
      }
    }
  }
}

/** A start-up failure the operator can fix: names the variable and says why, in one line. */
export class StartupError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`)
    this.name = 'StartupError'
  }
}

export const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)) || 'unknown error'
