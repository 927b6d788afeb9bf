import {
  type Attachment,
  answerByOf,
  checkDisputeText,
  DISPUTE_SUBJECTS,
  type DisputeAction,
  type DisputeOutcome,
  type DisputeSubject,
  disputeTransition,
  isResolved,
  reminderAt,
} from '../domain/disputes.ts'
import { DomainError } from '../domain/errors.ts'
import type { Clock } from '../ports/clock.ts'
import type { DisputeMessage, DisputeRecord, DisputeStore, DisputeTx, MessageAuthor } from '../ports/dispute-store.ts'
import type { Announcement } from '../ports/jobs.ts'
import type { Logger } from '../ports/logger.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface DisputeDeps {
  clock: Clock
  logger: Logger
  disputes: DisputeStore
  program: (key: string) => ProgramDefinition | undefined
}

/** The desk is reminded this long before an answer is due. */
const REMIND_BEFORE_MS = 24 * 60 * 60 * 1000

/** Why a dispute was upheld or rejected: a code the partner reads in their own language, plus an optional note. */
export const RESOLUTION_REASONS = [
  'corrected',
  'evidence_accepted',
  'terms_applied',
  'no_evidence',
  'fraud_confirmed',
  'out_of_scope',
  'other',
] as const
export type ResolutionReason = (typeof RESOLUTION_REASONS)[number]

/** What happened to a dispute, as the partner is told (notifications queue) and the desk shows it. */
export type DisputeNews = 'reply' | 'evidence' | 'resolved' | 'reopened'

type Job = Announcement

/** The card shows the dispute as it is when the job runs, so a repeated job only re-renders it (no job id). */
const card = (d: DisputeRecord): Job => ({ queue: 'desk', name: 'dispute_card', data: { disputeId: d.id } })
const mirror = (m: DisputeMessage): Job => ({
  queue: 'desk',
  name: 'dispute_message',
  data: { messageId: m.id },
  opts: { jobId: `dispute-message-${m.id}` },
})
/**
 * Each is announced in the transaction that made the news, so it is queued once that commits (a retried action
 * fails its transition check instead of telling twice); a message's notice is also keyed by the message.
 */
const tell = (d: DisputeRecord, news: DisputeNews, messageId?: string): Job => ({
  queue: 'notifications',
  name: 'dispute_update',
  data: { disputeId: d.id, news, messageId: messageId ?? null },
  opts: messageId ? { jobId: `dispute-${d.id}-${news}-${messageId}` } : undefined,
})
/** A reminder and a deadline per answer-by date; the jobs re-check state and time when they fire. */
function timers(deps: DisputeDeps, d: DisputeRecord): Job[] {
  const now = deps.clock.now().getTime()
  return (['reminder', 'deadline'] as const).map((kind) => {
    const at = kind === 'reminder' ? reminderAt(d.answerBy, new Date(now)) : d.answerBy
    return {
      queue: 'disputes',
      name: 'dispute_timer',
      data: { disputeId: d.id, kind },
      opts: { jobId: `dispute-${kind}-${d.id}-${d.answerBy.getTime()}`, delayMs: Math.max(0, at.getTime() - now) },
    }
  })
}

const partnerMessage = (
  disputeId: string,
  input: { partnerId: string; source: string; sourceRef: string },
  text: string,
  attachments: Attachment[],
  at: Date,
) => ({
  disputeId,
  author: 'partner' as const,
  authorRef: input.partnerId,
  text,
  attachments,
  source: input.source,
  sourceRef: input.sourceRef,
  createdAt: at,
})

function programOf(deps: DisputeDeps, key: string) {
  const p = deps.program(key)
  if (!p) throw new DomainError('program.not_found', { program: key })
  return p
}

/** What the partner may dispute: their programs and their own commissions, payouts and sanctions. */
export async function disputeSubjects(deps: DisputeDeps, partnerId: string, programKey?: string) {
  return deps.disputes.subjectsOf(partnerId, 8, programKey)
}

export interface OpenDisputeInput {
  partnerId: string
  programKey: string
  subject: DisputeSubject
  subjectId?: string
  text: string
  attachments?: Attachment[]
  /** Where the case was written and its id there (a Telegram message): the same case delivered twice opens one. */
  source: string
  sourceRef: string
  /** The programs the partner is enrolled in, as the bot knows them: a case is only about one of these. */
  enrolledPrograms: readonly string[]
}

/**
 * A partner's case: checked to be about their own item in a program they are in, answered by the program's
 * deadline (business days in its time zone), posted to the desk, with a reminder and an escalation timer.
 */
export async function openDispute(deps: DisputeDeps, input: OpenDisputeInput): Promise<DisputeRecord> {
  const program = programOf(deps, input.programKey)
  if (!input.enrolledPrograms.includes(program.key))
    throw new DomainError('dispute.not_enrolled', { program: program.key })
  if (!DISPUTE_SUBJECTS.includes(input.subject)) throw new DomainError('dispute.bad_subject')
  const attachments = input.attachments ?? []
  const text = checkDisputeText(input.text, attachments)
  if (input.subject !== 'other') {
    const item = input.subjectId && (await deps.disputes.subject(input.partnerId, input.subject, input.subjectId))
    if (!item || item.programKey !== program.key) throw new DomainError('dispute.subject_not_found')
  }
  const now = deps.clock.now()
  const terms = await deps.disputes.termsInForce(program.key, now)
  const result = await deps.disputes.transaction(async (tx) => {
    const earlier = await tx.messageBySource(input.source, input.sourceRef)
    if (earlier) return { dispute: (await tx.lock(earlier.disputeId))!, created: false }
    const dispute = await tx.insert({
      partnerId: input.partnerId,
      programKey: program.key,
      subject: input.subject,
      subjectId: input.subject === 'other' ? undefined : input.subjectId,
      status: 'open',
      answerBy: answerByOf(program, now),
      termsId: terms?.id,
      createdAt: now,
    })
    await tx.addMessage(partnerMessage(dispute.id, input, text, attachments, now))
    await tx.audit({
      at: now,
      actor: `partner:${input.partnerId}`,
      action: 'dispute.opened',
      subjectType: 'dispute',
      subjectId: dispute.id,
      data: { number: dispute.number, program: program.key, subject: input.subject, subjectId: input.subjectId },
    })
    await tx.announce(card(dispute), ...timers(deps, dispute))
    return { dispute, created: true }
  })
  return result.dispute
}

async function ownDispute(deps: DisputeDeps, partnerId: string, number: number) {
  const d = await deps.disputes.byNumber(number)
  // another partner's number reads as unknown: a partner can only ever see their own cases
  if (!d || d.partnerId !== partnerId) throw new DomainError('dispute.not_found', { number })
  return d
}

/** A partner's disputes, newest first, and one with its conversation. */
export const partnerDisputes = (deps: DisputeDeps, partnerId: string) => deps.disputes.ofPartner(partnerId, 20)
export async function partnerDispute(deps: DisputeDeps, partnerId: string, number: number) {
  const d = await ownDispute(deps, partnerId, number)
  return { dispute: d, messages: await deps.disputes.messages(d.id) }
}

/**
 * The partner adds to their case. Waiting for evidence, the case goes back to the desk; a resolved case reopens
 * with a new deadline, unless the program makes the decision final (melbet).
 */
export async function addPartnerMessage(
  deps: DisputeDeps,
  input: {
    partnerId: string
    number: number
    text: string
    attachments?: Attachment[]
    source: string
    sourceRef: string
  },
) {
  const found = await ownDispute(deps, input.partnerId, input.number)
  const program = programOf(deps, found.programKey)
  const attachments = input.attachments ?? []
  const text = checkDisputeText(input.text, attachments)
  const now = deps.clock.now()
  const out = await deps.disputes.transaction(async (tx) => {
    let d = (await tx.lock(found.id))!
    let reopened = false
    let moved = false
    if (isResolved(d.status)) {
      if (program.disputes.finalAfterReview) throw new DomainError('dispute.final', { number: d.number })
      disputeTransition('reopen', d.status, d.number)
      d = await tx.update(
        d.id,
        {
          status: 'open',
          answerBy: answerByOf(program, now),
          resolution: null,
          resolvedAt: null,
          remindedAt: null,
          overdueAt: null,
        },
        now,
      )
      reopened = true
      moved = true
    } else if (d.status === 'awaiting_partner') {
      d = await tx.update(d.id, { status: d.assignee ? 'claimed' : 'open' }, now)
      moved = true
    }
    const m = await tx.addMessage(partnerMessage(d.id, input, text, attachments, now))
    if (reopened)
      await tx.audit({
        at: now,
        actor: `partner:${input.partnerId}`,
        action: 'dispute.reopened',
        subjectType: 'dispute',
        subjectId: d.id,
        data: { number: d.number },
      })
    const jobs: Job[] = []
    if (m) jobs.push(mirror(m))
    if (moved) jobs.push(card(d))
    if (reopened) jobs.push(...timers(deps, d))
    await tx.announce(...jobs)
    return { dispute: d, message: m, reopened, moved }
  })
  return out
}

export interface DeskInput {
  disputeId: string
  /** `slack:U123`: who acted, for the audit log and the card. */
  actor: string
}

/** One desk action under the dispute's lock: checked against the transition table, audited, then told. */
async function deskAction(
  deps: DisputeDeps,
  input: DeskInput,
  action: DisputeAction,
  apply: (
    tx: DisputeTx,
    d: DisputeRecord,
    now: Date,
  ) => Promise<{ dispute: DisputeRecord; jobs: Job[]; data?: object }>,
) {
  const now = deps.clock.now()
  const out = await deps.disputes.transaction(async (tx) => {
    const d = await tx.lock(input.disputeId)
    if (!d) throw new DomainError('dispute.not_found', { id: input.disputeId })
    disputeTransition(action, d.status, d.number)
    const r = await apply(tx, d, now)
    await tx.audit({
      at: now,
      actor: input.actor,
      action: `dispute.${action}`,
      subjectType: 'dispute',
      subjectId: d.id,
      data: { number: d.number, from: d.status, to: r.dispute.status, ...r.data },
    })
    await tx.announce(card(r.dispute), ...r.jobs)
    return r
  })
  return out.dispute
}

const supportMessage = (
  tx: DisputeTx,
  d: DisputeRecord,
  input: DeskInput & { text: string; source: string; sourceRef: string; attachments?: Attachment[] },
  now: Date,
  author: MessageAuthor = 'support',
) =>
  tx.addMessage({
    disputeId: d.id,
    author,
    authorRef: input.actor,
    text: input.text,
    attachments: input.attachments ?? [],
    source: input.source,
    sourceRef: input.sourceRef,
    createdAt: now,
  })

export const claimDispute = (deps: DisputeDeps, input: DeskInput) =>
  deskAction(deps, input, 'claim', async (tx, d, now) => ({
    dispute: await tx.update(d.id, { status: 'claimed', assignee: input.actor }, now),
    jobs: [],
  }))

export const escalateDispute = (deps: DisputeDeps, input: DeskInput & { note?: string }) =>
  deskAction(deps, input, 'escalate', async (tx, d, now) => ({
    dispute: await tx.update(d.id, { status: 'escalated' }, now),
    jobs: [],
    data: { note: input.note?.slice(0, 500) },
  }))

/**
 * Support writes to the partner (the reply modal, or a message in the dispute's Slack thread). A reply from
 * the modal is also mirrored into the thread; one typed in the thread is already there.
 */
export async function replyToDispute(
  deps: DisputeDeps,
  input: DeskInput & {
    text: string
    source: 'slack_modal' | 'slack_thread'
    sourceRef: string
    attachments?: Attachment[]
    askEvidence?: boolean
  },
) {
  const text = checkDisputeText(input.text, input.attachments ?? [])
  let message: DisputeMessage | null = null
  const d = await deskAction(deps, input, input.askEvidence ? 'ask_evidence' : 'reply', async (tx, d, now) => {
    message = await supportMessage(tx, d, { ...input, text }, now)
    if (!message) return { dispute: d, jobs: [] }
    const changes = {
      ...(input.askEvidence ? { status: 'awaiting_partner' as const } : {}),
      // the first to answer takes the case
      ...(d.assignee ? {} : { assignee: input.actor, ...(d.status === 'open' ? { status: 'claimed' as const } : {}) }),
    }
    const next = await tx.update(d.id, changes, now)
    const jobs = [tell(next, input.askEvidence ? 'evidence' : 'reply', message.id)]
    if (input.source === 'slack_modal') jobs.push(mirror(message))
    return { dispute: next, jobs }
  })
  return { dispute: d, message: message as DisputeMessage | null }
}

/** Upheld or rejected, with a reason code the partner reads in their language and an optional note. */
export async function resolveDispute(
  deps: DisputeDeps,
  input: DeskInput & { outcome: DisputeOutcome; reason: string; note?: string },
) {
  if (!RESOLUTION_REASONS.includes(input.reason as ResolutionReason))
    throw new DomainError('dispute.bad_reason', { reason: input.reason })
  const note = input.note?.trim().slice(0, 1500) || undefined
  // "other" says nothing by itself: the partner must read why
  if (input.reason === 'other' && !note) throw new DomainError('dispute.note_required')
  return deskAction(deps, input, input.outcome === 'upheld' ? 'uphold' : 'reject', async (tx, d, now) => {
    const resolution = JSON.stringify({ reason: input.reason, note })
    const next = await tx.update(
      d.id,
      { status: input.outcome, resolution, resolvedAt: now, assignee: d.assignee ?? input.actor },
      now,
    )
    if (note)
      await supportMessage(
        tx,
        d,
        { ...input, text: note, source: 'resolution', sourceRef: `${d.id}:${now.getTime()}` },
        now,
        'system',
      )
    return { dispute: next, jobs: [tell(next, 'resolved')], data: { reason: input.reason } }
  })
}

/** The reason code and note of a resolved dispute. */
export function resolutionOf(d: DisputeRecord): { reason: string; note?: string } | undefined {
  if (!d.resolution) return undefined
  try {
    return JSON.parse(d.resolution) as { reason: string; note?: string }
  } catch {
    return { reason: 'other', note: d.resolution }
  }
}

/**
 * A reminder or deadline timer fired (a BullMQ delayed job, or the sweep that catches up lost ones). Each
 * happens once per answer-by date: a day before, the desk is reminded; past the deadline, the case is escalated.
 */
export async function disputeTimer(deps: DisputeDeps, disputeId: string, kind: 'reminder' | 'deadline') {
  const now = deps.clock.now()
  const out = await deps.disputes.transaction(async (tx) => {
    const d = await tx.lock(disputeId)
    if (!d || isResolved(d.status)) return null
    if (kind === 'reminder') {
      if (d.remindedAt || now.getTime() < d.answerBy.getTime() - REMIND_BEFORE_MS) return null
      const reminded = await tx.update(d.id, { remindedAt: now }, now)
      await tx.announce(...deadlineNews(reminded, 'reminder'))
      return { dispute: reminded, event: 'reminder' as const }
    }
    if (d.overdueAt || now < d.answerBy) return null
    const next = await tx.update(d.id, { overdueAt: now, status: 'escalated', remindedAt: d.remindedAt ?? now }, now)
    await tx.announce(...deadlineNews(next, 'overdue'))
    await tx.audit({
      at: now,
      actor: 'system',
      action: 'dispute.overdue',
      subjectType: 'dispute',
      subjectId: d.id,
      data: { number: d.number, from: d.status, answerBy: d.answerBy.toISOString() },
    })
    return { dispute: next, event: 'overdue' as const }
  })
  if (!out) return 'nothing_due'
  return out.event
}

/** The card, and the desk's reminder or escalation notice (once per answer-by date). */
const deadlineNews = (d: DisputeRecord, event: 'reminder' | 'overdue'): Job[] => [
  card(d),
  {
    queue: 'desk',
    name: 'dispute_deadline',
    data: { disputeId: d.id, event },
    opts: { jobId: `dispute-${event}-${d.id}-${d.answerBy.getTime()}` },
  },
]

/** The safety net: every reminder and escalation that is due, whether or not its delayed job survived. */
export async function sweepDisputeDeadlines(deps: DisputeDeps) {
  const now = deps.clock.now()
  const due = await deps.disputes.due(now, REMIND_BEFORE_MS, 500)
  const fired: string[] = []
  for (const d of due) {
    const kind = !d.overdueAt && d.answerBy <= now ? 'deadline' : 'reminder'
    const r = await disputeTimer(deps, d.id, kind)
    if (r !== 'nothing_due') fired.push(`${d.number}:${r}`)
  }
  return fired
}

/** Binds a dispute to the desk message that shows it (its Slack thread). */
export async function setDisputeThread(deps: DisputeDeps, disputeId: string, channel: string, ts: string) {
  await deps.disputes.transaction(async (tx) => {
    await tx.update(disputeId, { slackChannel: channel, slackTs: ts }, deps.clock.now())
  })
}

/** A dispute with its conversation and context, for the desk. */
export async function deskView(deps: DisputeDeps, disputeId: string) {
  const d = await deps.disputes.byId(disputeId)
  if (!d) return null
  const [messages, context] = await Promise.all([deps.disputes.messages(d.id), deps.disputes.context(d)])
  return { dispute: d, messages, context, program: deps.program(d.programKey) }
}
