import { outsideValidity } from '../domain/codes.ts'
import { inForceAt } from '../domain/enrolment-status.ts'
import type { IncomingEvent } from '../domain/postback.ts'
import type { CodeRecord, CustomerRecord, EarningsTx } from '../ports/earnings-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

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
  const idle = !own ? undefined : own.status !== 'active' ? 'code_suspended' : outsideValidity(own, event.occurredAt)
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
  if (code.status !== 'active') return 'code_suspended'
  // an agreement that ended before the event attributes nothing; an event from before the end still does
  if (!inForceAt(code.enrolment, event.occurredAt)) return `partner_${code.enrolment.status}`
  const outside = outsideValidity(code, event.occurredAt)
  if (outside) return outside
  if (event.campaign && code.campaignKey && event.campaign !== code.campaignKey) return 'campaign_mismatch'
  return undefined
}
