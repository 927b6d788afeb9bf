import { outsideValidity, suspendedAt } from '../domain/codes.ts'
import { inForceAt } from '../domain/enrolment-status.ts'
import type { IncomingEvent } from '../domain/postback.ts'
import type { SubIds } from '../domain/tracking.ts'
import type { CodeRecord, CustomerRecord, EarningsTx } from '../ports/earnings-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { firstIneligibility } from './ineligible-customers.ts'

/**
 * Whether a code attributes an event, and whether the customer's own code may earn now: the code checks of
 * record-event.ts (a suspended code, one outside its validity, an agreement not in force, another campaign's link).
 */

/** Whether the customer's own code cannot earn now: named by the event, or read when the event names none. */
export async function ownCodeIdle(
  tx: EarningsTx,
  event: IncomingEvent,
  named: CodeRecord | null,
  usable: CodeRecord | null,
  customer: CustomerRecord,
  notes: string[],
): Promise<boolean> {
  if (event.type === 'refund' || event.type === 'cancellation' || !customer.codeId) return false
  if (event.ref) return !usable && named?.id === customer.codeId
  const own = await tx.codeStanding(customer.codeId)
  const idle = !own
    ? undefined
    : suspendedAt(own, event.occurredAt)
      ? 'code_suspended'
      : outsideValidity(own, event.occurredAt)
  if (idle) notes.push(idle)
  return !!idle
}

export function attributable(
  program: ProgramDefinition,
  event: IncomingEvent,
  code: CodeRecord | null,
  notes: string[],
) {
  if (!event.ref) return null
  const refused = refusal(program, event, code)
  if (refused) notes.push(refused)
  return refused ? null : code
}

/** Why the event's code cannot attribute it: unknown, suspended, its partner not active, outside its validity... */
function refusal(program: ProgramDefinition, event: IncomingEvent, code: CodeRecord | null): string | undefined {
  if (!code || code.programKey !== program.key) return 'unknown_ref'
  // the code's standing when the event occurred: a payment reported after a suspension still earns
  if (suspendedAt(code, event.occurredAt)) return 'code_suspended'
  // an agreement that ended before the event attributes nothing; an event from before the end still does
  if (!inForceAt(code.enrolment, event.occurredAt)) return `partner_${code.enrolment.status}`
  const outside = outsideValidity(code, event.occurredAt)
  if (outside) return outside
  if (event.campaign && code.campaignKey && event.campaign !== code.campaignKey) return 'campaign_mismatch'
  return undefined
}

/** Whose an event is, and what the commission and the event keep of it (see earnerOf). */
export interface Earner {
  enrolmentId: string
  /** The customer as this partner sees it (its ineligibility is this partner's own when the code is another's). */
  customer: CustomerRecord
  /** The code the event earns through, when it is not the customer's own. */
  codeId?: string
  /** The sub-ids the event keeps instead of its customer's (another partner's code: only its own click's). */
  subIds?: SubIds
}

/**
 * Whose the event is: the customer's partner. In a program that credits each event to the code it names
 * (attribution.perEvent), that code's partner; nobody when the code it names cannot earn (the reason is in
 * `notes` already), unless it is the customer's own code (whose idleness ownCodeIdle tells); and a refund, a
 * cancellation or a settlement goes to the partner whose commission its order carries. Null: nobody's.
 */
export async function earnerOf(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  /** The code the event names (`code`), the one that may earn (`usable`), and its click. */
  codes: { code: CodeRecord | null; usable: CodeRecord | null; click: unknown; ipHash: string | undefined },
  customer: CustomerRecord,
): Promise<Earner | null> {
  const own = customer.enrolmentId ? { enrolmentId: customer.enrolmentId, customer } : null
  if (!program.attribution.perEvent) return own
  if (event.type === 'refund' || event.type === 'cancellation' || (event.type === 'revenue' && event.settled)) {
    // whoever earned this customer's order; an order of another customer is refused as before (orderOfOther)
    const earned = event.order ? await tx.orderEarner(program.key, event.order, customer.id) : null
    return earned ? { enrolmentId: earned, customer } : own
  }
  const { code: named, usable } = codes
  if (!event.ref) return own
  if (!usable) return own && named?.id === customer.codeId ? own : null
  if (usable.id === customer.codeId) return own
  if (usable.enrolment.id === customer.enrolmentId) return { ...own!, codeId: usable.id }
  // another partner's code: what the customer is to that partner, and none of the first partner's sub-ids
  const ineligible =
    (await firstIneligibility(tx, program, event, usable.enrolment, codes.ipHash, false)) ??
    (program.quality.existingCustomer === 'allow' ? undefined : 'existing_customer')
  return {
    enrolmentId: usable.enrolment.id,
    customer: { ...customer, ineligible },
    codeId: usable.id,
    subIds: codes.click ? undefined : {},
  }
}
