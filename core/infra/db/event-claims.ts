import { DuplicateKeyError } from '../../ports/earnings-store.ts'
import {
  byArgId,
  CODE_AND_CLICK,
  CODE_AND_CLICK_JOINS,
  codeAndClick,
  type InsertEventArg,
  SUBS,
  subIdsOf,
} from './earnings-sql.ts'
import { type Group, type Row, unnested } from './group-statements.ts'

// The group-commit store's idempotency gate (earnings-store.ts): an event is claimed in the postback's transaction,
// then written once with the commit, with its customer and answer (INSERT_EVENT_ROWS in earnings-writes.ts), instead
// of inserted first and updated at the end (INSERT_EVENTS, which the plain store keeps): one row version and one
// entry per index instead of two.

type EventKey = { programKey: string; externalId: string }
/**
 * Claims events' (program, id) for this transaction: a transaction claiming one already claimed waits for the
 * other's end (a transaction-level advisory lock), so the read after it (CLAIM_EVENTS, a statement of its own, whose
 * snapshot is taken after the lock) sees the other's event if it committed. Keys in order: two transactions claim
 * alike. The group-commit store's idempotency gate: its event is then written once, with its customer and answer,
 * at the commit (INSERT_EVENT_ROWS in earnings-writes.ts); the unique key (program_key, external_id) still refuses
 * a second row from anyone who did not claim.
 */
export const LOCK_EVENT_IDS: Group<EventKey> = {
  name: 'pa_lock_event_ids',
  locks: true,
  text: `SELECT pg_advisory_xact_lock(k) FROM (
           SELECT DISTINCT hashtextextended('event:' || p || ':' || x, 0) AS k
           FROM unnest($1::text[], $2::text[]) AS i(p, x) ORDER BY 1) keys`,
  values: (args) => [args.map((a) => a.programKey), args.map((a) => a.externalId)],
  split: (_rows, args) => args.map(() => []),
}

const claimedEvents = unnested<InsertEventArg>([
  ['id', 'uuid', (a) => a.id],
  ['program_key', 'text', (a) => a.e.programKey],
  ['external_id', 'text', (a) => a.e.externalId],
  ['click_id', 'uuid', (a) => a.e.clickId ?? null],
  ['ref', 'text', (a) => a.ref],
  ['customer', 'text', (a) => a.e.customer],
])
/**
 * After LOCK_EVENT_IDS: whether each event is already recorded (`taken`), its referral code (any letter case, as in
 * INSERT_EVENTS), the click it names and the sub-ids of its customer (which an event without a click keeps).
 */
export const CLAIM_EVENTS: Group<InsertEventArg> = {
  name: 'pa_claim_events',
  text: `SELECT i.id AS arg_id, (ev.id IS NOT NULL) AS taken, ${CODE_AND_CLICK},
                ${SUBS.map((c) => `su.${c} AS customer_${c}`).join(', ')}
         FROM ${claimedEvents.unnest} AS i(${claimedEvents.names})
         LEFT JOIN events ev ON ev.program_key = i.program_key AND ev.external_id = i.external_id
         ${CODE_AND_CLICK_JOINS}
         LEFT JOIN customers su ON su.program_key = i.program_key AND su.external_id = i.customer`,
  values: claimedEvents.values,
  split: byArgId,
}

/**
 * The row of CLAIM_EVENTS: as insertedEvent; the sub-ids the event will keep are its click's, else its customer's
 * (as INSERT_EVENTS stores them).
 */
export function claimedEvent(id: string, r: Row | undefined) {
  if (!r || r.taken) throw new DuplicateKeyError('event')
  const found = codeAndClick(r)
  return { id, ...found, subIds: found.click ? (found.click.subIds ?? {}) : subIdsOf(r, 'customer_') }
}
