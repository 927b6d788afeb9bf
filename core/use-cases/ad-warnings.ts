import { addBusinessDays, addDays, startOfLocalDate } from '../domain/calendar.ts'
import type { Announcement } from '../ports/jobs.ts'
import type { LedgerTx } from '../ports/ledger-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { payoutCardNews, payoutStatusNews } from './payouts.ts'
import type { SanctionDeps } from './sanctions.ts'

/**
 * Melbet 2.9: "saistītajam partnerim tiks nosūtīts brīdinājums ar lūgumu aizstāt šādus materiālus. Saistītais partneris
 * piekrīt novērst notikušo pārkāpumu 5 (piecu) darba dienu laikā. Ja jautājums netiek atrisināts norādītajā termiņā,
 * uzņēmums patur tiesības ... bloķēt maksājumus ... līdz brīdim, kad pārkāpums tiek novērsts."
 * A warning for one of the program's ad-rule reasons carries a deadline; a scheduled sweep turns each warning still
 * open at its deadline into a payout block (once, whichever instance runs it), and the partner and the desk are told.
 * Support resolves it by lifting the warning: before the deadline nothing is blocked, after it the block goes too.
 */

/** The end of the last business day the partner has to fix the breach, or undefined if the warning has none. */
export function warningDeadline(program: ProgramDefinition, reason: string, now: Date): Date | undefined {
  const rule = program.quality.adWarning
  if (!rule?.reasons.includes(reason)) return undefined
  const lastDay = addBusinessDays(now, rule.fixBusinessDays, program.timeZone, program.holidays)
  return startOfLocalDate(addDays(lastDay, 1), program.timeZone)
}

/** Who blocks the payouts when a deadline passes: the service itself, on the program's rule. */
export const AD_WARNING_ACTOR = 'system:ad_warning'

/** Every overdue warning becomes a payout block; how many did now. Safe to run from several instances at once. */
export async function escalateOverdueWarnings(deps: SanctionDeps, limit = 100): Promise<number> {
  const due = await deps.ledger.transaction((tx) => tx.overdueWarnings(deps.clock.now(), limit))
  let done = 0
  for (const id of due) if (await deps.ledger.transaction((tx) => escalate(deps, tx, id))) done++
  if (done) deps.logger.info({ escalated: done }, 'overdue ad-rule warnings: payouts blocked')
  return done
}

async function escalate(deps: SanctionDeps, tx: LedgerTx, warningId: string): Promise<boolean> {
  const now = deps.clock.now()
  // the warning's row lock makes this once: a second instance waits here, then finds it escalated
  const w = await tx.lockSanction(warningId)
  if (w?.kind !== 'warning' || w.liftedAt || w.escalatedTo || !w.dueAt || w.dueAt > now) return false
  const enrolment = await tx.lockEnrolmentOf(w.partnerId, w.programKey)
  if (!enrolment || !['active', 'blocked'].includes(enrolment.status)) return false
  const block = await tx.insertSanction({
    enrolmentId: enrolment.id,
    kind: 'payout_hold',
    reason: w.reason,
    note: w.note,
    actor: AD_WARNING_ACTOR,
    createdAt: now,
  })
  await tx.setEscalatedTo(w.id, block.id)
  await tx.setPayoutsBlocked(enrolment.id, w.reason)
  // payouts already asked for wait for review while the block stands; an approved one in a pay-day batch is paid with
  // its batch (finance may be paying the exported file), as a block leaves it (sanctions.ts)
  for (const p of await tx.openPayouts(enrolment.id)) {
    if (p.status === 'approved' && p.batchId) continue
    if (p.status === 'needs_review' || !(await tx.setPayoutStatus(p.id, [p.status], 'needs_review', w.reason, now)))
      continue
    await tx.announce(payoutStatusNews(p.id, 'needs_review', now), payoutCardNews(p.id, 'payout_hold', now))
  }
  await tx.audit({
    at: now,
    actor: AD_WARNING_ACTOR,
    action: 'sanction.payout_hold',
    subjectType: 'partner',
    subjectId: w.partnerId,
    reason: w.reason,
    data: { program: w.programKey, sanction: block.id, warning: w.id, dueAt: w.dueAt.toISOString() },
  })
  await tx.announce(
    {
      queue: 'notifications',
      name: 'sanction_applied',
      data: { sanctionId: block.id },
      opts: { jobId: `sanction-${block.id}-applied` },
    },
    overdueDeskNews(block.id),
  )
  return true
}

/** The desk hears that a warning's deadline passed and payouts are blocked (once per block). */
const overdueDeskNews = (sanctionId: string): Announcement => ({
  queue: 'desk',
  name: 'ad_warning_overdue',
  data: { sanctionId },
  opts: { jobId: `ad-warning-overdue-${sanctionId}` },
})
