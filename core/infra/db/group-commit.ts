import type pg from 'pg'
import { UnavailableError } from '../../domain/errors.ts'
import { asUnavailable, isConnectionError } from './connection-errors.ts'
import { AfterTimeoutError, Batch, type Member, type PendingWrites, Session } from './group-batch.ts'

export interface BatchReport {
  /** Members (postbacks) the transaction carried. */
  size: number
  seconds: number
  /**
   * committed; split: rolled back, its members run again in halves; failed: a lone member's failure; lost: its
   * connection went away (run once more on a fresh one, then answered as unavailable).
   */
  outcome: 'committed' | 'split' | 'failed' | 'lost'
  /** Why it was rolled back (the database's or a member's error message). */
  reason?: string
}

export interface GroupCommitOptions<W> {
  /** Named (prepared) statements: not where connections share one session (embedded PGlite). */
  named: boolean
  /**
   * The next batch starts while one commits (its writes wait for that commit, see Batch): the database works on
   * one batch's commit while this process runs the next one's rules. Not where connections share one session.
   */
  overlap: boolean
  /** Most members one transaction carries: bounds statement sizes and the time its locks are held. */
  maxBatch: number
  newWrites: () => W
  /** A lone member's failure as its caller should see it (database errors to the port's errors). */
  translate: (e: unknown) => unknown
  onBatch?: (report: BatchReport) => void
}

type MemberFn<W extends PendingWrites<W>, T> = (batch: Batch<W>, member: Member<W>) => Promise<T>

/** A batch's place in the overlap: the end it waits for before writing, and its own signals. */
interface Overlap {
  after: Promise<void>
  /** Its members are done: the next batch may start. */
  settle: () => void
  /** Its transaction ended (committed or rolled back). */
  end: () => void
}

/** A batch that ran to its end on its connection: committed or not, and the connection's own error if it died. */
interface Attempt<W extends PendingWrites<W>> {
  batch: Batch<W>
  committed: boolean
  lost: unknown
}

function rejectAll<W extends PendingWrites<W>>(members: Member<W>[], error: unknown) {
  for (const member of members) member.reject(error)
}

/** The members run again from the start: what they did in a transaction that did not commit is forgotten. */
function forget<W extends PendingWrites<W>>(members: Member<W>[]) {
  for (const member of members) {
    member.failed = undefined
    member.touched = false
  }
}

class GroupCommitter<W extends PendingWrites<W>> {
  private readonly queue: Member<W>[] = []
  private running = false
  /** The end of the last batch's first transaction: the next batch's writes wait for it (overlap). */
  private lastEnded: Promise<void> = Promise.resolve()

  constructor(
    private readonly pool: pg.Pool,
    private readonly opts: GroupCommitOptions<W>,
  ) {}

  submit<T>(fn: MemberFn<W, T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        fn,
        resolve: resolve as (v: unknown) => void,
        reject,
        touched: false,
        keys: new Set(),
        gate: Promise.resolve(),
        writes: this.opts.newWrites(),
      })
      // callers arriving in the same turn of the event loop start together
      if (!this.running) {
        this.running = true
        setImmediate(() => void this.drain())
      }
    })
  }

  /**
   * Batches one after another: without overlap each once the one before has ended; with it, each once the one
   * before has only its writes and COMMIT left (so at most two transactions take locks at a time, and the later
   * one's writes wait for the earlier one's end).
   */
  private async drain() {
    this.running = true
    try {
      while (this.queue.length) {
        const members = this.queue.splice(0, this.opts.maxBatch)
        if (!this.opts.overlap) {
          await this.runBatch(members)
          continue
        }
        let settle!: () => void
        let end!: () => void
        const settled = new Promise<void>((resolve) => {
          settle = resolve
        })
        const after = this.lastEnded
        this.lastEnded = new Promise<void>((resolve) => {
          end = resolve
        })
        void this.runBatch(members, false, { after, settle, end }).finally(() => {
          settle()
          end()
        })
        await settled
      }
    } finally {
      this.running = false
    }
  }

  /** One transaction for these members on a connection of its own; answers them, or runs them again. */
  private async runBatch(members: Member<W>[], retried = false, overlap?: Overlap): Promise<void> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (e) {
      rejectAll(members, asUnavailable(e))
      return
    }
    const started = performance.now()
    const attempt = await this.attempt(client, members, overlap)
    // the next batch's writes wait for this end; this batch's reruns below do not wait for anything of the next one
    overlap?.end()
    if (!attempt) return
    const failure = attempt.batch.failure?.error
    const report = (outcome: BatchReport['outcome']) => this.report(members.length, started, failure, outcome)
    if (attempt.committed) {
      report('committed')
      for (const member of members) member.failed ? member.reject(member.failed.error) : member.resolve(member.result)
      return
    }
    if (attempt.lost !== undefined || isConnectionError(failure)) {
      // The connection went away, not a member: nothing was committed that the members' keys would not find again
      // (a COMMIT that reached the server makes their rerun a replay). Once more on a fresh connection, then 503.
      report('lost')
      forget(members)
      if (!retried) return this.runBatch(members, true)
      rejectAll(members, new UnavailableError('database', attempt.lost ?? failure))
      return
    }
    if (failure instanceof AfterTimeoutError) {
      // it gave up waiting for the transaction before it (see Batch): its members run again, waiting for nothing
      report('split')
      forget(members)
      return this.runBatch(members, retried)
    }
    report(members.length === 1 ? 'failed' : 'split')
    if (members.length === 1) {
      members[0]!.reject(this.opts.translate(failure))
      return
    }
    // One member's failure (or a conflict) must not fail the others: they run again in two halves, and so on
    // down to the failing member alone: a bad member among n costs about 2 log2(n) transactions, not n.
    forget(members)
    const half = Math.ceil(members.length / 2)
    await this.runBatch(members.slice(0, half))
    await this.runBatch(members.slice(half))
  }

  /**
   * Runs the members' batch on this connection, then gives the connection back (discarded if it died). Nothing
   * (undefined) if the batch itself broke: then every member has been answered.
   */
  private async attempt(
    client: pg.PoolClient,
    members: Member<W>[],
    overlap?: Overlap,
  ): Promise<Attempt<W> | undefined> {
    // A connection that dies while checked out emits 'error' on its client: without a listener that would end the
    // process. Here it only fails this batch (its statements reject too), and the client is not reused.
    let lost: unknown
    const onError = (e: unknown) => {
      lost ??= e
    }
    client.on('error', onError)
    const batch = new Batch(new Session(client, this.opts.named), this.opts.newWrites, overlap?.after)
    try {
      const committed = await batch.run(members, overlap?.settle)
      return { batch, committed, lost }
    } catch (e) {
      // not expected (members' failures are caught): nobody is left waiting
      rejectAll(members, asUnavailable(e))
      return undefined
    } finally {
      client.off('error', onError)
      const dead = lost ?? (isConnectionError(batch.failure?.error) ? batch.failure?.error : undefined)
      client.release(dead instanceof Error ? dead : dead ? new Error(String(dead)) : undefined)
    }
  }

  private report(size: number, started: number, failure: unknown, outcome: BatchReport['outcome']) {
    try {
      this.opts.onBatch?.({
        size,
        seconds: (performance.now() - started) / 1000,
        outcome,
        ...(outcome === 'committed' ? {} : { reason: String((failure as Error)?.message) }),
      })
    } catch {
      // a report that fails changes nothing about the members
    }
  }
}

/**
 * Group commit on a pg pool: callers that arrive while a transaction runs wait for the next one and share it.
 * Under load a transaction carries dozens of them for the round trips of one; alone, a caller starts its
 * transaction at once. One batch runs at a time. Answers the caller's result once its batch has committed.
 */
export function groupCommit<W extends PendingWrites<W>>(pool: pg.Pool, opts: GroupCommitOptions<W>) {
  const committer = new GroupCommitter(pool, opts)
  return <T>(fn: MemberFn<W, T>) => committer.submit(fn)
}
