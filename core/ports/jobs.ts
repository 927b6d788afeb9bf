import { z } from 'zod'
import { DEAL_CHANGES } from '../domain/deals.ts'
import { DESK_CARD_KINDS } from './partner-directory.ts'

/**
 * Background work, behind a port. Every job is declared once here, by queue and name, with the schema of its
 * payload: producers only compile with the right payload, and workers validate what they read against the same
 * schema. Payloads carry ids only (the queue stores them in clear text): never amounts of personal data, secrets or
 * payment details. Every job that must not run twice has a `jobId` and is idempotent in the database as well: a
 * queue id only dedupes while the old job still exists.
 */
const id = z.string().min(1).max(128)
const none = z.object({})
/**
 * The deals a new deal changed, space-separated, each `change:dealId` or `change:dealId>nextId` (`next`: its part
 * after the new deal): a payload is flat (JobData).
 */
const DEAL_CHANGES_FORMAT = new RegExp(`^(?:(?:${DEAL_CHANGES.join('|')}):[\\w-]{1,64}(?:>[\\w-]{1,64})?(?: |$))*$`)

/** The payout states a partner is told about (core/domain/payouts.ts `PayoutStatus`). */
const PAYOUT_NOTICE_STATUSES = ['requested', 'approved', 'paid', 'rejected', 'cancelled', 'needs_review'] as const
/** What happened in a dispute that its partner hears of. */
export const DISPUTE_NEWS = ['reply', 'evidence', 'resolved', 'reopened'] as const
/** Why a notice did not reach a partner: blocked the bot (or a chat gone), no Telegram account known, Telegram off. */
export const UNDELIVERED = ['unreachable', 'no_telegram', 'telegram_off'] as const

export const JOBS = {
  system: {
    heartbeat: none,
    low_activity: none,
    earnings_digests: none,
    agreements: none,
    /** Ends the agreements whose end has come, once, at an ending's end date (the minute sweep is the backstop). */
    agreement_end: z.object({ enrolmentId: id }),
    broadcast_pumps: none,
    dispute_deadlines: none,
    /** Ad-rule warnings past their deadline, unresolved: payouts blocked (melbet 2.9). */
    ad_warning_deadlines: none,
    /** Sanctions whose end has come: lifted as a manual lift does it (codes reinstated, the partner told). */
    sanction_ends: none,
    /** One sanction lifted at its end, once (a delayed job; the minute sweep, sanction_ends, is the backstop). */
    sanction_end: z.object({ sanctionId: id }),
  },
  notifications: {
    sanction_applied: z.object({ sanctionId: id }),
    sanction_lifted: z.object({ sanctionId: id }),
    /** `paused`: requested while the program's payouts are paused (the notice says so, as the chat does). */
    payout_status: z.object({ payoutId: id, status: z.enum(PAYOUT_NOTICE_STATUSES), paused: z.boolean().optional() }),
    dispute_update: z.object({ disputeId: id, news: z.enum(DISPUTE_NEWS), messageId: id.nullable() }),
    /** The agreement has ended; `reason`: core/programs/definition.ts END_REASONS (absent: an objection, before reasons). */
    agreement_ended: z.object({ partnerId: id, programKey: id, reason: id.optional() }),
    /** The agreement will end (the company's notice, or the partner leaving): the date and what happens to the money. */
    agreement_ending: z.object({ partnerId: id, programKey: id, reason: id }),
    /** A term change the partner was told of is withdrawn before it took effect (its broadcast cancelled). */
    terms_withdrawn: z.object({ versionId: id, partnerId: id }),
    /**
     * A partner's deal was set (the new rate from its date) or ended (the program's rate from now). `others`: the
     * partner's deals the new one changed, told in the same notice (core/use-cases/deals.ts othersOf).
     */
    deal_changed: z.object({
      dealId: id,
      change: z.enum(['set', 'ended']),
      others: z.string().regex(DEAL_CHANGES_FORMAT).optional(),
    }),
    application_decided: z.object({ partnerId: id, programKey: id, decision: z.enum(['approved', 'declined']) }),
    /** Finance or an admin put a bonus or a penalty on the partner's balance (core/use-cases/adjustments.ts). */
    adjustment_made: z.object({ adjustmentId: id }),
    /** A rejected, reversed or annulled commission was restored (core/use-cases/restore-commission.ts). */
    commission_restored: z.object({
      commissionId: id,
      penalty: z
        .string()
        .regex(/^[1-9]\d{0,17}$/)
        .optional(),
    }),
    /** An operator released, voided or marked substandard a commission (core/use-cases/review-commission.ts). */
    commission_reviewed: z.object({
      commissionId: id,
      action: z.enum(['approve', 'void', 'substandard']),
      /** The decision's reason code (core/domain/review-reasons.ts). */
      reason: id,
    }),
    /** `upTo`: the digest cursor (a bigint, as decimal digits). */
    earnings_digest: z.object({ partnerId: id, upTo: z.string().regex(/^\d{1,20}$/) }),
    /** A code of the partner's was issued, suspended or reinstated by the program's team. */
    code_news: z.object({ codeId: id, news: z.enum(['issued', 'suspended', 'reinstated']) }),
    /** Finance agreed the partner's payment details for a program, or asked for other ones (a reason code). */
    details_decided: z.object({
      partnerId: id,
      programKey: id,
      outcome: z.enum(['agreed', 'changes_requested']),
      reason: id.nullable(),
    }),
    /** A program's payouts paused or resumed, or a pay date moved (`scheduled` -> `movedTo`, YYYY-MM-DD). */
    payout_schedule: z.object({
      partnerId: id,
      programKey: id,
      news: z.enum(['paused', 'resumed', 'date_moved']),
      scheduled: z.iso.date().nullable(),
      movedTo: z.iso.date().nullable(),
    }),
  },
  broadcasts: {
    broadcast: z.object({ broadcastId: id }),
  },
  payouts: {
    pay_day: z.object({ program: id }),
  },
  disputes: {
    dispute_timer: z.object({ disputeId: id, kind: z.enum(['reminder', 'deadline']) }),
  },
  desk: {
    dispute_card: z.object({ disputeId: id }),
    // after: what the partner's message did to the case: reopened it (the desk is told in the channel), or answered
    // a request for evidence (its agent is named)
    dispute_message: z.object({ messageId: id, after: z.enum(['reopened', 'evidence']).optional() }),
    dispute_copy_erased: z.object({ messageId: id }),
    desk_card_erased: z.object({ kind: z.enum(DESK_CARD_KINDS), subject: z.string().min(1).max(128) }),
    dispute_deadline: z.object({ disputeId: id, event: z.enum(['reminder', 'overdue']) }),
    payout_review: z.object({ payoutId: id }),
    batch_built: z.object({ batchId: id }),
    /**
     * `endedAgreement`: this objection ended the agreement; `objectedAt`: when it was recorded (both absent in jobs
     * queued before they were said).
     */
    terms_objection: z.object({
      versionId: id,
      partnerId: id,
      endedAgreement: z.boolean().optional(),
      objectedAt: z.iso.datetime().optional(),
    }),
    /** A broadcast's Slack message refreshed: answers that came after it completed, a pause or a cancel. */
    broadcast_progress: z.object({ broadcastId: id }),
    /** A partner saved payment details that a program pays to only once finance agrees them. */
    details_review: z.object({ partnerId: id, programKey: id, detailsId: id }),
    /** Finance decided on payment details (from any copy of the card): the finance channel's card shows it. */
    details_decided: z.object({
      partnerId: id,
      programKey: id,
      detailsId: id,
      decision: z.enum(['agree', 'ask_changes']),
      actor: id,
      reason: z.string().max(64).nullable(),
    }),
    /** An application's card: posted when the partner applies, re-rendered as decided when it is approved or declined. */
    application_card: z.object({ partnerId: id, programKey: id }),
    /** A warning's deadline passed unresolved: the payout block it became (a payout_hold sanction). */
    ad_warning_overdue: z.object({ sanctionId: id }),
    /**
     * What support told a partner about their dispute (a reply, a request for evidence, the decision) did not reach
     * them in Telegram: `why` is the notice job's outcome. Said in the dispute's thread.
     */
    dispute_undelivered: z.object({
      disputeId: id,
      news: z.enum(DISPUTE_NEWS),
      why: z.enum(UNDELIVERED),
    }),
  },
} as const

export type QueueName = keyof typeof JOBS
export const QUEUES = Object.keys(JOBS) as QueueName[]
export type JobName<Q extends QueueName> = Extract<keyof (typeof JOBS)[Q], string>
/** The payload of a job, as its schema declares it. */
export type JobPayload<Q extends QueueName, N extends JobName<Q>> =
  (typeof JOBS)[Q][N] extends z.ZodType<infer T extends JobData> ? T : never
/** Any job of a queue: its name and its payload, matched. */
export type JobOf<Q extends QueueName> = {
  [N in JobName<Q>]: { name: N; data: JobPayload<Q, N>; opts?: EnqueueOptions }
}[JobName<Q>]

/** What a queue carries once it is serialised: a payload's values. */
export type JobData = Record<string, string | number | boolean | null>

export interface EnqueueOptions {
  jobId?: string
  delayMs?: number
  attempts?: number
  /** Forget the job once it ends, so the same jobId can be queued again (a job that must run one at a time). */
  removeWhenDone?: boolean
}

export interface JobQueue {
  /** Fails fast with UnavailableError when the queue backend is down; never waits for it. */
  enqueue<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    data: JobPayload<Q, N>,
    opts?: EnqueueOptions,
  ): Promise<void>
  /** Many jobs in one round trip (a batch's notices); same guarantees as `enqueue`. */
  enqueueMany<Q extends QueueName>(queue: Q, jobs: JobOf<Q>[]): Promise<void>
}

/**
 * A queue backend as core/infra implements it: names and payloads as they travel. What goes in was typed by its
 * producer (`JobQueue`, `Announcement`) and what comes out is checked by its worker (`parseJob`).
 */
export interface JobTransport {
  enqueue(queue: QueueName, name: string, data: JobData, opts?: EnqueueOptions): Promise<void>
  enqueueMany(queue: QueueName, jobs: RawJob[]): Promise<void>
}
export type RawJob = { name: string; data: JobData; opts?: EnqueueOptions }

/** A job a change announces (a notice, a desk post, a timer): queued if and only if the change commits. */
export type Announcement = { [Q in QueueName]: { queue: Q } & JobOf<Q> }[QueueName]

/**
 * Part of every store transaction that changes something a job must follow: the jobs are written in the same
 * transaction (a transactional outbox) and relayed to their queues after the commit, so a crash between the commit
 * and the queueing loses nothing, and a rollback announces nothing.
 */
export interface Announcer {
  announce(...jobs: Announcement[]): Promise<void>
}

/** A job as a worker read it: its payload checked against the catalogue. */
export type ParsedJob<Q extends QueueName> = { [N in JobName<Q>]: { name: N; data: JobPayload<Q, N> } }[JobName<Q>]

export type JobCheck<Q extends QueueName> =
  | { ok: true; job: ParsedJob<Q> }
  | { ok: false; reason: 'unknown_job' }
  | { ok: false; reason: 'invalid_payload'; issues: { path: string; message: string }[] }

/**
 * Checks a job a worker took from `queue` against the catalogue: its name must be declared and its payload valid.
 * Unknown keys (a worker's own progress notes) are dropped from the payload returned.
 */
export function parseJob<Q extends QueueName>(queue: Q, name: string, data: unknown): JobCheck<Q> {
  const schemas: Record<string, z.ZodType> = JOBS[queue]
  const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined
  if (!schema) return { ok: false, reason: 'unknown_job' }
  const r = schema.safeParse(data)
  if (!r.success)
    return {
      ok: false,
      reason: 'invalid_payload',
      issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    }
  return { ok: true, job: { name, data: r.data } as ParsedJob<Q> }
}
