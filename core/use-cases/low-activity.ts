import { addMonths, type LocalDate, localDate, startOfLocalDate, startOfLocalMonth } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import type { Clock } from '../ports/clock.ts'
import type { Logger } from '../ports/logger.ts'
import type { NewReviewFlag, ReviewFlagRecord, ReviewFlagStore } from '../ports/review-flags.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface LowActivityDeps {
  flags: ReviewFlagStore
  clock: Clock
  logger: Logger
  program: (key: string) => ProgramDefinition | undefined
}

export interface ActivityWindow {
  /** Local midnight starting the first month (inclusive). */
  from: Date
  /** Local midnight starting the current month (exclusive). */
  to: Date
  /** The months covered, e.g. 2026-08..2026-10: one flag per enrolment and window. */
  subject: string
}

export interface LowActivityResult {
  window: ActivityWindow | null
  checked: number
  /** Flags raised by this run (a window already flagged is not flagged again). */
  flagged: number
}

const isoMonth = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, '0')}`

/** The last `months` complete calendar months before `now`, in the program's time zone. */
export function activityWindow(now: Date, timeZone: string, months: number): ActivityWindow {
  const to = startOfLocalMonth(now, timeZone)
  const current = localDate(to, timeZone)
  const first = addMonths(current, -months)
  return {
    from: startOfLocalDate(first, timeZone),
    to,
    subject: `${isoMonth(first)}..${isoMonth(addMonths(current, -1))}`,
  }
}

/**
 * Flags every active partner of a program with at most `maxNewUsers` new users in the last `months` complete
 * calendar months (melbet: 3 or fewer in 3 months), for a human to lower the rate, suspend or let be.
 * Partners registered after the window began have not had the full period and are not checked.
 * Idempotent: safe to run daily; a window is flagged once per enrolment.
 */
export async function reviewLowActivity(deps: LowActivityDeps, programKey: string): Promise<LowActivityResult> {
  const program = deps.program(programKey)
  if (!program) throw new DomainError('program.not_found', { program: programKey })
  const rule = program.quality.lowActivity
  if (!rule) return { window: null, checked: 0, flagged: 0 }
  const now = deps.clock.now()
  const window = activityWindow(now, program.timeZone, rule.months)
  const activity = await deps.flags.newUsersPerEnrolment(programKey, window.from, window.to, window.from)
  const flags: NewReviewFlag[] = activity
    .filter((a) => a.newUsers <= rule.maxNewUsers)
    .map((a) => ({
      enrolmentId: a.enrolmentId,
      partnerId: a.partnerId,
      programKey,
      kind: 'low_activity',
      subject: window.subject,
      details: {
        newUsers: a.newUsers,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        months: rule.months,
        maxNewUsers: rule.maxNewUsers,
      },
      createdAt: now,
    }))
  const flagged = flags.length ? await deps.flags.insertFlags(flags) : 0
  deps.logger.info(
    { program: programKey, window: window.subject, checked: activity.length, low: flags.length, flagged },
    'low activity reviewed',
  )
  return { window, checked: activity.length, flagged }
}

const RESOLUTION = /^[a-z][a-z0-9_]{1,63}$/
const MAX_LIMIT = 500

/** Review flags, newest first; `open` keeps only (true) or drops (false) the undecided ones. */
export async function listFlags(
  deps: Pick<LowActivityDeps, 'flags' | 'program'>,
  q: { programKey?: string; open?: boolean; limit?: number } = {},
): Promise<ReviewFlagRecord[]> {
  if (q.programKey !== undefined && !deps.program(q.programKey)) {
    throw new DomainError('program.not_found', { program: q.programKey })
  }
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 100), 1), MAX_LIMIT)
  return deps.flags.list({ programKey: q.programKey, open: q.open, limit })
}

/**
 * Records the human decision on a flag as a reason code (rate_lowered, suspended, no_action...), once.
 * The decision itself (a sanction, a lower rate) is carried out through its own use-case.
 */
export async function resolveFlag(
  deps: Pick<LowActivityDeps, 'flags' | 'clock'>,
  input: { flagId: string; resolution: string; actor: string; note?: string },
): Promise<ReviewFlagRecord> {
  if (!RESOLUTION.test(input.resolution)) {
    throw new DomainError('flag.invalid_resolution', { resolution: input.resolution })
  }
  const at = deps.clock.now()
  const resolved = await deps.flags.resolve(input.flagId, {
    resolution: input.resolution,
    actor: input.actor,
    at,
    note: input.note?.trim() || undefined,
  })
  if (resolved) return resolved
  // lost the compare-and-set: tell an unknown flag from one already decided
  const flag = await deps.flags.find(input.flagId)
  if (!flag) throw new DomainError('flag.not_found', { flag: input.flagId })
  throw new DomainError('flag.already_resolved', { flag: flag.id, resolution: flag.resolution ?? null })
}
