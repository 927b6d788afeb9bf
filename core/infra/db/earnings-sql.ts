import { suspensionsOf } from '../../domain/codes.ts'
import type { Deal } from '../../domain/deals.ts'
import { TIER_TOP_UP } from '../../domain/month-tiers.ts'
import { SUB_KEYS, type SubIds } from '../../domain/tracking.ts'
import {
  type ClickRecord,
  type CodeRecord,
  type CustomerRecord,
  DuplicateKeyError,
  type EarningsTx,
  type EnrolmentRecord,
  type NewEvent,
  type OpenCommission,
  type OtherClaim,
  TransactionConflictError,
} from '../../ports/earnings-store.ts'
import type { PublishedRules } from '../../programs/catalog.ts'
import type { CommissionRule } from '../../programs/definition.ts'
import { commissionRemainingSql } from './balances.ts'
import { arrayLiteral, type Column, type Group, key2, type Row, splitBy, unnested } from './group-statements.ts'

/**
 * What a postback's transaction asks the database, and how the answers read: shared by the group-commit store
 * (earnings-store.ts) and the plain one (earnings-store-plain.ts), so the two differ only in how they run it.
 * Every read is set-based (one statement for any number of members); a plain transaction passes one argument.
 */

export const big = (v: unknown) => (v === null || v === undefined ? undefined : BigInt(v as string))
export const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v)

export const enrolment = (r: Row, prefix = ''): EnrolmentRecord => ({
  id: r[`${prefix}id`] as string,
  partnerId: r[`${prefix}partner_id`] as string,
  programKey: r[`${prefix}program_key`] as string,
  status: r[`${prefix}status`] as EnrolmentRecord['status'],
  registeredAt: r[`${prefix}registered_at`] as Date,
  enrolledAt: opt((r[`${prefix}created_at`] as Date | null | undefined) ?? null),
  rateOverrideBps: opt(r[`${prefix}rate_override_bps`] as number | null),
  ownAccountId: opt(r[`${prefix}own_account_id`] as string | null),
  campaigns: (r[`${prefix}campaigns`] as string[] | undefined) ?? undefined,
  endsAt: opt((r[`${prefix}ends_at`] as Date | null | undefined) ?? null),
  endReason: opt((r[`${prefix}end_reason`] as string | null | undefined) ?? null),
  deals: dealsOf(r[`${prefix}deals`]),
})

type DealJson = { from: string; until: string | null; commission: CommissionRule }
/** The deals read with an enrolment (JSON: dates as text); the rules were validated when they were saved. */
const dealsOf = (v: unknown): Deal[] | undefined =>
  Array.isArray(v) && v.length
    ? (v as DealJson[]).map((d) => ({
        from: new Date(d.from),
        until: d.until ? new Date(d.until) : undefined,
        commission: d.commission,
      }))
    : undefined

export const customer = (r: Row): CustomerRecord => ({
  id: r.id as string,
  enrolmentId: opt(r.enrolment_id as string | null),
  codeId: opt(r.code_id as string | null),
  ineligible: opt(r.ineligible as string | null),
  seenTypes: (r.seen_types as string[]) ?? [],
  qualifiedAt: opt(r.qualified_at as Date | null),
  firstPaidAt: opt(r.first_paid_at as Date | null),
  acquiredRateBps: opt(r.acquired_rate_bps as number | null),
  acquiredLevelCount: opt((r.acquired_level_count as number | null | undefined) ?? null),
  ipHash: opt(r.ip_hash as string | null),
  convertedAt: opt((r.converted_at as Date | null | undefined) ?? null),
  signedUpAt: opt((r.signed_up_at as Date | null | undefined) ?? null),
})

export const CUSTOMER_COLUMNS =
  'id, enrolment_id, code_id, ineligible, seen_types, qualified_at, first_paid_at, acquired_rate_bps, acquired_level_count, ip_hash, converted_at, signed_up_at'

export type InsertEventArg = { id: string; e: NewEvent; ref: string | null }
/** An event's columns as it came (what INSERT_EVENTS and the group-commit store's event write store). */
export const EVENT_COLUMNS: Column<InsertEventArg>[] = [
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
  ['click_id', 'uuid', (a) => a.e.clickId ?? null],
  ['body_hash', 'text', (a) => a.e.bodyHash],
  ['payload', 'jsonb', (a) => JSON.stringify(a.e.payload)],
]
const insertedEvents = unnested<InsertEventArg>([
  ...EVENT_COLUMNS,
  ['ref', 'text', (a) => a.ref],
  ['customer', 'text', (a) => a.e.customer],
])
export const SUBS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5']
/** An event's referral code (with its enrolment) and the click it names, as insertedEvent reads them. */
export const CODE_AND_CLICK = `rc.id, rc.code, rc.program_key, rc.status::text AS status, rc.rate_override_bps, rc.valid_from,
                rc.valid_until, rc.suspensions, ca.key AS campaign_key, e.id AS e_id, e.partner_id AS e_partner_id,
                e.program_key AS e_program_key, e.status::text AS e_status, e.registered_at AS e_registered_at,
                e.rate_override_bps AS e_rate_override_bps, e.own_account_id AS e_own_account_id,
                e.created_at AS e_created_at, e.ends_at AS e_ends_at, e.end_reason AS e_end_reason,
                cl.at AS click_at, cl.code_id AS click_code_id, clc.program_key AS click_program_key,
                ${SUBS.map((c) => `cl.${c} AS click_${c}`).join(', ')}`
/** The joins of CODE_AND_CLICK, from `i` (program_key, ref, click_id). */
export const CODE_AND_CLICK_JOINS = `LEFT JOIN referral_codes rc ON rc.program_key = i.program_key AND lower(rc.code) = lower(i.ref)
         LEFT JOIN enrolments e ON e.id = rc.enrolment_id
         LEFT JOIN campaigns ca ON ca.id = rc.campaign_id
         LEFT JOIN clicks cl ON cl.id = i.click_id
         LEFT JOIN referral_codes clc ON clc.id = cl.code_id`

/** Rows back to the events they answer (`arg_id`: the id given to each). */
export const byArgId = (rows: Row[], args: InsertEventArg[]) =>
  splitBy(
    rows,
    args,
    (r) => r.arg_id as string,
    (a) => a.id,
  )

/**
 * The events (the idempotency gate), their referral codes and the clicks they name. A code is the program's, in
 * any letter case (a customer types "vera10" for VERA10; codes are unique per program regardless of case, on the
 * expression index referral_codes_program_key_lower_code_key). A taken (program, id) inserts
 * nothing (ON CONFLICT, which waits for a concurrent inserter's outcome) and comes back without event_id.
 */
export const INSERT_EVENTS: Group<InsertEventArg> = {
  name: 'pa_insert_events',
  text: `WITH input AS (SELECT * FROM ${insertedEvents.unnest} AS i(${insertedEvents.names})),
         ev AS (
           INSERT INTO events (${unnested(EVENT_COLUMNS).names}, ${SUBS.join(', ')})
           SELECT ${EVENT_COLUMNS.map(([c]) => `i.${c}`).join(', ')},
                  ${SUBS.map((c) => `CASE WHEN sc.id IS NOT NULL THEN sc.${c} ELSE su.${c} END`).join(', ')}
           FROM input i
           LEFT JOIN clicks sc ON sc.id = i.click_id
           LEFT JOIN customers su ON su.program_key = i.program_key AND su.external_id = i.customer
           ON CONFLICT (program_key, external_id) DO NOTHING RETURNING id, ${SUBS.join(', ')})
         SELECT i.id AS arg_id, ev.id AS event_id, ${CODE_AND_CLICK},
                ${SUBS.map((c) => `ev.${c} AS ev_${c}`).join(', ')}
         FROM input i
         LEFT JOIN ev ON ev.id = i.id
         ${CODE_AND_CLICK_JOINS}`,
  values: insertedEvents.values,
  split: byArgId,
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
  ...SUB_KEYS.map((k): [string, string, (a: LockCustomerArg) => unknown] => [
    k,
    'text',
    (a) => a.init.subIds?.[k] ?? null,
  ]),
])
/**
 * Inserts the new customers and touches the existing ones, which locks them (NO KEY UPDATE strength) and returns
 * them; xmax = 0 only on a row this statement inserted. Rows go in key order, so that two batches lock alike.
 */
export const LOCK_CUSTOMERS: Group<LockCustomerArg> = {
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
export const LOCK_ENROLMENTS: Group<string> = {
  name: 'pa_lock_enrolments',
  locks: true,
  text: `SELECT id, partner_id, program_key, status::text AS status, registered_at, created_at, rate_override_bps,
                own_account_id, ends_at, end_reason,
                ARRAY(SELECT ca.key FROM referral_codes rc JOIN campaigns ca ON ca.id = rc.campaign_id
                      WHERE rc.enrolment_id = enrolments.id ORDER BY ca.key) AS campaigns,
                (SELECT json_agg(json_build_object('from', d.valid_from, 'until', d.valid_until,
                                                   'commission', d.commission) ORDER BY d.valid_from)
                 FROM partner_deals d
                 WHERE d.enrolment_id = enrolments.id AND (d.valid_until IS NULL OR d.valid_until > d.valid_from)
                ) AS deals
         FROM enrolments WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
  values: (ids) => [ids],
  split: byId,
}

/**
 * Paying customers per enrolment (levels by count: worksection's "deals", "paying clients"): those with a
 * commission of their payments that still stands. A client whose payment was refunded in full (its commission
 * reversed), or who could never earn (rejected, annulled), paid nothing: it is no deal and no paying client.
 */
export const COUNT_PAYING: Group<{ id: string; before: Date; customerId: string }> = {
  name: 'pa_count_paying_before_set',
  // by when each customer paid, not by when its postback came: a payment reported late is rated as of its date (one
  // paid at the same moment and recorded first counts as before)
  text: `SELECT i.id, i.customer_id, (SELECT count(DISTINCT cm.customer_id)::int FROM commissions cm
                       WHERE cm.enrolment_id = i.id AND cm.customer_id IS NOT NULL AND cm.customer_id <> i.customer_id
                         AND cm.occurred_at <= i.before AND cm.rule IN ('payment_share', 'one_time_reward')
                         AND cm.status IN ('pending', 'held', 'available', 'paid')) AS n
         FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[]) AS i(id, before, customer_id)`,
  values: (args) => [
    arrayLiteral(args.map((a) => a.id)),
    arrayLiteral(args.map((a) => a.before.toISOString())),
    arrayLiteral(args.map((a) => a.customerId)),
  ],
  split: (rows, args) =>
    splitBy(
      rows,
      args,
      (r) => key2(r.id, r.customer_id),
      (a) => key2(a.id, a.customerId),
    ),
}

/** The rules' revision (rule-versions.ts): one read per round, whatever the number of members asking. */
export const RULES_REVISION: Group<null> = {
  name: 'pa_rules_revision',
  // a withdrawal changes the rules too (terms-store.ts publishedRules counts the same)
  text: 'SELECT (count(*) + count(withdrawn_at))::int AS n FROM terms_versions WHERE published_at IS NOT NULL',
  values: () => [],
  split: (rows, args) => args.map(() => rows),
}

/**
 * Every published commission change with the revision it makes, read on the postback's own connection: a process
 * behind on the rules reloads them inside the transaction (embedded PGlite has one connection; waiting for another
 * inside a transaction would wait for ever). The same read as the terms store's publishedRules.
 */
export const PUBLISHED_RULES = {
  name: 'pa_published_rules',
  text: `SELECT id, program_key, version, effective_at, changes, withdrawn_at FROM terms_versions
         WHERE published_at IS NOT NULL`,
}

export function publishedRules(rows: Row[]): PublishedRules {
  const amendments = rows.flatMap((r) => {
    const commission = (r.changes as { commission?: CommissionRule } | null)?.commission
    return commission && !r.withdrawn_at
      ? [
          {
            programKey: r.program_key as string,
            id: r.id as string,
            version: r.version as number,
            effectiveAt: r.effective_at as Date,
            commission,
          },
        ]
      : []
  })
  return { revision: rows.length + rows.filter((r) => r.withdrawn_at).length, amendments }
}

/** The pg error codes that matter here: unique violations name their constraint. */
export function translate(e: unknown): unknown {
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

/** The sub-ids of a row's `<prefix>sub1`..`sub5` columns (absent ones left out). */
export function subIdsOf(r: Row, prefix = ''): SubIds {
  const out: SubIds = {}
  for (const k of SUB_KEYS) {
    const v = r[`${prefix}${k}`] as string | null | undefined
    if (v) out[k] = v
  }
  return out
}

/** An event's referral code and click from a row of INSERT_EVENTS or CLAIM_EVENTS (CODE_AND_CLICK). */
export function codeAndClick(r: Row) {
  const code: CodeRecord | null = r.id
    ? {
        id: r.id as string,
        code: r.code as string,
        programKey: r.program_key as string,
        status: r.status as CodeRecord['status'],
        campaignKey: opt(r.campaign_key as string | null),
        rateOverrideBps: opt(r.rate_override_bps as number | null),
        validFrom: opt(r.valid_from as Date | null),
        validUntil: opt(r.valid_until as Date | null),
        suspensions: suspensionsOf(r.suspensions),
        enrolment: enrolment(r, 'e_'),
      }
    : null
  const click: ClickRecord | null = r.click_at
    ? {
        at: r.click_at as Date,
        codeId: r.click_code_id as string,
        programKey: r.click_program_key as string,
        subIds: subIdsOf(r, 'click_'),
      }
    : null
  return { code, click }
}

/** The row of INSERT_EVENTS as the transaction reads it: the event's id, its referral code, its click, its sub-ids. */
export function insertedEvent(id: string, r: Row | undefined) {
  if (!r?.event_id) throw new DuplicateKeyError('event')
  return { id, ...codeAndClick(r), subIds: subIdsOf(r, 'ev_') }
}

/** A code's state now (QUERIES.codeStanding). */
export const codeStanding = (r: Row): Pick<CodeRecord, 'status' | 'validFrom' | 'validUntil' | 'suspensions'> => ({
  status: r.status === 'suspended' ? 'suspended' : 'active',
  validFrom: (r.valid_from as Date | null) ?? undefined,
  validUntil: (r.valid_until as Date | null) ?? undefined,
  suspensions: suspensionsOf(r.suspensions),
})

/** The plain reads of a postback's transaction (not grouped: each member asks its own). */
export const QUERIES = {
  ipUsedByOtherCustomer: {
    name: 'pa_ip_other_customer',
    text: `SELECT EXISTS (SELECT 1 FROM events WHERE program_key = $1 AND ip_hash = $2 AND customer_id IS NOT NULL
                                             AND customer_id IS DISTINCT FROM $3::uuid) AS used`,
  },
  // whose commission a customer's order carries, read without a lock (the order's commissions are locked after the
  // partner's, as everywhere: ORDER_COMMISSIONS)
  orderEarner: {
    name: 'pa_order_earner',
    text: `SELECT enrolment_id FROM commissions
           WHERE program_key = $1 AND order_ref = $2 AND customer_id = $3::uuid AND rule <> '${TIER_TOP_UP}'
           ORDER BY created_at LIMIT 1`,
  },
  codeStanding: {
    name: 'pa_code_standing',
    text: 'SELECT status::text AS status, valid_from, valid_until, suspensions FROM referral_codes WHERE id = $1',
  },
  // the campaign's own action only (a sale's payment, a lead...): a customer's sign-up before its sale is no first action
  customerActedInCampaign: {
    name: 'pa_customer_acted_in_campaign',
    text: `SELECT EXISTS (SELECT 1 FROM events WHERE customer_id = $1 AND campaign_key = $2 AND id <> $3
                                             AND type = $4::text::"EventType") AS acted`,
  },
  ipUsedInCampaign: {
    name: 'pa_ip_in_campaign',
    text: `SELECT EXISTS (SELECT 1 FROM events WHERE program_key = $1 AND campaign_key = $2 AND ip_hash = $3 AND id <> $4
                                             AND type = $5::text::"EventType") AS used`,
  },
  /**
   * Serialises the first claims of one account across transactions (two processes, or two batches): a second claim
   * waits for the first one's commit, so that its read below sees it. A statement of its own, so that the read's
   * snapshot is taken after the lock.
   */
  lockAccount: {
    name: 'pa_lock_account',
    text: `SELECT pg_advisory_xact_lock(hashtextextended('account:' || $1, 0)) AS locked`,
  },
  claimsElsewhere: {
    name: 'pa_claims_elsewhere',
    text: `SELECT cu.id, cu.program_key, cu.enrolment_id, e.partner_id, cu.ineligible
           FROM customers cu JOIN enrolments e ON e.id = cu.enrolment_id
           WHERE cu.program_key = ANY($1::text[]) AND cu.external_id = $2 AND e.partner_id <> $3::uuid
           ORDER BY cu.program_key`,
  },
  firstEventOf: {
    name: 'pa_first_event_of',
    text: 'SELECT min(occurred_at) AS at FROM events WHERE customer_id = $1',
  },
  openCommissionsOf: {
    name: 'pa_open_commissions_of',
    text: `SELECT c.id, c.program_key, c.enrolment_id, c.status::text AS status, c.currency, c.available_at,
                  ${commissionRemainingSql('c')} AS remaining
           FROM commissions c
           WHERE c.customer_id = $1 AND c.status IN ('pending', 'held', 'available')
           ORDER BY c.id
           FOR NO KEY UPDATE OF c`,
  },
} as const

export const otherClaim = (r: Row): OtherClaim => ({
  customerId: r.id as string,
  programKey: r.program_key as string,
  enrolmentId: r.enrolment_id as string,
  partnerId: r.partner_id as string,
  ineligible: opt(r.ineligible as string | null),
})

export const openCommission = (r: Row): OpenCommission => ({
  id: r.id as string,
  programKey: r.program_key as string,
  enrolmentId: r.enrolment_id as string,
  status: r.status as OpenCommission['status'],
  currency: r.currency as string,
  remainingMinor: big(r.remaining) ?? 0n,
  availableAt: opt(r.available_at as Date | null),
})
