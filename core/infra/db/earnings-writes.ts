import { randomUUID } from 'node:crypto'
import type { NewEntry } from '../../domain/ledger.ts'
import { NO_CODE, SUB_KEYS, type SubIds } from '../../domain/tracking.ts'
import type { ConversionCount, EarningsTx, NewCommission, NewEvent } from '../../ports/earnings-store.ts'
import type { NewRefereeBonus } from '../../ports/referee-bonuses.ts'
import type { NewReviewFlag } from '../../ports/review-flags.ts'
import { EVENT_COLUMNS, SUBS } from './earnings-sql.ts'
import type { PendingWrites } from './group-batch.ts'
import { type Column, type Group, type QueryConfig, writeGroup } from './group-statements.ts'
import { INSERT_ENTRIES } from './ledger-postings.ts'

type CustomerChanges = Parameters<EarningsTx['updateCustomer']>[1]
/** An event claimed in this transaction (LOCK_EVENT_IDS), written once: with its customer and answer if finished. */
export type EventRow = { id: string; e: NewEvent; subIds: SubIds; customerId?: string; response?: unknown }
type CommissionChanges = Parameters<EarningsTx['updateCommission']>[1]
type Finished = { customerId: string; response: unknown }

/**
 * Writes wait in a buffer and go to the server with the next round, or with COMMIT: at most five set-based
 * statements (constant text, prepared once), whatever the number of members and writes. Changes to one row merge;
 * none of them sets a column back to NULL, so an absent change keeps the column (COALESCE).
 */
export class WriteBuffer implements PendingWrites<WriteBuffer> {
  private readonly events = new Map<string, EventRow>()
  private readonly commissions: (NewCommission & { id: string })[] = []
  private readonly commissionChanges = new Map<string, CommissionChanges>()
  private readonly entries: NewEntry[] = []
  private readonly customerChanges = new Map<string, CustomerChanges>()
  private readonly finished = new Map<string, Finished>()
  private readonly subIdChanges = new Map<string, SubIds>()
  private readonly flags: (NewReviewFlag & { id: string })[] = []
  private readonly bonuses: (NewRefereeBonus & { id: string })[] = []
  private readonly voidedBonuses = new Map<string, { reason: string; at: Date }>()
  private readonly conversions: ConversionCount[] = []

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
    const merged: CustomerChanges = { ...this.customerChanges.get(id), ...defined }
    // a first payment and a reward taken back in full: the later one of the two is what stands
    if (changes.firstPaidAt) delete merged.rewardUndone
    if (changes.rewardUndone) delete merged.firstPaidAt
    this.customerChanges.set(id, merged)
  }
  countConversion(c: ConversionCount) {
    this.conversions.push(c)
  }
  /** An event claimed, not yet written: its row goes with these writes, first (the others may reference it). */
  recordEvent(row: EventRow) {
    this.events.set(row.id, row)
  }
  /** The event's customer and answer: on its row if it waits here (written once), else an update of the row. */
  finishEvent(id: string, customerId: string, response: unknown) {
    const row = this.events.get(id)
    if (row) Object.assign(row, { customerId, response })
    else this.finished.set(id, { customerId, response })
  }
  /** The sub-ids the event keeps instead of those it was claimed with: on its row if it waits here, else an update. */
  keepSubIds(id: string, subIds: SubIds) {
    const row = this.events.get(id)
    if (row) row.subIds = subIds
    else this.subIdChanges.set(id, subIds)
  }
  raiseFlags(flags: NewReviewFlag[]) {
    for (const f of flags) this.flags.push({ ...f, id: randomUUID() })
  }
  recordRefereeBonus(b: NewRefereeBonus) {
    this.bonuses.push({ ...b, id: randomUUID() })
  }
  voidRefereeBonus(customerId: string, d: { reason: string; at: Date }) {
    this.voidedBonuses.set(customerId, d)
  }
  /** Takes a finished member's writes, after those already here. */
  absorb(other: WriteBuffer) {
    for (const [id, row] of other.events) this.events.set(id, row)
    this.commissions.push(...other.commissions)
    for (const [id, ch] of other.commissionChanges) this.updateCommission(id, ch)
    this.entries.push(...other.entries)
    for (const [id, ch] of other.customerChanges) this.updateCustomer(id, ch)
    for (const [id, f] of other.finished) this.finished.set(id, f)
    for (const [id, s] of other.subIdChanges) this.subIdChanges.set(id, s)
    this.flags.push(...other.flags)
    this.bonuses.push(...other.bonuses)
    for (const [id, d] of other.voidedBonuses) this.voidedBonuses.set(id, d)
    this.conversions.push(...other.conversions)
  }

  /** The buffered writes, in an order the foreign keys accept. */
  statements(named: boolean): QueryConfig[] {
    const out: QueryConfig[] = []
    const add = <A>(g: Group<A>, args: A[]) => {
      if (args.length) out.push({ ...(named ? { name: g.name } : {}), text: g.text, values: g.values(args) })
    }
    add(INSERT_EVENT_ROWS, [...this.events.values()])
    // before the postings, whose rollup (the ledger's trigger) reads the event's sub-ids
    add(UPDATE_EVENT_SUBS, [...this.subIdChanges])
    add(INSERT_COMMISSIONS, this.commissions)
    add(UPDATE_COMMISSIONS, [...this.commissionChanges])
    add(INSERT_ENTRIES, this.entries)
    add(UPDATE_CUSTOMERS, [...this.customerChanges])
    add(FINISH_EVENTS, [...this.finished])
    add(INSERT_FLAGS, this.flags)
    add(INSERT_REFEREE_BONUSES, this.bonuses)
    add(VOID_REFEREE_BONUSES, [...this.voidedBonuses])
    add(COUNT_CONVERSIONS, this.conversions)
    return out
  }
}

// ---- set-based statements: one per kind per round, whatever the number of members in it

const EVENT_ROW_COLUMNS: Column<EventRow>[] = [
  ...EVENT_COLUMNS.map(
    ([name, type, pick]): Column<EventRow> => [name, type, (r) => pick({ id: r.id, e: r.e, ref: null })],
  ),
  ...SUBS.map((k): Column<EventRow> => [k, 'text', (r) => r.subIds[k as keyof SubIds] ?? null]),
  ['customer_id', 'uuid', (r) => r.customerId ?? null],
  ['response', 'jsonb', (r) => (r.response === undefined ? null : JSON.stringify(r.response))],
]
/**
 * Events claimed in this transaction, each written once with its customer and answer. The claim (LOCK_EVENT_IDS)
 * made sure no other transaction writes the same (program, id) meanwhile; should one that did not claim it have
 * written it, the unique key fails this transaction, and the postback is answered as a replay when it runs again.
 */
const INSERT_EVENT_ROWS = writeGroup<EventRow>(
  'pa_insert_event_rows',
  EVENT_ROW_COLUMNS,
  (rows) => `INSERT INTO events (${rows.names}) SELECT * FROM ${rows.unnest}`,
)

const INSERT_COMMISSIONS = writeGroup<NewCommission & { id: string }>(
  'pa_insert_commissions',
  [
    ['id', 'uuid', (c) => c.id],
    ['program_key', 'text', (c) => c.programKey],
    ['enrolment_id', 'uuid', (c) => c.enrolmentId],
    ['customer_id', 'uuid', (c) => c.customerId ?? null],
    ['event_id', 'uuid', (c) => c.eventId],
    ['code_id', 'uuid', (c) => c.codeId ?? null],
    ['rule', 'text', (c) => c.rule],
    ['order_ref', 'text', (c) => c.orderRef ?? null],
    ['currency', 'text', (c) => c.currency],
    ['amount_minor', 'bigint', (c) => c.amountMinor.toString()],
    ['basis_minor', 'bigint', (c) => c.basisMinor?.toString() ?? null],
    ['rate_bps', 'int', (c) => c.rateBps ?? null],
    ['status', '"CommissionStatus"', (c) => c.status],
    ['reason', 'text', (c) => c.reason ?? null],
    ['available_at', 'timestamptz', (c) => c.availableAt ?? null],
    ['occurred_at', 'timestamptz', (c) => c.occurredAt ?? null],
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
    ['basis_minor', 'bigint', ([, c]) => c.basisMinor?.toString() ?? null],
    ['rate_bps', 'int', ([, c]) => c.rateBps ?? null],
    ['refunded_basis_minor', 'bigint', ([, c]) => c.refundedBasisMinor?.toString() ?? null],
    ['available_at', 'timestamptz', ([, c]) => c.availableAt ?? null],
    ['reason', 'text', ([, c]) => c.reason ?? null],
    ['updated_at', 'timestamptz', ([, c]) => c.at],
  ],
  (rows) => `UPDATE commissions c
             SET status = u.status, amount_minor = COALESCE(u.amount_minor, c.amount_minor),
                 basis_minor = COALESCE(u.basis_minor, c.basis_minor), rate_bps = COALESCE(u.rate_bps, c.rate_bps),
                 refunded_basis_minor = COALESCE(u.refunded_basis_minor, c.refunded_basis_minor),
                 available_at = COALESCE(u.available_at, c.available_at), reason = COALESCE(u.reason, c.reason),
                 updated_at = u.updated_at
             FROM ${rows.unnest} AS u(${rows.names})
             WHERE c.id = u.id`,
)

const UPDATE_CUSTOMERS = writeGroup<[string, CustomerChanges]>(
  'pa_update_customers',
  [
    ['id', 'uuid', ([id]) => id],
    ['enrolment_id', 'uuid', ([, c]) => c.enrolmentId ?? null],
    ['code_id', 'uuid', ([, c]) => c.codeId ?? null],
    ['ineligible', 'text', ([, c]) => c.ineligible ?? null],
    ['eligible_again', 'bool', ([, c]) => c.eligibleAgain ?? false],
    // as JSON: unnest() would flatten an array of arrays
    ['seen_types', 'jsonb', ([, c]) => (c.seenTypes ? JSON.stringify(c.seenTypes) : null)],
    ['qualified_at', 'timestamptz', ([, c]) => c.qualifiedAt ?? null],
    ['first_paid_at', 'timestamptz', ([, c]) => c.firstPaidAt ?? null],
    ['reward_undone', 'bool', ([, c]) => c.rewardUndone ?? false],
    ['acquired_rate_bps', 'int', ([, c]) => c.acquiredRateBps ?? null],
    ['acquired_level_count', 'int', ([, c]) => c.acquiredLevelCount ?? null],
    ['converted_at', 'timestamptz', ([, c]) => c.convertedAt ?? null],
    ['signed_up_at', 'timestamptz', ([, c]) => c.signedUpAt ?? null],
  ],
  (rows) => `UPDATE customers c
             SET enrolment_id = COALESCE(u.enrolment_id, c.enrolment_id), code_id = COALESCE(u.code_id, c.code_id),
                 ineligible = CASE WHEN u.ineligible IS NOT NULL THEN u.ineligible
                                   WHEN u.eligible_again THEN NULL ELSE c.ineligible END,
                 seen_types = CASE WHEN u.seen_types IS NULL THEN c.seen_types
                                   ELSE ARRAY(SELECT jsonb_array_elements_text(u.seen_types)) END,
                 qualified_at = COALESCE(u.qualified_at, c.qualified_at),
                 first_paid_at = CASE WHEN u.reward_undone THEN NULL ELSE COALESCE(u.first_paid_at, c.first_paid_at) END,
                 acquired_rate_bps = COALESCE(u.acquired_rate_bps, c.acquired_rate_bps),
                 acquired_level_count = COALESCE(u.acquired_level_count, c.acquired_level_count),
                 converted_at = COALESCE(u.converted_at, c.converted_at),
                 signed_up_at = COALESCE(u.signed_up_at, c.signed_up_at)
             FROM ${rows.unnest} AS u(${rows.names})
             WHERE c.id = u.id`,
)

const FINISH_EVENTS = writeGroup<[string, Finished]>(
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

/** An event's sub-ids replaced (an absent one becomes NULL): see WriteBuffer.keepSubIds. */
const UPDATE_EVENT_SUBS = writeGroup<[string, SubIds]>(
  'pa_update_event_subs',
  [
    ['id', 'uuid', ([id]) => id],
    ...SUBS.map((k): Column<[string, SubIds]> => [k, 'text', ([, s]) => s[k as keyof SubIds] ?? null]),
  ],
  (rows) => `UPDATE events e SET ${SUBS.map((k) => `${k} = u.${k}`).join(', ')}
             FROM ${rows.unnest} AS u(${rows.names})
             WHERE e.id = u.id`,
)

/**
 * Review flags a postback raises, with the audit row of each: one already raised (same enrolment, kind and subject,
 * by an earlier postback or another member of this round) is skipped, and only the rows inserted are audited.
 */
const INSERT_FLAGS = writeGroup<NewReviewFlag & { id: string }>(
  'pa_insert_flags',
  [
    ['id', 'uuid', (f) => f.id],
    ['enrolment_id', 'uuid', (f) => f.enrolmentId],
    ['kind', 'text', (f) => f.kind],
    ['subject', 'text', (f) => f.subject],
    ['details', 'jsonb', (f) => JSON.stringify(f.details)],
    ['created_at', 'timestamptz', (f) => f.createdAt],
    ['partner_id', 'text', (f) => f.partnerId],
    ['program_key', 'text', (f) => f.programKey],
  ],
  (rows) => `WITH input AS (SELECT * FROM ${rows.unnest} AS u(${rows.names})),
             raised AS (
               INSERT INTO review_flags (id, enrolment_id, kind, subject, details, created_at)
               SELECT id, enrolment_id, kind, subject, details, created_at FROM input
               ON CONFLICT (enrolment_id, kind, subject) DO NOTHING RETURNING id)
             INSERT INTO audit_log (at, actor, action, subject_type, subject_id, data)
             SELECT i.created_at, 'system', 'flag.' || i.kind, 'partner', i.partner_id,
                    jsonb_build_object('flag', i.id, 'program', i.program_key, 'subject', i.subject) || i.details
             FROM input i JOIN raised r ON r.id = i.id`,
)

/**
 * Referee bonuses a postback records, with the audit row of each: one already owed or granted for the customer (by
 * an earlier postback or another member of this round) is skipped; one voided (its qualifying payment refunded in
 * full) is owed again for the new one, as the partner's reward is; only the rows written are audited.
 */
const INSERT_REFEREE_BONUSES = writeGroup<NewRefereeBonus & { id: string }>(
  'pa_insert_referee_bonuses',
  [
    ['id', 'uuid', (b) => b.id],
    ['program_key', 'text', (b) => b.programKey],
    ['customer_id', 'uuid', (b) => b.customerId],
    ['enrolment_id', 'uuid', (b) => b.enrolmentId],
    ['event_id', 'uuid', (b) => b.eventId],
    ['amount_minor', 'bigint', (b) => b.amountMinor.toString()],
    ['currency', 'text', (b) => b.currency],
    ['created_at', 'timestamptz', (b) => b.at],
    ['partner_id', 'text', (b) => b.partnerId],
  ],
  (rows) => `WITH input AS (SELECT * FROM ${rows.unnest} AS u(${rows.names})),
             owed AS (
               INSERT INTO referee_bonuses (id, program_key, customer_id, enrolment_id, event_id, amount_minor,
                                            currency, status, created_at)
               SELECT id, program_key, customer_id, enrolment_id, event_id, amount_minor, currency, 'owed', created_at
               FROM input
               ON CONFLICT (customer_id) DO UPDATE
                 SET status = 'owed', event_id = EXCLUDED.event_id, enrolment_id = EXCLUDED.enrolment_id,
                     amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
                     created_at = EXCLUDED.created_at, voided_at = NULL, void_reason = NULL
                 WHERE referee_bonuses.status = 'voided'
               RETURNING id, customer_id)
             INSERT INTO audit_log (at, actor, action, subject_type, subject_id, data)
             SELECT i.created_at, 'system', 'referee_bonus.owed', 'referee_bonus', o.id::text,
                    jsonb_build_object('program', i.program_key, 'customer', i.customer_id, 'partner', i.partner_id,
                                       'event', i.event_id, 'amountMinor', i.amount_minor::text,
                                       'currency', i.currency)
             FROM input i JOIN owed o ON o.customer_id = i.customer_id`,
)

/** A refunded or cancelled qualifying payment voids the customer's bonus while it is still owed. */
const VOID_REFEREE_BONUSES = writeGroup<[string, { reason: string; at: Date }]>(
  'pa_void_referee_bonuses',
  [
    ['customer_id', 'uuid', ([id]) => id],
    ['reason', 'text', ([, d]) => d.reason],
    ['at', 'timestamptz', ([, d]) => d.at],
  ],
  (rows) => `WITH voided AS (
               UPDATE referee_bonuses b SET status = 'voided', voided_at = u.at, void_reason = u.reason
               FROM ${rows.unnest} AS u(${rows.names})
               WHERE b.customer_id = u.customer_id AND b.status = 'owed'
               RETURNING b.id, b.program_key, b.customer_id, u.reason, u.at)
             INSERT INTO audit_log (at, actor, action, subject_type, subject_id, reason, data)
             SELECT v.at, 'system', 'referee_bonus.voided', 'referee_bonus', v.id::text, v.reason,
                    jsonb_build_object('program', v.program_key, 'customer', v.customer_id)
             FROM voided v`,
)

/**
 * Sign-ups and first payments in the performance rollup, per link and under each sub-id: summed per row key first (one statement may not update a
 * row twice), in key order (so that two transactions lock rollup rows alike).
 */
const COUNT_CONVERSIONS = writeGroup<ConversionCount>(
  'pa_count_conversions',
  [
    ['enrolment_id', 'uuid', (c) => c.enrolmentId],
    ['day', 'date', (c) => c.day],
    ['code_id', 'uuid', (c) => c.codeId],
    ...SUB_KEYS.map((k): [string, string, (c: ConversionCount) => unknown] => [k, 'text', (c) => c.subIds[k] ?? null]),
    ['signups', 'int', (c) => c.signups],
    ['first_payments', 'int', (c) => c.firstPayments],
  ],
  (
    rows,
  ) => `INSERT INTO performance_days AS p (enrolment_id, dim, day, code_id, value, currency, signups, first_payments)
             SELECT u.enrolment_id, d.dim, u.day, d.code_id, d.value, '', sum(u.signups), sum(u.first_payments)
             FROM ${rows.unnest} AS u(${rows.names})
             CROSS JOIN LATERAL (VALUES ('', u.code_id, ''), ('sub1', '${NO_CODE}'::uuid, u.sub1),
                                        ('sub2', '${NO_CODE}'::uuid, u.sub2), ('sub3', '${NO_CODE}'::uuid, u.sub3),
                                        ('sub4', '${NO_CODE}'::uuid, u.sub4), ('sub5', '${NO_CODE}'::uuid, u.sub5)
                                ) AS d(dim, code_id, value)
             WHERE d.value IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
             ON CONFLICT (enrolment_id, dim, day, code_id, value, currency)
             DO UPDATE SET signups = p.signups + EXCLUDED.signups, first_payments = p.first_payments + EXCLUDED.first_payments`,
)
