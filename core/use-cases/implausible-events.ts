import { DomainError } from '../domain/errors.ts'
import { checkClick, earliestEventOf, type IncomingEvent, lateBound, tooEarly } from '../domain/postback.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import type { EventResponse, RecordEventDeps, RecordedEvent } from './record-event.ts'

/**
 * Events that cannot be true, refused before any transaction (the hot path reads nothing here): inside one, a
 * refusal after the event's insert would roll back, and split, the group-commit batch it shares. A replay of an
 * event recorded in time gets its first answer instead.
 * - Older than the program's delay window: refused, unless its partner was imported with its history recently
 *   (earliestEventOf); one read, and only for such events.
 * - Naming a click that does not exist, is another program's or came after the event. Which code the click must
 *   be on needs the customer, and is checked in the transaction (a real click, so rare).
 */
export async function refuseImplausible(
  deps: RecordEventDeps,
  program: ProgramDefinition,
  event: IncomingEvent,
  hash: string,
): Promise<RecordedEvent | undefined> {
  const replay = async () => (deps.store.replayLookupFirst ? null : await replayOf(deps, program.key, event.id, hash))
  if (event.occurredAt < lateBound(program, deps.clock.now())) {
    const earlier = await replay()
    if (earlier) return earlier
    // judged by the enrolment the event will be weighed under (record-event.ts judges it again under its lock)
    const refFirst = program.attribution.perEvent && event.type !== 'refund' && event.type !== 'cancellation'
    const enrolment = (await deps.store.enrolmentOf(program.key, event.customer, event.ref, refFirst)) ?? undefined
    const earliest = earliestEventOf(enrolment, program, deps.clock.now())
    if (event.occurredAt < earliest.at) throw tooEarly(earliest, program, enrolment)
  }
  if (event.click) {
    let click = await deps.store.clickOf(event.click)
    // a click answered a moment ago may still be in a buffer (this process's, or another instance's): once written
    // it is read again; only a click that is nowhere is refused
    if (!click && deps.pendingClicks) {
      await deps.pendingClicks.settle(event.click)
      click = await deps.store.clickOf(event.click)
    }
    try {
      checkClick(program, event, click, undefined)
    } catch (refusal) {
      const earlier = await replay()
      if (earlier) return earlier
      throw refusal
    }
  }
  return undefined
}

/** The first answer to an event recorded before under this id; a different body under it is a conflict. */
export async function replayOf(deps: RecordEventDeps, programKey: string, id: string, hash: string) {
  const stored = await deps.store.findEvent(programKey, id)
  if (!stored) return null
  if (stored.bodyHash !== hash) {
    throw new DomainError('postback.id_conflict', { id }, `Event ${id} was already recorded with a different body`)
  }
  return { replayed: true, body: stored.response as EventResponse }
}
