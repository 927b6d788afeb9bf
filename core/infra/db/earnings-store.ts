import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { EarningsStore, EarningsTx } from '../../ports/earnings-store.ts'
import { earningsReads } from './earnings-reads.ts'
import {
  COUNT_PAYING,
  codeStanding,
  customer,
  enrolment,
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
import { CLAIM_EVENTS, claimedEvent, LOCK_EVENT_IDS } from './event-claims.ts'
import type { Batch, Member } from './group-batch.ts'
import { type BatchReport, groupCommit } from './group-commit.ts'
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

export type { BatchReport } from './group-commit.ts'

/**
 * EarningsStore on the pg driver directly. Postbacks are the hot path (target: 1,500 events/s on two cores):
 * Prisma's per-query work cost ~0.6 ms of CPU here, the plain driver with named (prepared) statements a
 * fraction of it; Prisma keeps the rest of the service. Postbacks that arrive together share one transaction
 * (group-commit.ts): each keeps its own rules, and the in-batch keys below make each see the others as if they
 * ran one at a time.
 */

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

/**
 * The reads that look past one customer: every user on the customer's IP addresses (worksection "one IP") and the
 * claims on one account from the programs of one product (worksection 4.5). They take the keys they need at once.
 */
function customerLinks(
  batch: Batch<WriteBuffer>,
  job: Member<WriteBuffer>,
): Pick<
  EarningsTx,
  | 'sharedIpEnrolments'
  | 'lockSharedIpCommissions'
  | 'claimsElsewhere'
  | 'openCommissionsOf'
  | 'firstEventOf'
  | 'refusedUntilQualified'
  | 'laterPaidCommissions'
  | 'qualifyingDoneAt'
> {
  const q = (query: { name: string; text: string }, values: unknown[]) =>
    batch.query(job, query.name, query.text, values)
  return {
    async sharedIpEnrolments(programKey, customerId, ipHash) {
      const { rows } = await q(SHARED_IP_ENROLMENTS, [programKey, customerId, ipHash ?? null])
      return sharedIpEnrolments(rows[0]!)
    },
    async lockSharedIpCommissions(programKey, customerId, ipHash, enrolmentIds, now) {
      // all enrolment keys at once (the member's own among them): no member holds one while waiting for another
      await batch.acquire(job, enrolmentIds.map(keys.enrolment))
      const { rows } = await q(LOCK_SHARED_IP_COMMISSIONS, [programKey, customerId, ipHash ?? null, enrolmentIds, now])
      return rows.map(sharedIpCommission)
    },
    async claimsElsewhere(programKeys, externalId, partnerId) {
      // every program's key of the account at once: see the port
      await batch.acquire(
        job,
        programKeys.map((p) => keys.customer(p, externalId)),
      )
      await q(QUERIES.lockAccount, [externalId])
      const { rows } = await q(QUERIES.claimsElsewhere, [programKeys, externalId, partnerId])
      return rows.map(otherClaim)
    },
    async qualifyingDoneAt(customerId, types) {
      // the customer's key is held (lockCustomer): an earlier member's event of the customer is written
      const { rows } = await q(QUALIFYING_DONE_AT, [customerId, types])
      return (rows[0]?.at as Date | null) ?? null
    },
    async refusedUntilQualified(customerId, enrolmentId, reasons, from) {
      // the customer's key is held (lockCustomer), the enrolment's with its lock
      await batch.acquire(job, [keys.enrolment(enrolmentId)])
      const { rows } = await q(REFUSED_UNTIL_QUALIFIED, [customerId, enrolmentId, reasons, from])
      return rows.map(refusedEarning)
    },
    async laterPaidCommissions(enrolmentId, after, customerId) {
      await batch.acquire(job, [keys.enrolment(enrolmentId)])
      const { rows } = await q(LATER_PAID_COMMISSIONS, [enrolmentId, after, customerId])
      return rows.map(laterCommission)
    },
    async openCommissionsOf(customerId) {
      const { rows } = await q(QUERIES.openCommissionsOf, [customerId])
      return rows.map(openCommission)
    },
    async firstEventOf(customerId) {
      const { rows } = await q(QUERIES.firstEventOf, [customerId])
      return (rows[0]?.at as Date | null) ?? null
    },
  }
}

/** What the program's rules are, as this transaction sees them (see rule-versions.ts). */
/** An order's commissions (locked) and the undos recorded for it, under the order's in-batch key. */
function orderReads(
  batch: Batch<WriteBuffer>,
  job: Member<WriteBuffer>,
): Pick<EarningsTx, 'orderCommissions' | 'undosOfOrder'> {
  return {
    async orderCommissions(programKey, orderRef) {
      await batch.acquire(job, [keys.order(programKey, orderRef)])
      const { rows } = await batch.grouped(job, ORDER_COMMISSIONS, { programKey, orderRef })
      return rows.map(orderCommission)
    },
    async undosOfOrder(programKey, orderRef, customerId) {
      await batch.acquire(job, [keys.order(programKey, orderRef)])
      const { rows } = await batch.grouped(job, UNDOS_OF_ORDER, { programKey, orderRef, customerId })
      return rows.map(recordedUndo)
    },
  }
}

function ruleReads(
  batch: Batch<WriteBuffer>,
  job: Member<WriteBuffer>,
): Pick<EarningsTx, 'rulesRevision' | 'publishedRules' | 'codeStanding' | 'orderEarner'> {
  return {
    async orderEarner(programKey, orderRef, customerId) {
      const { orderEarner: query } = QUERIES
      const { rows } = await batch.query(job, query.name, query.text, [programKey, orderRef, customerId], false)
      return (rows[0]?.enrolment_id as string | undefined) ?? null
    },
    async codeStanding(codeId) {
      const { codeStanding: query } = QUERIES
      const { rows } = await batch.query(job, query.name, query.text, [codeId])
      return rows[0] ? codeStanding(rows[0]) : null
    },
    async rulesRevision() {
      const { rows } = await batch.grouped(job, RULES_REVISION, null, false)
      return rows[0]!.n as number
    },
    async publishedRules() {
      const { rows } = await batch.query(job, PUBLISHED_RULES.name, PUBLISHED_RULES.text, [])
      return publishedRules(rows)
    },
  }
}

function earningsTx(batch: Batch<WriteBuffer>, job: Member<WriteBuffer>): EarningsTx {
  const q = (query: { name: string; text: string }, values: unknown[]) =>
    batch.query(job, query.name, query.text, values)
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
      // The (program, id) claimed for this transaction, then read: a taken id writes nothing, and the batch's
      // transaction goes on without this member. The row itself is written once, with the commit (finishEvent).
      const key = { programKey: e.programKey, externalId: e.externalId }
      const [, { rows }] = await Promise.all([
        batch.grouped(job, LOCK_EVENT_IDS, key, false),
        batch.grouped(job, CLAIM_EVENTS, { id, e, ref: ref ?? null }, false),
      ])
      const claimed = claimedEvent(id, rows[0])
      writes().recordEvent({ id, e, subIds: claimed.subIds })
      return claimed
    },
    async keepSubIds(eventId, subIds) {
      writes().keepSubIds(eventId, subIds)
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
    async countPayingCustomers(enrolmentId, before, customerId) {
      await batch.acquire(job, [keys.enrolment(enrolmentId)])
      const { rows } = await batch.grouped(job, COUNT_PAYING, { id: enrolmentId, before, customerId })
      return rows[0]!.n as number
    },
    async countNewUsers(enrolmentId, from, to) {
      await batch.acquire(job, [keys.enrolment(enrolmentId)])
      const { rows } = await q(TIER_QUERIES.countNewUsers, [enrolmentId, from, to])
      return rows[0]!.n as number
    },
    async countOtherNewUsers(enrolmentId, from, to, customerId) {
      await batch.acquire(job, [keys.enrolment(enrolmentId)])
      const { rows } = await q(TIER_QUERIES.countOtherNewUsers, [enrolmentId, from, to, customerId])
      return rows[0]!.n as number
    },
    async monthRevenueShares(enrolmentId, from, to) {
      await batch.acquire(job, [keys.enrolment(enrolmentId)])
      return (await q(TIER_QUERIES.monthRevenueShares, [enrolmentId, from, to])).rows.map(monthShare)
    },
    async ipUsedByOtherCustomer(programKey, ipHash, customerId) {
      await batch.acquire(job, [keys.ip(programKey, ipHash)])
      const { rows } = await q(QUERIES.ipUsedByOtherCustomer, [programKey, ipHash, customerId || null])
      return rows[0]!.used as boolean
    },
    async customerActedInCampaign(customerId, campaignKey, eventType, exceptEventId) {
      // the caller holds the customer's key (lockCustomer): an earlier member's event of the customer is written
      const { rows } = await q(QUERIES.customerActedInCampaign, [customerId, campaignKey, exceptEventId, eventType])
      return rows[0]!.acted as boolean
    },
    async ipUsedInCampaign(programKey, campaignKey, ipHash, eventType, exceptEventId) {
      await batch.acquire(job, [keys.ip(programKey, ipHash)])
      const { rows } = await q(QUERIES.ipUsedInCampaign, [programKey, campaignKey, ipHash, exceptEventId, eventType])
      return rows[0]!.used as boolean
    },
    ...customerLinks(batch, job),
    ...ruleReads(batch, job),
    ...orderReads(batch, job),
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
    async countConversion(c) {
      writes().countConversion(c)
    },
    async raiseFlags(flags) {
      writes().raiseFlags(flags)
    },
    async recordRefereeBonus(b) {
      writes().recordRefereeBonus(b)
    },
    async voidRefereeBonus(customerId, d) {
      writes().voidRefereeBonus(customerId, d)
    },
  }
}

/** Most postbacks one transaction carries: bounds a batch's statement sizes and the time its locks are held. */
const MAX_BATCH = 64

/**
 * EarningsStore on a pg pool. Postbacks that arrive while a transaction runs wait for the next one and share it
 * (group commit, see Batch): under load a transaction carries dozens of them for the round trips of one; alone,
 * a postback starts its transaction at once.
 */
export function pgEarningsStore(
  pool: pg.Pool,
  opts: { sharedSession: boolean; onBatch?: (report: BatchReport) => void },
): EarningsStore {
  const run = groupCommit(pool, {
    named: !opts.sharedSession,
    overlap: !opts.sharedSession,
    maxBatch: MAX_BATCH,
    newWrites: () => new WriteBuffer(),
    translate,
    onBatch: opts.onBatch,
  })
  return {
    replayLookupFirst: opts.sharedSession,
    ...earningsReads(pool),
    transaction: (fn) => run((batch, member) => fn(earningsTx(batch, member))),
  }
}
