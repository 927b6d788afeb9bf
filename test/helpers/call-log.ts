/** What a fake API was asked, in order, with a way to wait for a call that has not come yet. */
export class CallLog<C extends { method: string }> {
  readonly all: C[] = []
  private listeners: ((c: C) => void)[] = []

  record(call: C) {
    this.all.push(call)
    for (const l of this.listeners.slice()) l(call)
  }

  /** Resolves with the first call of `method` matching `pred`, past ones included (from index `since`). */
  waitFor(method: string, pred: (c: C) => boolean = () => true, timeoutMs = 3000, since = 0): Promise<C> {
    const hit = this.all.slice(since).find((c) => c.method === method && pred(c))
    if (hit) return Promise.resolve(hit)
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout waiting for ${method}`)), timeoutMs)
      const l = (c: C) => {
        if (c.method === method && pred(c)) {
          clearTimeout(t)
          this.listeners = this.listeners.filter((x) => x !== l)
          resolve(c)
        }
      }
      this.listeners.push(l)
    })
  }
}
