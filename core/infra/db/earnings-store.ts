import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { OrderCommission } from '../../domain/rules.ts'
import {
  type CodeRecord,
  type CustomerRecord,
  DuplicateKeyError,
  type EarningsStore,
  type EarningsTx,
  type EnrolmentRecord,
  type NewCommission,
  type NewEntry,
  type NewEvent,
  TransactionConflictError,
} from '../../ports/earnings-store.ts'

/**
 * EarningsStore on the pg driver directly. Postbacks are the hot path (target: 1,500 events/s on two cores):
 * Prisma's per-query work cost ~0.6 ms of CPU here, the plain driver with named (prepared) statements a
 * fraction of it. Same database, same transaction semantics; Prisma keeps the rest of the service.
 */

type Row = Record<string, unknown>
const big = (v: unknown) => (v === null || v === undefined ? undefined : BigInt(v as string))
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v)

type QueryConfig = { name?: string; text: string; values?: unknown[] }
type Settled = PromiseSettledResult<pg.QueryResult<Row>>

/**
 * One connection and one transaction. Statements go in rounds: on a pipelining connection (PostgreSQL) a round
 * is one write to the socket, BEGIN riding with the first and COMMIT with the last (in this sandbox a round
 * trip's syscalls cost more than the SQL). Named statements are parsed and planned once per connection; not on
 * embedded PGlite, which serves every socket connection from one session (names would collide).
 */
class Session {
  private begun = false
  constructor(
    private readonly client: pg.PoolClient,
    readonly named: boolean,
  ) {}

  private get pipelined() {
    return (this.client as unknown as { pipeline?: boolean }).pipeline === true
  }

  private async send(configs: QueryConfig[]): Promise<Settled[]> {
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

  /** Sends one round in order, BEGIN first if the transaction has not begun; settles each statement. */
  async round(configs: QueryConfig[]): Promise<Settled[]> {
    if (this.begun) return this.send(configs)
    this.begun = true
    const [begin, ...rest] = await this.send([{ text: 'BEGIN' }, ...configs])
    return begin!.status === 'rejected' ? rest.map(() => begin!) : rest
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

/** One postback's share of a batch. */
interface Job {
  fn: (tx: EarningsTx) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
  result?: unknown
  failed?: { error: unknown }
  /** It has written (or locked) something in the batch's transaction: its failure fails the batch. */
  touched: boolean
  keys: Set<string>
  /** Settles once the member's latest key acquisition has: its statements wait for it. */
  gate: Promise<void>
  /** Its own writes, joining the batch's only when it is done: a member never reads its own writes. */
  writes: WriteBuffer
}

/** The batch gave up (another member failed): the member runs again, alone. */
class BatchAbortedError extends Error {
  constructor() {
    super('batch aborted')
    this.name = 'BatchAbortedError'
  }
}

/**
 * Group commit: the postbacks that arrive while one transaction runs share the next one. Each runs its own rules
 * (record-event.ts, unchanged) against the EarningsTx below; their statements travel together, a round of them
 * per socket write, and one COMMIT makes them durable together.
 *
 * Members must not see each other half-done. Each takes in-batch keys before it reads what another member could
 * change: its event id, IP and order (all at once, when it inserts its event), then its customer, then its
 * partner's enrolment; it holds them until it is done, and its writes reach the server before a waiter's next
 * read. Keys are taken in that fixed order, so members cannot wait on each other in a cycle; between processes
 * the same rows' database locks serialise as before.
 *
 * A member that fails before writing anything (a replayed event id) leaves the batch alone. Any other failure,
 * or a statement the server refuses, rolls the whole batch back; its members run again in halves, down to the
 * failing member alone, which then fails exactly as it would have in a transaction of its own.
 */
/**
 * Statements of one kind from several members of a round, sent as one set-based statement (constant text, so
 * prepared once): each member's argument in, each member's rows out.
 */
interface Group<A> {
  name: string
  text: string
  /** It locks rows: it goes ahead of the round's reads, which then see what the lock waited for. */
  locks?: true
  values(args: A[]): unknown[]
  split(rows: Row[], args: A[]): Row[][]
}

interface Op {
  config?: QueryConfig
  group?: Group<unknown>
  arg?: unknown
  resolve: (r: { rows: Row[] }) => void
  reject: (e: unknown) => void
}

class Batch {
  private ops: Op[] = []
  private writes = new WriteBuffer()
  private scheduled = false
  private flushing: Promise<void> = Promise.resolve()
  private abortedBy: { error: unknown } | undefined
  private readonly holders = new Map<string, Job>()
  private waiters: { job: Job; keys: string[]; resolve: () => void; reject: (e: unknown) => void }[] = []

  constructor(private readonly session: Session) {}

  get failure() {
    return this.abortedBy
  }

  private async enqueue(job: Job, op: Omit<Op, 'resolve' | 'reject'>, touches: boolean): Promise<{ rows: Row[] }> {
    await job.gate
    if (this.abortedBy) throw new BatchAbortedError()
    if (touches) job.touched = true
    return new Promise((resolve, reject) => {
      this.ops.push({ ...op, resolve, reject })
      this.schedule()
    })
  }

  /** One statement of this member's, sent with the round. */
  query(job: Job, name: string, text: string, values: unknown[], touches = true) {
    return this.enqueue(job, { config: this.session.named ? { name, text, values } : { text, values } }, touches)
  }

  /** This member's part of a set-based statement, sent with the round. */
  grouped<A>(job: Job, group: Group<A>, arg: A, touches = true) {
    return this.enqueue(job, { group: group as Group<unknown>, arg }, touches)
  }

  /** The buffer this member's next writes join (sent before the next round's reads, or with COMMIT). */
  write(job: Job): WriteBuffer {
    if (this.abortedBy) throw new BatchAbortedError()
    job.touched = true
    return job.writes
  }

  /** Waits until no other member holds any of these keys, then holds them all until the member is done. */
  acquire(job: Job, keys: string[]): Promise<void> {
    const acquired = this.waitFor(job, keys)
    // its later statements wait for every key it has asked for so far, not only the latest
    job.gate = Promise.all([job.gate, acquired.catch(() => {})]).then(() => {})
    return acquired
  }

  private waitFor(job: Job, keys: string[]): Promise<void> {
    if (this.abortedBy) return Promise.reject(new BatchAbortedError())
    if (this.free(job, keys)) {
      this.take(job, keys)
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => this.waiters.push({ job, keys, resolve, reject }))
  }

  private free(job: Job, keys: string[]) {
    return keys.every((k) => {
      const holder = this.holders.get(k)
      return !holder || holder === job
    })
  }

  private take(job: Job, keys: string[]) {
    for (const k of keys) {
      this.holders.set(k, job)
      job.keys.add(k)
    }
  }

  private release(job: Job) {
    for (const k of job.keys) this.holders.delete(k)
    job.keys.clear()
    const waiting = this.waiters
    this.waiters = []
    for (const w of waiting) {
      if (this.free(w.job, w.keys)) {
        this.take(w.job, w.keys)
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
    this.writes = new WriteBuffer()
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

  /** Runs every member's rules, then commits (true) or rolls back (false: see `failure`). */
  async run(jobs: Job[]): Promise<boolean> {
    await Promise.all(
      jobs.map(async (job) => {
        job.keys = new Set()
        job.gate = Promise.resolve()
        job.writes = new WriteBuffer()
        try {
          job.result = await job.fn(earningsTx(this, job))
          this.writes.absorb(job.writes)
        } catch (e) {
          job.failed = { error: e }
          if (job.touched) this.abort(e)
        } finally {
          this.release(job)
        }
      }),
    )
    while (this.scheduled) await new Promise((r) => setImmediate(r))
    await this.flushing
    if (!this.abortedBy) {
      try {
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

const enrolment = (r: Row, prefix = ''): EnrolmentRecord => ({
  id: r[`${prefix}id`] as string,
  partnerId: r[`${prefix}partner_id`] as string,
  programKey: r[`${prefix}program_key`] as string,
  status: r[`${prefix}status`] as EnrolmentRecord['status'],
  registeredAt: r[`${prefix}registered_at`] as Date,
  rateOverrideBps: opt(r[`${prefix}rate_override_bps`] as number | null),
  ownAccountId: opt(r[`${prefix}own_account_id`] as string | null),
})

const customer = (r: Row): CustomerRecord => ({
  id: r.id as string,
  enrolmentId: opt(r.enrolment_id as string | null),
  codeId: opt(r.code_id as string | null),
  ineligible: opt(r.ineligible as string | null),
  seenTypes: (r.seen_types as string[]) ?? [],
  qualifiedAt: opt(r.qualified_at as Date | null),
  firstPaidAt: opt(r.first_paid_at as Date | null),
  acquiredRateBps: opt(r.acquired_rate_bps as number | null),
  ipHash: opt(r.ip_hash as string | null),
})

const CUSTOMER_COLUMNS =
  'id, enrolment_id, code_id, ineligible, seen_types, qualified_at, first_paid_at, acquired_rate_bps, ip_hash'

type CustomerChanges = Parameters<EarningsTx['updateCustomer']>[1]
type CommissionChanges = Parameters<EarningsTx['updateCommission']>[1]

/**
 * Writes wait in a buffer and go to the server with the next round, or with COMMIT: at most five set-based
 * statements (constant text, prepared once), whatever the number of members and writes. Changes to one row merge;
 * none of them sets a column back to NULL, so an absent change keeps the column (COALESCE).
 */
class WriteBuffer {
  private readonly commissions: (NewCommission & { id: string })[] = []
  private readonly commissionChanges = new Map<string, CommissionChanges>()
  private readonly entries: NewEntry[] = []
  private readonly customerChanges = new Map<string, CustomerChanges>()
  private readonly finished = new Map<string, { customerId: string; response: unknown }>()

  insertCommission(c: NewCommission & { id: string }) {
    this.commissions.push(c)
  }
  updateCommission(id: string, changes: CommissionChanges) {
    this.commissionChanges.set(id, { ...this.commissionChanges.get(id), ...changes })
  }
  post(entries: NewEntry[]) {
    this.entries.push(...entries)
  }
  updateCustomer(id: string, changes: CustomerChanges) {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined))
    this.customerChanges.set(id, { ...this.customerChanges.get(id), ...defined })
  }
  finishEvent(id: string, customerId: string, response: unknown) {
    this.finished.set(id, { customerId, response })
  }
  /** Takes a finished member's writes, after those already here. */
  absorb(other: WriteBuffer) {
    this.commissions.push(...other.commissions)
    for (const [id, ch] of other.commissionChanges) this.updateCommission(id, ch)
    this.entries.push(...other.entries)
    for (const [id, ch] of other.customerChanges) this.updateCustomer(id, ch)
    for (const [id, f] of other.finished) this.finished.set(id, f)
  }

  /** The buffered writes, in an order the foreign keys accept. */
  statements(named: boolean): QueryConfig[] {
    const out: QueryConfig[] = []
    const add = <A>(g: Group<A>, args: A[]) => {
      if (args.length) out.push({ ...(named ? { name: g.name } : {}), text: g.text, values: g.values(args) })
    }
    add(INSERT_COMMISSIONS, this.commissions)
    add(UPDATE_COMMISSIONS, [...this.commissionChanges])
    add(INSERT_ENTRIES, this.entries)
    add(UPDATE_CUSTOMERS, [...this.customerChanges])
    add(FINISH_EVENTS, [...this.finished])
    return out
  }
}

// ---- set-based statements: one per kind per round, whatever the number of members in it

/** A column of a set-based statement: its name, its SQL type, and how a member's argument gives its value. */
type Column<A> = [name: string, type: string, pick: (a: A) => unknown]

/**
 * Rows as parallel arrays, one parameter per column: `names` lists the columns, `unnest` turns the parameters
 * back into rows, `values` builds the parameters. Names, types and values come from one list, in one order.
 */
function unnested<A>(columns: Column<A>[]) {
  return {
    names: columns.map(([name]) => name).join(', '),
    unnest: `unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`,
    values: (args: A[]) => columns.map(([, , pick]) => args.map(pick)),
  }
}

/** A write: its rows in, nothing back. */
function writeGroup<A>(name: string, columns: Column<A>[], text: (rows: ReturnType<typeof unnested<A>>) => string) {
  const rows = unnested(columns)
  return { name, text: text(rows), values: rows.values, split: () => [] } satisfies Group<A>
}

const key2 = (a: unknown, b: unknown) => `${String(a)}\u0000${String(b)}`
/** Rows back to their members by a key each member's argument gives (rows keep their order). */
function splitBy<A>(rows: Row[], args: A[], rowKey: (r: Row) => string, argKey: (a: A) => string): Row[][] {
  const by = new Map<string, Row[]>()
  for (const r of rows) {
    const k = rowKey(r)
    by.set(k, [...(by.get(k) ?? []), r])
  }
  return args.map((a) => by.get(argKey(a)) ?? [])
}

const INSERT_COMMISSIONS = writeGroup<NewCommission & { id: string }>(
  'pa_insert_commissions',
  [
    ['id', 'uuid', (c) => c.id],
    ['program_key', 'text', (c) => c.programKey],
    ['enrolment_id', 'uuid', (c) => c.enrolmentId],
    ['customer_id', 'uuid', (c) => c.customerId],
    ['event_id', 'uuid', (c) => c.eventId],
    ['rule', 'text', (c) => c.rule],
    ['order_ref', 'text', (c) => c.orderRef ?? null],
    ['currency', 'text', (c) => c.currency],
    ['amount_minor', 'bigint', (c) => c.amountMinor.toString()],
    ['basis_minor', 'bigint', (c) => c.basisMinor?.toString() ?? null],
    ['rate_bps', 'int', (c) => c.rateBps ?? null],
    ['status', '"CommissionStatus"', (c) => c.status],
    ['reason', 'text', (c) => c.reason ?? null],
    ['available_at', 'timestamptz', (c) => c.availableAt ?? null],
    ['created_at', 'timestamptz', (c) => c.at],
    ['updated_at', 'timestamptz', (c) => c.at],
  ],
  (rows) => `INSERT INTO commissions (${rows.names}) SELECT * FROM ${rows.unnest}`,
)

const UPDATE_COMMISSIONS = writeGroup<[string, CommissionChanges]>(
  'pa_update_commissions',
  [
    ['id', 'uuid', ([id]) => id],
    ['status', '"CommissionStatus"', ([, c]) => c.status],
    ['amount_minor', 'bigint', ([, c]) => c.amountMinor?.toString() ?? null],
    ['available_at', 'timestamptz', ([, c]) => c.availableAt ?? null],
    ['reason', 'text', ([, c]) => c.reason ?? null],
    ['updated_at', 'timestamptz', ([, c]) => c.at],
  ],
  (rows) => `UPDATE commissions c
             SET status = u.status, amount_minor = COALESCE(u.amount_minor, c.amount_minor),
                 available_at = COALESCE(u.available_at, c.available_at), reason = COALESCE(u.reason, c.reason),
                 updated_at = u.updated_at
             FROM ${rows.unnest} AS u(${rows.names})
             WHERE c.id = u.id`,
)

const INSERT_ENTRIES = writeGroup<NewEntry>(
  'pa_insert_entries',
  [
    ['journal', 'text', (e) => e.journal],
    ['seq', 'int', (e) => e.seq],
    ['program_key', 'text', (e) => e.programKey],
    ['enrolment_id', 'uuid', (e) => e.enrolmentId],
    ['account', '"LedgerAccount"', (e) => e.account],
    ['currency', 'text', (e) => e.currency],
    ['amount_minor', 'bigint', (e) => e.amountMinor.toString()],
    ['kind', 'text', (e) => e.kind],
    ['reason', 'text', (e) => e.reason ?? null],
    ['commission_id', 'uuid', (e) => e.commissionId ?? null],
    ['payout_id', 'uuid', (e) => e.payoutId ?? null],
    ['event_id', 'uuid', (e) => e.eventId ?? null],
    ['effective_at', 'timestamptz', (e) => e.effectiveAt],
    ['created_at', 'timestamptz', (e) => e.createdAt],
  ],
  (rows) => `INSERT INTO ledger_entries (${rows.names}) SELECT * FROM ${rows.unnest}`,
)

const UPDATE_CUSTOMERS = writeGroup<[string, CustomerChanges]>(
  'pa_update_customers',
  [
    ['id', 'uuid', ([id]) => id],
    ['enrolment_id', 'uuid', ([, c]) => c.enrolmentId ?? null],
    ['code_id', 'uuid', ([, c]) => c.codeId ?? null],
    ['ineligible', 'text', ([, c]) => c.ineligible ?? null],
    // as JSON: unnest() would flatten an array of arrays
    ['seen_types', 'jsonb', ([, c]) => (c.seenTypes ? JSON.stringify(c.seenTypes) : null)],
    ['qualified_at', 'timestamptz', ([, c]) => c.qualifiedAt ?? null],
    ['first_paid_at', 'timestamptz', ([, c]) => c.firstPaidAt ?? null],
    ['acquired_rate_bps', 'int', ([, c]) => c.acquiredRateBps ?? null],
  ],
  (rows) => `UPDATE customers c
             SET enrolment_id = COALESCE(u.enrolment_id, c.enrolment_id), code_id = COALESCE(u.code_id, c.code_id),
                 ineligible = COALESCE(u.ineligible, c.ineligible),
                 seen_types = CASE WHEN u.seen_types IS NULL THEN c.seen_types
                                   ELSE ARRAY(SELECT jsonb_array_elements_text(u.seen_types)) END,
                 qualified_at = COALESCE(u.qualified_at, c.qualified_at),
                 first_paid_at = COALESCE(u.first_paid_at, c.first_paid_at),
                 acquired_rate_bps = COALESCE(u.acquired_rate_bps, c.acquired_rate_bps)
             FROM ${rows.unnest} AS u(${rows.names})
             WHERE c.id = u.id`,
)

const FINISH_EVENTS = writeGroup<[string, { customerId: string; response: unknown }]>(
  'pa_finish_events',
  [
    ['id', 'uuid', ([id]) => id],
    ['customer_id', 'uuid', ([, f]) => f.customerId],
    ['response', 'jsonb', ([, f]) => JSON.stringify(f.response)],
  ],
  (rows) => `UPDATE events e SET customer_id = u.customer_id, response = u.response
             FROM ${rows.unnest} AS u(${rows.names})
             WHERE e.id = u.id`,
)

type InsertEventArg = { id: string; e: NewEvent; ref: string | null }
const EVENT_COLUMNS: Column<InsertEventArg>[] = [
  ['id', 'uuid', (a) => a.id],
  ['program_key', 'text', (a) => a.e.programKey],
  ['external_id', 'text', (a) => a.e.externalId],
  ['type', '"EventType"', (a) => a.e.type],
  ['occurred_at', 'timestamptz', (a) => a.e.occurredAt],
  ['received_at', 'timestamptz', (a) => a.e.receivedAt],
  ['order_ref', 'text', (a) => a.e.orderRef ?? null],
  ['amount_minor', 'bigint', (a) => a.e.amountMinor?.toString() ?? null],
  ['currency', 'text', (a) => a.e.currency ?? null],
  ['campaign_key', 'text', (a) => a.e.campaignKey ?? null],
  ['ip_hash', 'text', (a) => a.e.ipHash ?? null],
  ['country', 'text', (a) => a.e.country ?? null],
  ['body_hash', 'text', (a) => a.e.bodyHash],
  ['payload', 'jsonb', (a) => JSON.stringify(a.e.payload)],
]
const insertedEvents = unnested<InsertEventArg>([...EVENT_COLUMNS, ['ref', 'text', (a) => a.ref]])
/**
 * The events (the idempotency gate) and their referral codes. A taken (program, id) inserts nothing (ON CONFLICT,
 * which waits for a concurrent inserter's outcome) and comes back without event_id.
 */
const INSERT_EVENTS: Group<InsertEventArg> = {
  name: 'pa_insert_events',
  text: `WITH input AS (SELECT * FROM ${insertedEvents.unnest} AS i(${insertedEvents.names})),
         ev AS (
           INSERT INTO events (${unnested(EVENT_COLUMNS).names}) SELECT ${unnested(EVENT_COLUMNS).names} FROM input
           ON CONFLICT (program_key, external_id) DO NOTHING RETURNING id)
         SELECT i.id AS arg_id, ev.id AS event_id, rc.id, rc.code, rc.program_key, rc.status::text AS status,
                rc.rate_override_bps, ca.key AS campaign_key, e.id AS e_id, e.partner_id AS e_partner_id,
                e.program_key AS e_program_key, e.status::text AS e_status, e.registered_at AS e_registered_at,
                e.rate_override_bps AS e_rate_override_bps, e.own_account_id AS e_own_account_id
         FROM input i
         LEFT JOIN ev ON ev.id = i.id
         LEFT JOIN referral_codes rc ON rc.code = i.ref
         LEFT JOIN enrolments e ON e.id = rc.enrolment_id
         LEFT JOIN campaigns ca ON ca.id = rc.campaign_id`,
  values: insertedEvents.values,
  split: (rows, args) =>
    splitBy(
      rows,
      args,
      (r) => r.arg_id as string,
      (a) => a.id,
    ),
}

type CustomerInit = Parameters<EarningsTx['lockCustomer']>[2]
type LockCustomerArg = { id: string; programKey: string; externalId: string; init: CustomerInit }
const newCustomers = unnested<LockCustomerArg>([
  ['id', 'uuid', (a) => a.id],
  ['program_key', 'text', (a) => a.programKey],
  ['external_id', 'text', (a) => a.externalId],
  ['enrolment_id', 'uuid', (a) => a.init.enrolmentId ?? null],
  ['code_id', 'uuid', (a) => a.init.codeId ?? null],
  ['attributed_at', 'timestamptz', (a) => (a.init.enrolmentId ? a.init.at : null)],
  ['signed_up_via_link', 'bool', (a) => Boolean(a.init.codeId)],
  ['ineligible', 'text', (a) => a.init.ineligible ?? null],
  ['ip_hash', 'text', (a) => a.init.ipHash ?? null],
  ['created_at', 'timestamptz', (a) => a.init.at],
])
/**
 * Inserts the new customers and touches the existing ones, which locks them (NO KEY UPDATE strength) and returns
 * them; xmax = 0 only on a row this statement inserted. Rows go in key order, so that two batches lock alike.
 */
const LOCK_CUSTOMERS: Group<LockCustomerArg> = {
  name: 'pa_lock_customers',
  locks: true,
  text: `INSERT INTO customers AS cu (${newCustomers.names})
         SELECT * FROM ${newCustomers.unnest} ORDER BY 2, 3
         ON CONFLICT (program_key, external_id) DO UPDATE SET created_at = cu.created_at
         RETURNING program_key, external_id, ${CUSTOMER_COLUMNS}, (xmax = 0) AS created`,
  values: newCustomers.values,
  split: (rows, args) =>
    splitBy(
      rows,
      args,
      (r) => key2(r.program_key, r.external_id),
      (a) => key2(a.programKey, a.externalId),
    ),
}

/** Rows per id, for statements that take a list of ids. */
const byId = (rows: Row[], ids: string[]) =>
  splitBy(
    rows,
    ids,
    (r) => r.id as string,
    (id) => id,
  )

/**
 * Locks enrolments. NO KEY UPDATE: exclusive among event writers, yet compatible with the KEY SHARE locks that
 * inserting rows referencing the enrolment takes, so two first events of one partner cannot deadlock.
 */
const LOCK_ENROLMENTS: Group<string> = {
  name: 'pa_lock_enrolments',
  locks: true,
  text: `SELECT id, partner_id, program_key, status::text AS status, registered_at, rate_override_bps, own_account_id
         FROM enrolments WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
  values: (ids) => [ids],
  split: byId,
}

/** Paying, eligible customers per enrolment (levels by count). */
const COUNT_PAYING: Group<string> = {
  name: 'pa_count_paying_set',
  text: `SELECT i.id, (SELECT count(*)::int FROM customers c
                       WHERE c.enrolment_id = i.id AND c.first_paid_at IS NOT NULL AND c.ineligible IS NULL) AS n
         FROM unnest($1::uuid[]) AS i(id)`,
  values: (ids) => [ids],
  split: byId,
}

type OrderArg = { programKey: string; orderRef: string }
/** Commissions for orders, locked (refunds and settlements change them), oldest event first. */
const ORDER_COMMISSIONS: Group<OrderArg> = {
  name: 'pa_order_commissions_set',
  text: `SELECT c.program_key AS q_program, c.order_ref AS q_order, c.id, c.rule, c.status::text AS status, c.currency,
                c.basis_minor, c.rate_bps, e.occurred_at, c.available_at,
                (SELECT COALESCE(SUM(l.amount_minor), 0) FROM ledger_entries l
                  WHERE l.commission_id = c.id AND l.account IN ('earnings', 'held') AND l.kind <> 'penalty') AS remaining
         FROM unnest($1::text[], $2::text[]) AS i(program_key, order_ref)
         JOIN commissions c ON c.program_key = i.program_key AND c.order_ref = i.order_ref
         JOIN events e ON e.id = c.event_id
         ORDER BY e.occurred_at, c.id
         FOR NO KEY UPDATE OF c`,
  values: (args) => [args.map((a) => a.programKey), args.map((a) => a.orderRef)],
  split: (rows, args) =>
    splitBy(
      rows,
      args,
      (r) => key2(r.q_program, r.q_order),
      (a) => key2(a.programKey, a.orderRef),
    ),
}

/**
 * In-batch keys, by what they protect. A member takes them in this order: event, IP and order together, then
 * customer, then enrolment. Reads take the key of what they read again (a no-op for its holder), so that their
 * protection does not rest on the order in which record-event.ts happens to call them.
 */
const keys = {
  event: (program: string, id: string) => `event:${program}:${id}`,
  ip: (program: string, ipHash: string) => `ip:${program}:${ipHash}`,
  order: (program: string, order: string) => `order:${program}:${order}`,
  customer: (program: string, id: string) => `customer:${program}:${id}`,
  enrolment: (id: string) => `enrolment:${id}`,
}

function earningsTx(batch: Batch, job: Job): EarningsTx {
  const q = (name: string, text: string, values: unknown[]) => batch.query(job, name, text, values)
  const writes = () => batch.write(job)
  return {
    async insertEvent(e, ref) {
      const id = randomUUID()
      // Another member with this id, IP or order waits until this one is done (see Batch).
      await batch.acquire(job, [
        keys.event(e.programKey, e.externalId),
        ...(e.ipHash ? [keys.ip(e.programKey, e.ipHash)] : []),
        ...(e.orderRef ? [keys.order(e.programKey, e.orderRef)] : []),
      ])
      // A taken id inserts nothing: the batch's transaction goes on without this member.
      const { rows } = await batch.grouped(job, INSERT_EVENTS, { id, e, ref: ref ?? null }, false)
      const r = rows[0]
      if (!r?.event_id) throw new DuplicateKeyError('event')
      job.touched = true
      const code: CodeRecord | null = r.id
        ? {
            id: r.id as string,
            code: r.code as string,
            programKey: r.program_key as string,
            status: r.status as CodeRecord['status'],
            campaignKey: opt(r.campaign_key as string | null),
            rateOverrideBps: opt(r.rate_override_bps as number | null),
            enrolment: enrolment(r, 'e_'),
          }
        : null
      return { id, code }
    },
    async finishEvent(eventId, customerId, response) {
      writes().finishEvent(eventId, customerId, response)
    },
    async lockCustomer(programKey, externalId, init) {
      await batch.acquire(job, [keys.customer(programKey, externalId)])
      const { rows } = await batch.grouped(job, LOCK_CUSTOMERS, { id: randomUUID(), programKey, externalId, init })
      const row = rows[0]!
      return { customer: customer(row), created: row.created as boolean }
    },
    async updateCustomer(id, changes) {
      writes().updateCustomer(id, changes)
    },
    async lockEnrolment(id) {
      await batch.acquire(job, [keys.enrolment(id)])
      const { rows } = await batch.grouped(job, LOCK_ENROLMENTS, id)
      if (!rows[0]) throw new Error(`enrolment ${id} vanished`)
      return enrolment(rows[0])
    },
    async countPayingCustomers(enrolmentId) {
      await batch.acquire(job, [keys.enrolment(enrolmentId)])
      const { rows } = await batch.grouped(job, COUNT_PAYING, enrolmentId)
      return rows[0]!.n as number
    },
    async countNewUsers(enrolmentId, from, to) {
      await batch.acquire(job, [keys.enrolment(enrolmentId)])
      const { rows } = await q(
        'pa_count_new_users',
        `SELECT count(*)::int AS n FROM customers
         WHERE enrolment_id = $1 AND ineligible IS NULL AND qualified_at >= $2 AND qualified_at < $3`,
        [enrolmentId, from, to],
      )
      return rows[0]!.n as number
    },
    async ipUsedByOtherCustomer(programKey, ipHash, customerId) {
      await batch.acquire(job, [keys.ip(programKey, ipHash)])
      const { rows } = await q(
        'pa_ip_other_customer',
        `SELECT EXISTS (SELECT 1 FROM events WHERE program_key = $1 AND ip_hash = $2 AND customer_id IS NOT NULL
                                               AND customer_id IS DISTINCT FROM $3::uuid) AS used`,
        [programKey, ipHash, customerId || null],
      )
      return rows[0]!.used as boolean
    },
    async ipUsedInCampaign(programKey, campaignKey, ipHash, exceptEventId) {
      await batch.acquire(job, [keys.ip(programKey, ipHash)])
      const { rows } = await q(
        'pa_ip_in_campaign',
        `SELECT EXISTS (SELECT 1 FROM events WHERE program_key = $1 AND campaign_key = $2 AND ip_hash = $3 AND id <> $4)
           AS used`,
        [programKey, campaignKey, ipHash, exceptEventId],
      )
      return rows[0]!.used as boolean
    },
    async orderCommissions(programKey, orderRef) {
      await batch.acquire(job, [keys.order(programKey, orderRef)])
      const { rows } = await batch.grouped(job, ORDER_COMMISSIONS, { programKey, orderRef })
      return rows.map(
        (r): OrderCommission => ({
          id: r.id as string,
          rule: r.rule as string,
          status: r.status as OrderCommission['status'],
          remainingMinor: big(r.remaining) ?? 0n,
          basisMinor: big(r.basis_minor),
          rateBps: opt(r.rate_bps as number | null),
          currency: r.currency as string,
          occurredAt: r.occurred_at as Date,
          availableAt: opt(r.available_at as Date | null),
        }),
      )
    },
    async insertCommission(c) {
      const id = randomUUID()
      writes().insertCommission({ ...c, id })
      return id
    },
    async updateCommission(id, changes) {
      writes().updateCommission(id, changes)
    },
    async post(entries) {
      writes().post(entries)
    },
  }
}

/** The pg error codes that matter here: unique violations name their constraint. */
function translate(e: unknown): unknown {
  const err = e as { code?: string; constraint?: string }
  if (err?.code === '23505') {
    const key = err.constraint?.startsWith('events_')
      ? 'event'
      : err.constraint?.startsWith('commissions_')
        ? 'commission'
        : 'customer'
    return new DuplicateKeyError(key)
  }
  if (err?.code === '40P01' || err?.code === '40001') return new TransactionConflictError(e)
  return e
}

/** Most postbacks one transaction carries: bounds a batch's statement sizes and the time its locks are held. */
const MAX_BATCH = 64

/**
 * EarningsStore on a pg pool. Postbacks that arrive while a transaction runs wait for the next one and share it
 * (group commit, see Batch): under load a transaction carries dozens of them for the round trips of one; alone,
 * a postback starts its transaction at once.
 */
export interface BatchReport {
  /** Postbacks the transaction carried. */
  size: number
  seconds: number
  /** committed; split: rolled back, its members run again in halves; failed: a lone member's failure. */
  outcome: 'committed' | 'split' | 'failed'
  /** Why it was rolled back (the database's or a member's error message). */
  reason?: string
}

export function pgEarningsStore(
  pool: pg.Pool,
  opts: { sharedSession: boolean; onBatch?: (report: BatchReport) => void },
): EarningsStore {
  const named = !opts.sharedSession
  const queue: Job[] = []
  let running = false

  async function runBatch(jobs: Job[]) {
    let client: pg.PoolClient
    try {
      client = await pool.connect()
    } catch (e) {
      for (const job of jobs) job.reject(e)
      return
    }
    const batch = new Batch(new Session(client, named))
    const started = performance.now()
    const report = (outcome: BatchReport['outcome']) => {
      try {
        opts.onBatch?.({
          size: jobs.length,
          seconds: (performance.now() - started) / 1000,
          outcome,
          ...(outcome === 'committed' ? {} : { reason: String((batch.failure?.error as Error)?.message) }),
        })
      } catch {
        // a report that fails changes nothing about the postbacks
      }
    }
    try {
      if (await batch.run(jobs)) {
        report('committed')
        for (const job of jobs) job.failed ? job.reject(job.failed.error) : job.resolve(job.result)
        return
      }
    } catch (e) {
      // not expected (members' failures are caught): nobody is left waiting
      for (const job of jobs) job.reject(e)
      return
    } finally {
      client.release()
    }
    report(jobs.length === 1 ? 'failed' : 'split')
    if (jobs.length === 1) {
      jobs[0]!.reject(translate(batch.failure?.error))
      return
    }
    // One member's failure (or a conflict) must not fail the others: they run again in two halves, and so on
    // down to the failing member alone: a bad member among n costs about 2 log2(n) transactions, not n.
    for (const job of jobs) {
      job.failed = undefined
      job.touched = false
    }
    const half = Math.ceil(jobs.length / 2)
    await runBatch(jobs.slice(0, half))
    await runBatch(jobs.slice(half))
  }

  async function drain() {
    running = true
    try {
      while (queue.length) await runBatch(queue.splice(0, MAX_BATCH))
    } finally {
      running = false
    }
  }

  return {
    replayLookupFirst: opts.sharedSession,
    async findEvent(programKey, externalId) {
      const { rows } = await pool.query<Row>(
        'SELECT id, body_hash, response FROM events WHERE program_key = $1 AND external_id = $2',
        [programKey, externalId],
      )
      const r = rows[0]
      return r ? { id: r.id as string, bodyHash: r.body_hash as string, response: r.response } : null
    },
    transaction<T>(fn: (tx: EarningsTx) => Promise<T>) {
      return new Promise<T>((resolve, reject) => {
        queue.push({
          fn,
          resolve: resolve as (v: unknown) => void,
          reject,
          touched: false,
          keys: new Set(),
          gate: Promise.resolve(),
          writes: new WriteBuffer(),
        })
        // postbacks arriving in the same turn of the event loop start together
        if (!running) {
          running = true
          setImmediate(() => void drain())
        }
      })
    },
  }
}
