import { csvDocument } from '../domain/csv.ts'
import { DomainError } from '../domain/errors.ts'
import { earliestEffective } from '../domain/terms.ts'
import type { BroadcastRecord, TermsTx } from '../ports/terms-store.ts'
import type { TermsDeps } from './terms.ts'

// A published change's broadcast as an admin handles it: its pump queued, paused, resumed or cancelled, its
// progress and its final report. Publishing it, and the pump's own side, are in terms.ts and broadcast-pump.ts.

/**
 * Queues the broadcast's pump under one job id per broadcast: while a pump is queued or running, queueing it
 * again changes nothing, so two pumps never send the same broadcast (the job is forgotten once it ends).
 */
export async function startPump(deps: Pick<TermsDeps, 'jobs' | 'logger'>, broadcastId: string) {
  try {
    await deps.jobs.enqueue(
      'broadcasts',
      'broadcast',
      { broadcastId },
      { jobId: `broadcast-${broadcastId}`, removeWhenDone: true },
    )
  } catch (e) {
    // the broadcast is running in the database: the minute sweep queues it once Redis is back
    deps.logger.error({ err: e, broadcastId }, 'broadcast saved but its job could not be queued')
  }
}

/**
 * The broadcast's message on the desk shows what the pump does not: answers that come after it completed, a pause or
 * a cancel while no pump runs. Refreshed a moment later, once for a burst (one job id while it waits); it is a view:
 * a queue that does not answer is logged, and nothing else fails.
 */
export async function refreshBroadcastView(deps: Pick<TermsDeps, 'jobs' | 'logger'>, broadcastId: string) {
  try {
    await deps.jobs.enqueue(
      'desk',
      'broadcast_progress',
      { broadcastId },
      { jobId: `broadcast-progress-${broadcastId}`, delayMs: 2000, removeWhenDone: true },
    )
  } catch (e) {
    deps.logger.warn({ err: e, broadcastId }, 'broadcast view not refreshed')
  }
}

const BROADCAST_CONTROLS = ['pause', 'resume', 'cancel'] as const
const TRANSITIONS: Record<
  (typeof BROADCAST_CONTROLS)[number],
  { from: BroadcastRecord['status'][]; to: BroadcastRecord['status'] }
> = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'paused'], to: 'cancelled' },
}

/** Pause, resume or cancel a broadcast (compare-and-set; audited). A pump sees the change before its next batch. */
export async function controlBroadcast(
  deps: TermsDeps,
  input: { broadcastId: string; action: 'pause' | 'resume' | 'cancel'; actor: string },
) {
  const t = TRANSITIONS[input.action]
  const now = deps.clock.now()
  // read before the transaction (the embedded database serves one connection at a time)
  const known = await deps.terms.broadcast(input.broadcastId)
  const version = known?.termsVersionId ? await deps.terms.version(known.termsVersionId) : null
  const program = known && deps.program(known.programKey)
  // the notice the change needs: every change of a program with one, but a rates-only change where the terms let
  // rates apply on publication (worksection-partner); worksection-referral gives its 3 days for rates too
  const immediate = version?.ratesOnly && program?.terms.rateChangesImmediate
  const notice =
    version && program && !immediate && program.terms.noticeDays > 0
      ? { program, effectiveAt: version.effectiveAt }
      : undefined
  const b = await deps.terms.transaction(async (tx) => {
    const b = await tx.lockBroadcast(input.broadcastId)
    if (!b) throw new DomainError('broadcast.not_found', { id: input.broadcastId })
    if (!t.from.includes(b.status))
      throw new DomainError('broadcast.invalid_transition', { status: b.status, action: input.action })
    if (input.action === 'resume' && notice && earliestEffective(notice.program, now, false) > notice.effectiveAt)
      // partners still to be told must get the program's full notice before the change takes effect
      throw new DomainError('broadcast.notice_passed', {
        noticeDays: notice.program.terms.noticeDays,
        effectiveAt: notice.effectiveAt.toISOString(),
      })
    await tx.setBroadcastStatus(b.id, t.to, now)
    await tx.audit({
      at: now,
      actor: input.actor,
      action: `broadcast.${input.action}`,
      subjectType: 'broadcast',
      subjectId: b.id,
      data: { from: b.status, to: t.to },
    })
    const withdrawn = input.action === 'cancel' && (await withdrawChange(tx, b, now, input.actor))
    return { ...b, status: t.to, withdrawn }
  })
  // a resumed pump refreshes the message itself; a paused or cancelled one no longer runs to do it
  if (input.action === 'resume') await startPump(deps, b.id)
  else await refreshBroadcastView(deps, b.id)
  return b
}

/**
 * A broadcast cancelled before its change took effect withdraws the change: partners not told yet could not be bound
 * by it (a program's notice, worksection's 3 days), so it binds nobody. Its commission is no rule from now on, the
 * partners already told hear that it is withdrawn, and /terms no longer lists it. A change already in force stays.
 */
async function withdrawChange(tx: TermsTx, b: BroadcastRecord, now: Date, actor: string): Promise<boolean> {
  const v = b.termsVersionId ? await tx.lockVersion(b.termsVersionId) : null
  if (!v || v.withdrawnAt || v.effectiveAt <= now) return false
  await tx.markWithdrawn(v.id, now)
  for (const partnerId of await tx.toldPartners(b.id))
    await tx.announce({
      queue: 'notifications',
      name: 'terms_withdrawn',
      data: { versionId: v.id, partnerId },
      opts: { jobId: `terms-withdrawn-${v.id}-${partnerId}` },
    })
  await tx.audit({
    at: now,
    actor,
    action: 'terms.withdrawn',
    subjectType: 'terms_version',
    subjectId: v.id,
    data: { program: v.programKey, version: v.version, broadcast: b.id },
  })
  return true
}

/** Progress: counts by delivery state, answers, and an estimate of the time left at the broadcast's rate. */
export async function broadcastProgress(deps: TermsDeps, broadcastId: string) {
  const b = await deps.terms.broadcast(broadcastId)
  if (!b) throw new DomainError('broadcast.not_found', { id: broadcastId })
  const c = await deps.terms.counts(b.id, deps.clock.now())
  const remaining = c.pending + c.sending
  const version = b.termsVersionId ? await deps.terms.version(b.termsVersionId) : null
  return {
    id: b.id,
    program: b.programKey,
    version: version?.version ?? null,
    effectiveAt: version?.effectiveAt.toISOString() ?? null,
    /** When cancelling the broadcast withdrew its change (it binds nobody, it never takes effect); null otherwise. */
    withdrawnAt: version?.withdrawnAt?.toISOString() ?? null,
    /** Whether the change has taken effect by the service clock (its date has come, and it was not withdrawn). */
    inForce: !!version && !version.withdrawnAt && version.effectiveAt <= deps.clock.now(),
    status: b.status,
    paid: b.paid,
    ratePerSecond: b.ratePerSecond,
    total: c.total,
    sent: c.sent,
    /** Messages that did not go through (Telegram refused them, no Telegram): real failures only. */
    failed: c.failed,
    blocked: c.blocked,
    /**
     * Not sent, and no failure: the partner answered the change in /terms before it reached them and has left the
     * program since (an objection that ended their agreement); their answer is counted in acknowledged / objected.
     */
    answeredBeforeDelivery: c.answeredBeforeDelivery,
    remaining,
    acknowledged: c.acknowledged,
    objected: c.objected,
    /** The partners it reached (sent) who have neither acknowledged nor objected yet and can still answer. */
    unanswered: c.unanswered,
    etaSeconds: b.status === 'running' ? Math.ceil(remaining / b.ratePerSecond) : null,
    /** What an admin may do with it now (its buttons), by the transition table. */
    actions: BROADCAST_CONTROLS.filter((a) => TRANSITIONS[a].from.includes(b.status)),
    createdAt: b.createdAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
    slack: b.slackChannel && b.slackTs ? { channel: b.slackChannel, ts: b.slackTs } : null,
  }
}

/**
 * The final report: one line per partner: delivered, unreachable, acknowledged or objected; in a cancelled broadcast,
 * `cancelled` for those it never sent to; `answered_before_delivery` for those not sent it because they had answered
 * it already (in /terms) and left the program, their answer in its column.
 */
export async function broadcastReportCsv(deps: TermsDeps, broadcastId: string) {
  const b = await deps.terms.broadcast(broadcastId)
  if (!b) throw new DomainError('broadcast.not_found', { id: broadcastId })
  const header = [
    'partner_id',
    'name',
    'telegram_username',
    'language',
    'delivery',
    'sent_at',
    'error',
    'answer',
    'answered_at',
  ]
  const rows = (await deps.terms.report(b.id)).map((r) => [
    r.partnerId,
    r.name,
    r.telegramUsername,
    r.language,
    // a cancelled broadcast never sends what it had not yet: not "pending", as if still on its way
    b.status === 'cancelled' && r.delivery === 'pending' ? 'cancelled' : r.delivery,
    r.sentAt?.toISOString(),
    r.lastError,
    r.answer,
    r.answeredAt?.toISOString(),
  ])
  return csvDocument(header, rows)
}
