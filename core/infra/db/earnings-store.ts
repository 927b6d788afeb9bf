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

/**
 * One transaction on one pooled connection. On a pipelining connection (PostgreSQL) BEGIN travels with the first
 * statement and COMMIT with the buffered writes, each pair in one write to the socket: in this sandbox a
 * round trip's syscalls cost more than the SQL. Named statements are parsed and planned once per connection;
 * not on embedded PGlite, which serves every socket connection from one session (names would collide).
 */
class TxSession {
  private begun = false
  constructor(
    private readonly client: pg.PoolClient,
    private readonly named: boolean,
  ) {}

  private get pipelined() {
    return (this.client as unknown as { pipeline?: boolean }).pipeline === true
  }

  /** Sends several statements back to back in one socket write; resolves with the last one's result. */
  private async together(configs: QueryConfig[]) {
    const stream = (this.client as unknown as { connection?: { stream?: { cork(): void; uncork(): void } } }).connection
      ?.stream
    stream?.cork()
    const results = configs.map((config) => this.client.query<Row>(config))
    stream?.uncork()
    const settled = await Promise.allSettled(results)
    const failed = settled.find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
    return (settled.at(-1) as PromiseFulfilledResult<pg.QueryResult<Row>>).value
  }

  async query(name: string, text: string, values: unknown[]) {
    const config = this.named ? { name, text, values } : { text, values }
    if (this.begun) return this.client.query<Row>(config)
    this.begun = true
    if (this.pipelined) return this.together([{ text: 'BEGIN' }, config])
    await this.client.query('BEGIN')
    return this.client.query<Row>(config)
  }

  async commit(writes: { text: string; values: unknown[] } | undefined) {
    const statements: QueryConfig[] = writes ? [writes, { text: 'COMMIT' }] : [{ text: 'COMMIT' }]
    if (!this.begun) {
      if (!writes) return
      statements.unshift({ text: 'BEGIN' })
    }
    if (this.pipelined) {
      await this.together(statements)
      return
    }
    for (const s of statements) await this.client.query(s)
  }

  async rollback() {
    if (this.begun) await this.client.query('ROLLBACK').catch(() => {})
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

/**
 * Writes wait in a buffer and go to the server as one statement (data-modifying CTEs) just before COMMIT: in this
 * sandbox a round trip costs more than the SQL, and a postback makes up to six writes.
 */
class WriteBuffer {
  private values: unknown[] = []
  private parts: string[] = []
  private readonly customers = new Map<string, Map<string, unknown>>()
  private readonly commissionUpdates = new Map<string, Map<string, [unknown, string]>>()

  private p(v: unknown) {
    this.values.push(v)
    return `$${this.values.length}`
  }
  insert(table: string, columns: string[], rows: unknown[][], casts: Record<string, string> = {}) {
    if (!rows.length) return
    const tuples = rows.map((r) => `(${r.map((v, i) => `${this.p(v)}${casts[columns[i]!] ?? ''}`).join(', ')})`)
    this.parts.push(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`)
  }
  updateCustomer(id: string, column: string, value: unknown) {
    const sets = this.customers.get(id) ?? new Map<string, unknown>()
    sets.set(column, value)
    this.customers.set(id, sets)
  }
  updateCommission(id: string, column: string, value: unknown, cast = '') {
    const sets = this.commissionUpdates.get(id) ?? new Map<string, [unknown, string]>()
    sets.set(column, [value, cast])
    this.commissionUpdates.set(id, sets)
  }
  raw(sql: (p: (v: unknown) => string) => string) {
    this.parts.push(sql((v) => this.p(v)))
  }
  /** The buffered writes as one statement (data-modifying CTEs), or nothing to write. */
  statement(): { text: string; values: unknown[] } | undefined {
    for (const [id, sets] of this.customers) {
      const assignments = [...sets].map(([col, v]) => `${col} = ${this.p(v)}`).join(', ')
      this.parts.push(`UPDATE customers SET ${assignments} WHERE id = ${this.p(id)}`)
    }
    for (const [id, sets] of this.commissionUpdates) {
      const assignments = [...sets].map(([col, [v, cast]]) => `${col} = ${this.p(v)}${cast}`).join(', ')
      this.parts.push(`UPDATE commissions SET ${assignments} WHERE id = ${this.p(id)}`)
    }
    if (!this.parts.length) return undefined
    const [first, ...rest] = this.parts
    const text = rest.length ? `WITH ${rest.map((part, i) => `w${i} AS (${part})`).join(', ')} ${first}` : first!
    return { text, values: this.values }
  }
}

const COMMISSION_COLUMNS = [
  'id',
  'program_key',
  'enrolment_id',
  'customer_id',
  'event_id',
  'rule',
  'order_ref',
  'currency',
  'amount_minor',
  'basis_minor',
  'rate_bps',
  'status',
  'reason',
  'available_at',
  'created_at',
  'updated_at',
]
const ENTRY_COLUMNS = [
  'journal',
  'seq',
  'program_key',
  'enrolment_id',
  'account',
  'currency',
  'amount_minor',
  'kind',
  'reason',
  'commission_id',
  'payout_id',
  'event_id',
  'effective_at',
  'created_at',
]

function earningsTx(session: TxSession, writes: WriteBuffer): EarningsTx {
  const q = (name: string, text: string, values: unknown[]) => session.query(name, text, values)
  return {
    async insertEvent(e, ref) {
      const id = randomUUID()
      // the event insert (the idempotency gate) and the referral-code look-up in one round trip
      const { rows } = await q(
        'pa_insert_event',
        `WITH ev AS (
           INSERT INTO events (id, program_key, external_id, type, occurred_at, received_at, order_ref, amount_minor,
                               currency, campaign_key, ip_hash, country, body_hash, payload)
           VALUES ($1, $2, $3, $4::"EventType", $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id)
         SELECT ev.id AS event_id, rc.id, rc.code, rc.program_key, rc.status::text AS status, rc.rate_override_bps,
                ca.key AS campaign_key, e.id AS e_id, e.partner_id AS e_partner_id, e.program_key AS e_program_key,
                e.status::text AS e_status, e.registered_at AS e_registered_at, e.rate_override_bps AS e_rate_override_bps,
                e.own_account_id AS e_own_account_id
         FROM ev
         LEFT JOIN referral_codes rc ON rc.code = $15
         LEFT JOIN enrolments e ON e.id = rc.enrolment_id
         LEFT JOIN campaigns ca ON ca.id = rc.campaign_id`,
        [
          id,
          e.programKey,
          e.externalId,
          e.type,
          e.occurredAt,
          e.receivedAt,
          e.orderRef ?? null,
          e.amountMinor?.toString() ?? null,
          e.currency ?? null,
          e.campaignKey ?? null,
          e.ipHash ?? null,
          e.country ?? null,
          e.bodyHash,
          JSON.stringify(e.payload),
          ref ?? null,
        ],
      )
      const r = rows[0]!
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
      writes.raw(
        (p) =>
          `UPDATE events SET customer_id = ${p(customerId)}, response = ${p(JSON.stringify(response))} WHERE id = ${p(eventId)}`,
      )
    },
    async lockCustomer(programKey, externalId, init) {
      // One round trip: insert, or touch the existing row, which locks it (NO KEY UPDATE strength) and returns
      // it; xmax = 0 only on a row this statement inserted.
      const { rows } = await q(
        'pa_upsert_customer',
        `INSERT INTO customers AS cu (id, program_key, external_id, enrolment_id, code_id, attributed_at, signed_up_via_link,
                                      ineligible, ip_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (program_key, external_id) DO UPDATE SET created_at = cu.created_at
         RETURNING ${CUSTOMER_COLUMNS}, (xmax = 0) AS created`,
        [
          randomUUID(),
          programKey,
          externalId,
          init.enrolmentId ?? null,
          init.codeId ?? null,
          init.enrolmentId ? init.at : null,
          Boolean(init.codeId),
          init.ineligible ?? null,
          init.ipHash ?? null,
          init.at,
        ],
      )
      const row = rows[0]!
      return { customer: customer(row), created: row.created as boolean }
    },
    async updateCustomer(id, ch) {
      const columns: [keyof typeof ch, string][] = [
        ['enrolmentId', 'enrolment_id'],
        ['codeId', 'code_id'],
        ['ineligible', 'ineligible'],
        ['seenTypes', 'seen_types'],
        ['qualifiedAt', 'qualified_at'],
        ['firstPaidAt', 'first_paid_at'],
        ['acquiredRateBps', 'acquired_rate_bps'],
      ]
      for (const [field, column] of columns) if (ch[field] !== undefined) writes.updateCustomer(id, column, ch[field])
    },
    async lockEnrolment(id) {
      // NO KEY UPDATE: exclusive among event writers, yet compatible with the KEY SHARE locks that inserting
      // rows referencing the enrolment takes, so two first events of one partner cannot deadlock.
      const { rows } = await q(
        'pa_lock_enrolment',
        `SELECT id, partner_id, program_key, status::text AS status, registered_at, rate_override_bps, own_account_id
         FROM enrolments WHERE id = $1 FOR NO KEY UPDATE`,
        [id],
      )
      if (!rows[0]) throw new Error(`enrolment ${id} vanished`)
      return enrolment(rows[0])
    },
    async countPayingCustomers(enrolmentId) {
      const { rows } = await q(
        'pa_count_paying',
        'SELECT count(*)::int AS n FROM customers WHERE enrolment_id = $1 AND first_paid_at IS NOT NULL AND ineligible IS NULL',
        [enrolmentId],
      )
      return rows[0]!.n as number
    },
    async countNewUsers(enrolmentId, from, to) {
      const { rows } = await q(
        'pa_count_new_users',
        `SELECT count(*)::int AS n FROM customers
         WHERE enrolment_id = $1 AND ineligible IS NULL AND qualified_at >= $2 AND qualified_at < $3`,
        [enrolmentId, from, to],
      )
      return rows[0]!.n as number
    },
    async ipUsedByOtherCustomer(programKey, ipHash, customerId) {
      const { rows } = await q(
        'pa_ip_other_customer',
        `SELECT EXISTS (SELECT 1 FROM events WHERE program_key = $1 AND ip_hash = $2 AND customer_id IS NOT NULL
                                               AND customer_id IS DISTINCT FROM $3::uuid) AS used`,
        [programKey, ipHash, customerId || null],
      )
      return rows[0]!.used as boolean
    },
    async ipUsedInCampaign(programKey, campaignKey, ipHash, exceptEventId) {
      const { rows } = await q(
        'pa_ip_in_campaign',
        `SELECT EXISTS (SELECT 1 FROM events WHERE program_key = $1 AND campaign_key = $2 AND ip_hash = $3 AND id <> $4)
           AS used`,
        [programKey, campaignKey, ipHash, exceptEventId],
      )
      return rows[0]!.used as boolean
    },
    async orderCommissions(programKey, orderRef) {
      const { rows } = await q(
        'pa_order_commissions',
        `SELECT c.id, c.rule, c.status::text AS status, c.currency, c.basis_minor, c.rate_bps, e.occurred_at, c.available_at,
                (SELECT COALESCE(SUM(l.amount_minor), 0) FROM ledger_entries l
                  WHERE l.commission_id = c.id AND l.account IN ('earnings', 'held') AND l.kind <> 'penalty') AS remaining
         FROM commissions c JOIN events e ON e.id = c.event_id
         WHERE c.program_key = $1 AND c.order_ref = $2
         ORDER BY e.occurred_at
         FOR NO KEY UPDATE OF c`,
        [programKey, orderRef],
      )
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
    async insertCommission(m) {
      const id = randomUUID()
      writes.insert(
        'commissions',
        COMMISSION_COLUMNS,
        [
          [
            id,
            m.programKey,
            m.enrolmentId,
            m.customerId,
            m.eventId,
            m.rule,
            m.orderRef ?? null,
            m.currency,
            m.amountMinor.toString(),
            m.basisMinor?.toString() ?? null,
            m.rateBps ?? null,
            m.status,
            m.reason ?? null,
            m.availableAt ?? null,
            m.at,
            m.at,
          ],
        ],
        { status: '::"CommissionStatus"' },
      )
      return id
    },
    async updateCommission(id, ch) {
      writes.updateCommission(id, 'status', ch.status, '::"CommissionStatus"')
      if (ch.amountMinor !== undefined) writes.updateCommission(id, 'amount_minor', ch.amountMinor.toString())
      if (ch.availableAt !== undefined) writes.updateCommission(id, 'available_at', ch.availableAt)
      if (ch.reason !== undefined) writes.updateCommission(id, 'reason', ch.reason)
      writes.updateCommission(id, 'updated_at', ch.at)
    },
    async post(entries) {
      writes.insert(
        'ledger_entries',
        ENTRY_COLUMNS,
        entries.map((e) => [
          e.journal,
          e.seq,
          e.programKey,
          e.enrolmentId,
          e.account,
          e.currency,
          e.amountMinor.toString(),
          e.kind,
          e.reason ?? null,
          e.commissionId ?? null,
          e.payoutId ?? null,
          e.eventId ?? null,
          e.effectiveAt,
          e.createdAt,
        ]),
        { account: '::"LedgerAccount"' },
      )
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

/** EarningsStore on a pg pool: one transaction per postback, on one connection. */
export function pgEarningsStore(pool: pg.Pool, opts: { sharedSession: boolean }): EarningsStore {
  const named = !opts.sharedSession
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
    async transaction(fn) {
      const client = await pool.connect()
      const session = new TxSession(client, named)
      try {
        const writes = new WriteBuffer()
        const result = await fn(earningsTx(session, writes))
        await session.commit(writes.statement())
        return result
      } catch (e) {
        await session.rollback()
        throw translate(e)
      } finally {
        client.release()
      }
    },
  }
}
