import type pg from 'pg'
import { type Group, type QueryConfig, type Row, withArrayLiterals } from './group-statements.ts'

/**
 * One transaction that several callers' transactions run as (Batch), over one connection (Session). Generic over
 * what a member writes; group-commit.ts queues the callers into batches, earnings-store.ts builds the postback hot
 * path on both.
 */

type Settled = PromiseSettledResult<pg.QueryResult<Row>>

/**
 * One connection and one transaction. Statements go in rounds: on a pipelining connection (PostgreSQL) a round
 * is one write to the socket, BEGIN riding with the first and COMMIT with the last (in this sandbox a round
 * trip's syscalls cost more than the SQL). Named statements are parsed and planned once per connection; not on
 * embedded PGlite, which serves every socket connection from one session (names would collide).
 */
export class Session {
  private begun = false
  constructor(
    private readonly client: pg.PoolClient,
    readonly named: boolean,
  ) {}

  private get pipelined() {
    return (this.client as unknown as { pipeline?: boolean }).pipeline === true
  }

  private async send(sent: QueryConfig[]): Promise<Settled[]> {
    const configs = sent.map((c) => (c.values ? { ...c, values: withArrayLiterals(c.values) } : c))
    if (this.pipelined) {
      const stream = (this.client as unknown as { connection?: { stream?: { cork(): void; uncork(): void } } })
        .connection?.stream
      stream?.cork()
      const results = configs.map((config) => this.client.query<Row>(config))
      stream?.uncork()
      return Promise.allSettled(results)
    }
    const settled: Settled[] = []
    for (const config of configs) {
      settled.push(
        await this.client.query<Row>(config).then(
          (value) => ({ status: 'fulfilled', value }),
          (reason: unknown) => ({ status: 'rejected', reason }),
        ),
      )
    }
    return settled
  }

  /**
   * What opens the transaction. With named statements, their cached generic plans are used from the first run on:
   * PostgreSQL would otherwise plan five runs of each per connection, then keep planning the statements whose
   * generic plan it estimates dearer (the claim's, 1-2 ms a plan; measured: a fifth of its runs re-planned). Their
   * plans are key look-ups either way, and table-statistics.ts refreshes them while the tables are young. SET LOCAL:
   * Prisma's statements on the same connections keep the server's default.
   */
  private opening(): QueryConfig[] {
    return this.named
      ? [{ text: 'BEGIN' }, { text: 'SET LOCAL plan_cache_mode = force_generic_plan' }]
      : [{ text: 'BEGIN' }]
  }

  /** Sends one round in order, the transaction's opening first if it has not begun; settles each statement. */
  async round(configs: QueryConfig[]): Promise<Settled[]> {
    if (this.begun) return this.send(configs)
    this.begun = true
    const opening = this.opening()
    const settled = await this.send([...opening, ...configs])
    const failed = settled.slice(0, opening.length).find((r) => r.status === 'rejected')
    const rest = settled.slice(opening.length)
    return failed ? rest.map(() => failed) : rest
  }

  async commit(writes: QueryConfig[]) {
    if (!this.begun && !writes.length) return
    const settled = await this.round([...writes, { text: 'COMMIT' }])
    const failed = settled.find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
  }

  async rollback() {
    if (this.begun) await this.client.query('ROLLBACK').catch(() => {})
  }
}

/** One caller's share of a batch (a postback, for the earnings store). */
export interface Member<W extends PendingWrites<W>> {
  fn: (batch: Batch<W>, member: Member<W>) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
  result?: unknown
  failed?: { error: unknown }
  /** It has written (or locked) something in the batch's transaction: its failure fails the batch. */
  touched: boolean
  keys: Set<string>
  /** Settles once every key the member has asked for so far is its own: its statements wait for it. */
  gate: Promise<void>
  /** Its own writes, joining the batch's only when it is done: a member never reads its own writes. */
  writes: W
}

/** Writes waiting for the next round or COMMIT: as statements, and merged from a finished member. */
export interface PendingWrites<W> {
  statements(named: boolean): QueryConfig[]
  absorb(other: W): void
}

/** How long a batch's writes wait for the transaction before it to end (see Batch). */
export const AFTER_WAIT_MS = 1000

/** The transaction before this batch did not end within AFTER_WAIT_MS: the batch rolls back and runs again. */
export class AfterTimeoutError extends Error {
  constructor() {
    super(`the transaction before this one did not end within ${AFTER_WAIT_MS} ms`)
    this.name = 'AfterTimeoutError'
  }
}

/** The batch gave up (another member failed): the member runs again, alone. */
export class BatchAbortedError extends Error {
  constructor() {
    super('batch aborted')
    this.name = 'BatchAbortedError'
  }
}

interface Op {
  config?: QueryConfig
  group?: Group<unknown>
  arg?: unknown
  resolve: (r: { rows: Row[] }) => void
  reject: (e: unknown) => void
}

/**
 * One transaction shared by several members. Each runs its own code against its own view (for postbacks: the
 * EarningsTx of earnings-store.ts); their statements travel together, a round of them per socket write (merged
 * into one set-based statement per kind, see Group), and one COMMIT makes them durable together.
 *
 * Members must not see each other half-done. Each takes in-batch keys (acquire) before it reads what another
 * member could change, and holds them until it is done; its writes reach the server before a waiter's next read.
 * The caller takes keys in one fixed order (earnings-store.ts: event id, IP and order together, then customer,
 * then enrolment), so members cannot wait on each other in a cycle; between processes the same rows' database
 * locks serialise as before.
 *
 * A member that fails before writing anything (a replayed event id) leaves the batch alone. Any other failure,
 * or a statement the server refuses, rolls the whole batch back; its members run again in halves, down to the
 * failing member alone, which then fails exactly as it would have in a transaction of its own.
 *
 * A batch may start while the one before it commits (`after`: that transaction's end). Its reads and locks go
 * ahead at once (a row the other still holds waits for its commit in the database, as between two processes),
 * but its writes wait for `after`: the other's last writes then never queue behind a lock of this one's, so the
 * two cannot deadlock on the rows both write (the performance rollup's counters). Should `after` not come within
 * AFTER_WAIT_MS (the other waits after all on a row this one locked), this batch gives up instead of waiting on
 * each other for ever: it rolls back and its members run again (group-commit.ts).
 */
export class Batch<W extends PendingWrites<W>> {
  private ops: Op[] = []
  private writes: W
  private scheduled = false
  private flushing: Promise<void> = Promise.resolve()
  private abortedBy: { error: unknown } | undefined
  private readonly holders = new Map<string, Member<W>>()
  private waiters: { member: Member<W>; keys: string[]; resolve: () => void; reject: (e: unknown) => void }[] = []
  private afterPassed = false

  constructor(
    private readonly session: Session,
    private readonly newWrites: () => W,
    /** The end of the transaction before this one: this one's writes wait for it. */
    private readonly after?: Promise<void>,
  ) {
    this.writes = newWrites()
  }

  /** Waits for the transaction before this one to end; throws AfterTimeoutError if it has not within AFTER_WAIT_MS. */
  private async passAfter() {
    if (this.afterPassed || !this.after) return
    let timer: NodeJS.Timeout | undefined
    const ended = await Promise.race([
      this.after.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), AFTER_WAIT_MS)
      }),
    ])
    clearTimeout(timer)
    if (!ended) throw new AfterTimeoutError()
    this.afterPassed = true
  }

  get failure() {
    return this.abortedBy
  }

  private async enqueue(
    member: Member<W>,
    op: Omit<Op, 'resolve' | 'reject'>,
    touches: boolean,
  ): Promise<{ rows: Row[] }> {
    await member.gate
    if (this.abortedBy) throw new BatchAbortedError()
    if (touches) member.touched = true
    return new Promise((resolve, reject) => {
      this.ops.push({ ...op, resolve, reject })
      this.schedule()
    })
  }

  /** One statement of this member's, sent with the round. */
  query(member: Member<W>, name: string, text: string, values: unknown[], touches = true) {
    return this.enqueue(member, { config: this.session.named ? { name, text, values } : { text, values } }, touches)
  }

  /** This member's part of a set-based statement, sent with the round. */
  grouped<A>(member: Member<W>, group: Group<A>, arg: A, touches = true) {
    return this.enqueue(member, { group: group as Group<unknown>, arg }, touches)
  }

  /** The buffer this member's next writes join (sent before the next round's reads, or with COMMIT). */
  write(member: Member<W>): W {
    if (this.abortedBy) throw new BatchAbortedError()
    member.touched = true
    return member.writes
  }

  /** Waits until no other member holds any of these keys, then holds them all until the member is done. */
  acquire(member: Member<W>, keys: string[]): Promise<void> {
    const acquired = this.waitFor(member, keys)
    // its later statements wait for every key it has asked for so far, not only the latest
    member.gate = Promise.all([member.gate, acquired.catch(() => {})]).then(() => {})
    return acquired
  }

  private waitFor(member: Member<W>, keys: string[]): Promise<void> {
    if (this.abortedBy) return Promise.reject(new BatchAbortedError())
    if (this.free(member, keys)) {
      this.take(member, keys)
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => this.waiters.push({ member, keys, resolve, reject }))
  }

  private free(member: Member<W>, keys: string[]) {
    return keys.every((k) => {
      const holder = this.holders.get(k)
      return !holder || holder === member
    })
  }

  private take(member: Member<W>, keys: string[]) {
    for (const k of keys) {
      this.holders.set(k, member)
      member.keys.add(k)
    }
  }

  private release(member: Member<W>) {
    for (const k of member.keys) this.holders.delete(k)
    member.keys.clear()
    const waiting = this.waiters
    this.waiters = []
    for (const w of waiting) {
      if (this.free(w.member, w.keys)) {
        this.take(w.member, w.keys)
        w.resolve()
      } else this.waiters.push(w)
    }
  }

  private abort(error: unknown) {
    if (this.abortedBy) return
    this.abortedBy = { error }
    for (const op of this.ops.splice(0)) op.reject(new BatchAbortedError())
    for (const w of this.waiters.splice(0)) w.reject(new BatchAbortedError())
  }

  /** Runs the round once every member has gone as far as it can: after the current microtasks. */
  private schedule() {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.flushing = this.flushing.then(() => this.flush())
    })
  }

  /** Sends the round; if it cannot even be built or sent, the batch fails and every member in it hears so. */
  private async flush() {
    this.scheduled = false
    const ops = this.ops.splice(0)
    if (!ops.length) return
    try {
      await this.send(ops)
    } catch (e) {
      this.abort(e)
      for (const op of ops) op.reject(e)
    }
  }

  private async send(ops: Op[]) {
    const statements: { config: QueryConfig; ops: Op[] }[] = []
    const grouped = new Map<Group<unknown>, Op[]>()
    for (const op of ops) {
      if (op.config) statements.push({ config: op.config, ops: [op] })
      else grouped.set(op.group!, [...(grouped.get(op.group!) ?? []), op])
    }
    const groups = [...grouped].sort(([a], [b]) => Number(Boolean(b.locks)) - Number(Boolean(a.locks)))
    statements.unshift(
      ...groups.map(([group, members]) => {
        const values = group.values(members.map((m) => m.arg))
        const config = this.session.named
          ? { name: group.name, text: group.text, values }
          : { text: group.text, values }
        return { config, ops: members }
      }),
    )
    const writes = this.writes.statements(this.session.named)
    this.writes = this.newWrites()
    if (writes.length) await this.passAfter()
    const settled = await this.session.round([...writes, ...statements.map((st) => st.config)])
    const failedWrite = settled.slice(0, writes.length).find((r) => r.status === 'rejected')
    if (failedWrite) this.abort(failedWrite.reason)
    const results = settled.slice(writes.length)
    statements.forEach((st, i) => {
      const r = results[i]!
      if (r.status === 'rejected') {
        this.abort(r.reason)
        for (const op of st.ops) op.reject(r.reason)
      } else if (st.ops[0]!.group) {
        const parts = st.ops[0]!.group.split(
          r.value.rows,
          st.ops.map((op) => op.arg),
        )
        for (const [j, op] of st.ops.entries()) op.resolve({ rows: parts[j]! })
      } else st.ops[0]!.resolve(r.value)
    })
  }

  /**
   * Runs every member's rules, then commits (true) or rolls back (false: see `failure`). `onSettled`: every member
   * is done (what is left is writes and COMMIT), or the batch broke.
   */
  async run(members: Member<W>[], onSettled?: () => void): Promise<boolean> {
    await Promise.all(
      members.map(async (member) => {
        member.keys = new Set()
        member.gate = Promise.resolve()
        member.writes = this.newWrites()
        try {
          member.result = await member.fn(this, member)
          this.writes.absorb(member.writes)
        } catch (e) {
          member.failed = { error: e }
          if (member.touched) this.abort(e)
        } finally {
          this.release(member)
        }
      }),
    )
    onSettled?.()
    while (this.scheduled) await new Promise((r) => setImmediate(r))
    await this.flushing
    if (!this.abortedBy) {
      try {
        await this.passAfter()
        await this.session.commit(this.writes.statements(this.session.named))
        return true
      } catch (e) {
        this.abort(e)
      }
    }
    await this.session.rollback()
    return false
  }
}
