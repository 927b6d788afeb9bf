import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { EarningsStore, EarningsTx } from '../../ports/earnings-store.ts'
import { earningsReads } from './earnings-reads.ts'
import {
  COUNT_PAYING,
  codeStanding,
  customer,
  enrolment,
  INSERT_EVENTS,
  insertedEvent,
  LOCK_CUSTOMERS,
  LOCK_ENROLMENTS,
  openCommission,
  otherClaim,
  PUBLISHED_RULES,
  publishedRules,
  QUERIES,
  RULES_REVISION,
  translate,
} from './earnings-sql.ts'
import { WriteBuffer } from './earnings-writes.ts'
import type { Group, Row } from './group-statements.ts'
import { QUALIFYING_DONE_AT, REFUSED_UNTIL_QUALIFIED, refusedEarning } from './late-qualification-sql.ts'
import { LATER_PAID_COMMISSIONS, laterCommission } from './level-sql.ts'
import { ORDER_COMMISSIONS, orderCommission, recordedUndo, UNDOS_OF_ORDER } from './order-sql.ts'
import {
  LOCK_SHARED_IP_COMMISSIONS,
  SHARED_IP_ENROLMENTS,
  sharedIpCommission,
  sharedIpEnrolments,
} from './shared-ip-sql.ts'
import { monthShare, TIER_QUERIES } from './tier-sql.ts'

/**
 * The reference EarningsStore: one postback, one database transaction, every statement run when it is asked for.
 * It has none of group commit's machinery (shared transactions, in-batch keys, deferred writes, splitting a failed
 * batch), so what it does is what the port means; the contract suite (test/integration/earnings-store-contract)
 * runs the same postbacks through it and through the group-commit store and expects the same outcome. The service
 * uses the group-commit store; this one is for that comparison, and for reading what a postback's transaction is.
 */
export function plainEarningsStore(pool: pg.Pool, opts: { sharedSession: boolean }): EarningsStore {
  // connections of an embedded database share one session: transactions must not interleave on it
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => {})
    return run
  }
  const transaction = async <T>(fn: (tx: EarningsTx) => Promise<T>): Promise<T> => {
    const client = await pool.connect()
    let broken = false
    try {
      await client.query('BEGIN')
      const out = await fn(plainTx(client))
      await client.query('COMMIT')
      return out
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      throw translate(e)
    } finally {
      client.release(broken)
    }
  }
  return {
    replayLookupFirst: opts.sharedSession,
    ...earningsReads(pool),
    transaction: (fn) => (opts.sharedSession ? serial(() => transaction(fn)) : transaction(fn)),
  }
}

function plainTx(client: pg.PoolClient): EarningsTx {
  /** A set-based read with this one argument. */
  const read = async <A>(g: Group<A>, arg: A): Promise<Row[]> => {
    const { rows } = await client.query<Row>({ text: g.text, values: g.values([arg]) })
    return g.split(rows, [arg])[0] ?? []
  }
  const query = async (q: { text: string }, values: unknown[]) => (await client.query<Row>(q.text, values)).rows
  /** Writes go out at once, through the same statements the group-commit store sends at its commit. */
  const write = async (fill: (w: WriteBuffer) => void) => {
    const w = new WriteBuffer()
    fill(w)
    for (const statement of w.statements(false)) await client.query(statement)
  }
  return {
    async insertEvent(e, ref) {
      const id = randomUUID()
      return insertedEvent(id, (await read(INSERT_EVENTS, { id, e, ref: ref ?? null }))[0])
    },
    finishEvent: (eventId, customerId, response) => write((w) => w.finishEvent(eventId, customerId, response)),
    keepSubIds: (eventId, subIds) => write((w) => w.keepSubIds(eventId, subIds)),
    async lockCustomer(programKey, externalId, init) {
      const row = (await read(LOCK_CUSTOMERS, { id: randomUUID(), programKey, externalId, init }))[0]!
      return { customer: customer(row), created: row.created as boolean }
    },
    updateCustomer: (id, changes) => write((w) => w.updateCustomer(id, changes)),
    async lockEnrolment(id) {
      const row = (await read(LOCK_ENROLMENTS, id))[0]
      if (!row) throw new Error(`enrolment ${id} vanished`)
      return enrolment(row)
    },
    countPayingCustomers: async (enrolmentId, before, customerId) =>
      (await read(COUNT_PAYING, { id: enrolmentId, before, customerId }))[0]!.n as number,
    countNewUsers: async (enrolmentId, from, to) =>
      (await query(TIER_QUERIES.countNewUsers, [enrolmentId, from, to]))[0]!.n as number,
    countOtherNewUsers: async (enrolmentId, from, to, customerId) =>
      (await query(TIER_QUERIES.countOtherNewUsers, [enrolmentId, from, to, customerId]))[0]!.n as number,
    monthRevenueShares: async (enrolmentId, from, to) =>
      (await query(TIER_QUERIES.monthRevenueShares, [enrolmentId, from, to])).map(monthShare),
    ipUsedByOtherCustomer: async (programKey, ipHash, customerId) =>
      (await query(QUERIES.ipUsedByOtherCustomer, [programKey, ipHash, customerId || null]))[0]!.used as boolean,
    customerActedInCampaign: async (customerId, campaignKey, eventType, exceptEventId) =>
      (await query(QUERIES.customerActedInCampaign, [customerId, campaignKey, exceptEventId, eventType]))[0]!
        .acted as boolean,
    ipUsedInCampaign: async (programKey, campaignKey, ipHash, eventType, exceptEventId) =>
      (await query(QUERIES.ipUsedInCampaign, [programKey, campaignKey, ipHash, exceptEventId, eventType]))[0]!
        .used as boolean,
    sharedIpEnrolments: async (programKey, customerId, ipHash) =>
      sharedIpEnrolments((await query(SHARED_IP_ENROLMENTS, [programKey, customerId, ipHash ?? null]))[0]!),
    lockSharedIpCommissions: async (programKey, customerId, ipHash, enrolmentIds, now) =>
      (await query(LOCK_SHARED_IP_COMMISSIONS, [programKey, customerId, ipHash ?? null, enrolmentIds, now])).map(
        sharedIpCommission,
      ),
    async claimsElsewhere(programKeys, externalId, partnerId) {
      await query(QUERIES.lockAccount, [externalId])
      return (await query(QUERIES.claimsElsewhere, [programKeys, externalId, partnerId])).map(otherClaim)
    },
    qualifyingDoneAt: async (customerId, types) =>
      ((await query(QUALIFYING_DONE_AT, [customerId, types]))[0]?.at as Date | null) ?? null,
    refusedUntilQualified: async (customerId, enrolmentId, reasons, from) =>
      (await query(REFUSED_UNTIL_QUALIFIED, [customerId, enrolmentId, reasons, from])).map(refusedEarning),
    laterPaidCommissions: async (enrolmentId, after, customerId) =>
      (await query(LATER_PAID_COMMISSIONS, [enrolmentId, after, customerId])).map(laterCommission),
    openCommissionsOf: async (customerId) => (await query(QUERIES.openCommissionsOf, [customerId])).map(openCommission),
    firstEventOf: async (customerId) =>
      ((await query(QUERIES.firstEventOf, [customerId]))[0]?.at as Date | null) ?? null,
    async codeStanding(codeId) {
      const [row] = await query(QUERIES.codeStanding, [codeId])
      return row ? codeStanding(row) : null
    },
    async orderEarner(programKey, orderRef, customerId) {
      const [row] = await query(QUERIES.orderEarner, [programKey, orderRef, customerId])
      return (row?.enrolment_id as string | undefined) ?? null
    },
    orderCommissions: async (programKey, orderRef) =>
      (await read(ORDER_COMMISSIONS, { programKey, orderRef })).map(orderCommission),
    undosOfOrder: async (programKey, orderRef, customerId) =>
      (await read(UNDOS_OF_ORDER, { programKey, orderRef, customerId })).map(recordedUndo),
    async insertCommission(c) {
      const id = randomUUID()
      await write((w) => w.insertCommission({ ...c, id }))
      return id
    },
    updateCommission: (id, changes) => write((w) => w.updateCommission(id, changes)),
    post: (entries) => write((w) => w.post(entries)),
    countConversion: (c) => write((w) => w.countConversion(c)),
    raiseFlags: (flags) => write((w) => w.raiseFlags(flags)),
    recordRefereeBonus: (b) => write((w) => w.recordRefereeBonus(b)),
    voidRefereeBonus: (customerId, d) => write((w) => w.voidRefereeBonus(customerId, d)),
    rulesRevision: async () => (await read(RULES_REVISION, null))[0]!.n as number,
    publishedRules: async () => publishedRules(await query(PUBLISHED_RULES, [])),
  }
}
