import type { ProgramDefinition } from '../programs/definition.ts'
import { addBusinessDays, addDays, localDate, startOfLocalDate, weekday } from './calendar.ts'

/** The most recent scheduled payout date on or before `at`'s local date: what it left unpaid is carried over. */
export function previousScheduledPayout(program: ProgramDefinition, at: Date): Date | undefined {
  const s = program.payout.schedule
  let d = localDate(at, program.timeZone)
  if (s.type === 'weekly') while (weekday(d) !== s.weekday) d = addDays(d, -1)
  else if (s.type === 'monthly') while (d.day !== s.day) d = addDays(d, -1)
  else return undefined
  return startOfLocalDate(d, program.timeZone)
}

/** When a request made at `at` would be paid, for programs paid on request. */
export function onRequestDueDate(program: ProgramDefinition, at: Date): Date | undefined {
  const s = program.payout.schedule
  if (s.type !== 'on_request') return undefined
  return startOfLocalDate(addBusinessDays(at, s.dueBusinessDays, program.timeZone, program.holidays), program.timeZone)
}
