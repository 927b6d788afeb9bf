import {
  type Attachment,
  checkDisputeText,
  cleanAttachments,
  type DisputeAction,
  type DisputeOutcome,
  deskActions,
  disputeTransition,
  isFinal,
  isResolved,
} from '../domain/disputes.ts'
import { DomainError } from '../domain/errors.ts'
import { cutText } from '../domain/text.ts'
import { formatOf, type TextFormat, trimFormatted } from '../domain/text-format.ts'
import type { DisputeMessage, DisputeRecord, DisputeTx, MessageAuthor } from '../ports/dispute-store.ts'
import type { UNDELIVERED } from '../ports/jobs.ts'
import {
  card,
  type DisputeDeps,
  type DisputeNews,
  type Job,
  mirror,
  OUTCOME_REASONS,
  REMIND_BEFORE_MS,
  tell,
} from './dispute-news.ts'

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
  input: DeskInput & {
    text: string
    format?: TextFormat[]
    source: string
    sourceRef: string
    attachments?: Attachment[]
  },
  now: Date,
  author: MessageAuthor = 'support',
) =>
  tx.addMessage({
    disputeId: d.id,
    author,
    authorRef: input.actor,
    text: input.text,
    format: input.format ?? [],
    attachments: input.attachments ?? [],
    source: input.source,
    sourceRef: input.sourceRef,
    createdAt: now,
  })

/**
 * Takes an unassigned case: an open one becomes claimed; one escalated or awaiting the partner keeps its status.
 * A case someone else has is refused (a stale card's button), and the agent's own case is left as it is: neither
 * changes nor audits anything.
 */
export const claimDispute = (deps: DisputeDeps, input: DeskInput) =>
  deskAction(deps, input, 'claim', async (tx, d, now) => {
    if (d.assignee === input.actor) throw new DomainError('dispute.already_yours', { number: d.number })
    if (d.assignee) throw new DomainError('dispute.taken', { number: d.number, assignee: d.assignee })
    const status = d.status === 'open' ? ('claimed' as const) : d.status
    return { dispute: await tx.update(d.id, { status, assignee: input.actor }, now), jobs: [] }
  })

export const escalateDispute = (deps: DisputeDeps, input: DeskInput & { note?: string }) =>
  deskAction(deps, input, 'escalate', async (tx, d, now) => ({
    dispute: await tx.update(d.id, { status: 'escalated', escalatedAt: now }, now),
    jobs: [],
    data: { note: input.note && cutText(input.note, 500) },
  }))

/**
 * Support writes to the partner (the reply modal, or a message in the dispute's Slack thread). A reply from
 * the modal is also mirrored into the thread; one typed in the thread is already there. `format`: the text's
 * formatting (bold, code...), kept beside the plain text and given to Telegram as entities.
 */
export async function replyToDispute(
  deps: DisputeDeps,
  input: DeskInput & {
    text: string
    format?: TextFormat[]
    source: 'slack_modal' | 'slack_thread'
    sourceRef: string
    attachments?: Attachment[]
    askEvidence?: boolean
  },
) {
  const attachments = cleanAttachments(input.attachments ?? [])
  const formatted = trimFormatted(input.text, input.format)
  const text = checkDisputeText(formatted.text, attachments)
  let message: DisputeMessage | null = null
  const d = await deskAction(deps, input, input.askEvidence ? 'ask_evidence' : 'reply', async (tx, d, now) => {
    message = await supportMessage(tx, d, { ...input, text, format: formatted.format, attachments }, now)
    if (!message) return { dispute: d, jobs: [] }
    const changes = {
      // the first to answer takes the case
      ...(d.assignee ? {} : { assignee: input.actor, ...(d.status === 'open' ? { status: 'claimed' as const } : {}) }),
      // asked for evidence, the case waits for the partner, whoever took it and whenever
      ...(input.askEvidence ? { status: 'awaiting_partner' as const } : {}),
    }
    const next = await tx.update(d.id, changes, now)
    const jobs = [tell(next, input.askEvidence ? 'evidence' : 'reply', message.id)]
    if (input.source === 'slack_modal') jobs.push(mirror(message))
    return { dispute: next, jobs }
  })
  return { dispute: d, message: message as DisputeMessage | null }
}

/** What an upheld dispute's resolution asked to be done to its commission after it. */
export type ResolutionStep = 'release' | 'restore' | 'none'

/** A resolution's note at most 1500 characters, trimmed, with its formatting cut to it. */
function noteOf(note: string | undefined, format: readonly TextFormat[] | undefined) {
  const whole = trimFormatted(note ?? '', format)
  return trimFormatted(cutText(whole.text, 1500), whole.format)
}

/**
 * Upheld or rejected, with a reason code the partner reads in their language and an optional note (`noteFormat`: its
 * bold, code..., given to Telegram as entities). The step asked for after it (release or restore of the commission)
 * is kept in the resolution: a second submission may finish that step, never one the first did not ask for.
 */
export async function resolveDispute(
  deps: DisputeDeps,
  input: DeskInput & {
    outcome: DisputeOutcome
    reason: string
    note?: string
    noteFormat?: TextFormat[]
    step?: ResolutionStep
  },
) {
  // each outcome has its own reasons: a rejection cannot say "we corrected it"
  if (!(OUTCOME_REASONS[input.outcome] as readonly string[]).includes(input.reason))
    throw new DomainError('dispute.bad_reason', { reason: input.reason })
  const noted = noteOf(input.note, input.noteFormat)
  const note = noted.text || undefined
  const noteFormat = note && noted.format.length ? noted.format : undefined
  // "other" says nothing by itself: the partner must read why
  if (input.reason === 'other' && !note) throw new DomainError('dispute.note_required')
  return deskAction(deps, input, input.outcome === 'upheld' ? 'uphold' : 'reject', async (tx, d, now) => {
    const step = input.outcome === 'upheld' ? (input.step ?? 'none') : undefined
    const resolution = JSON.stringify({ reason: input.reason, note, noteFormat, step })
    const next = await tx.update(
      d.id,
      { status: input.outcome, resolution, resolvedAt: now, assignee: d.assignee ?? input.actor },
      now,
    )
    if (note)
      await supportMessage(
        tx,
        d,
        { ...input, text: note, format: noteFormat, source: 'resolution', sourceRef: `${d.id}:${now.getTime()}` },
        now,
        'system',
      )
    return { dispute: next, jobs: [tell(next, 'resolved')], data: { reason: input.reason, step } }
  })
}

/** A resolution as kept: its reason code, note and the note's formatting, and the step an upheld one asked for. */
export interface Resolution {
  reason: string
  note?: string
  noteFormat?: TextFormat[]
  step?: ResolutionStep
}

/** The reason code and note of a resolved dispute, and the step an upheld one asked for (none when not recorded). */
export function resolutionOf(d: DisputeRecord): Resolution | undefined {
  if (!d.resolution) return undefined
  try {
    const r = JSON.parse(d.resolution) as Resolution
    return r.noteFormat ? { ...r, noteFormat: formatOf(r.noteFormat) } : r
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
    const next = await tx.update(
      d.id,
      { overdueAt: now, status: 'escalated', escalatedAt: now, remindedAt: d.remindedAt ?? now },
      now,
    )
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
  const program = deps.program(d.programKey)
  return { dispute: d, messages, context, program, actions: deskActions(d), final: isFinal(d.status, program) }
}

/**
 * What support told the partner (`news`) did not reach them in Telegram: the desk hears it in the dispute's thread,
 * once per notice, so nobody believes the partner was answered.
 */
export const reportUndelivered = (
  deps: DisputeDeps,
  /** `noticeId`: the notice job's own id, so each notice is told once (a decision made again is another notice). */
  input: { disputeId: string; news: DisputeNews; noticeId: string; why: (typeof UNDELIVERED)[number] },
) =>
  deps.disputes.transaction((tx) =>
    tx.announce({
      queue: 'desk',
      name: 'dispute_undelivered',
      data: { disputeId: input.disputeId, news: input.news, why: input.why },
      opts: { jobId: `dispute-undelivered-${input.noticeId}` },
    }),
  )
