import { isoDayIn } from '../domain/calendar.ts'
import { DomainError } from '../domain/errors.ts'
import {
  checkNotice,
  checkTexts,
  earliestEffective,
  missingLanguages,
  objectionDeadline,
  type TermsTexts,
} from '../domain/terms.ts'
import type { Clock } from '../ports/clock.ts'
import type { JobQueue } from '../ports/jobs.ts'
import type { Logger } from '../ports/logger.ts'
import type { TermsAnswerKind, TermsStore, TermsVersionRecord } from '../ports/terms-store.ts'
import {
  type CommissionRule,
  commissionMoneyIssues,
  commissionRuleSchema,
  type ProgramDefinition,
} from '../programs/definition.ts'
import { namesOf } from '../programs/names.ts'
import { endAgreementsDue } from './agreements.ts'
import { refreshBroadcastView, startPump } from './broadcasts.ts'

export interface TermsDeps {
  clock: Clock
  logger: Logger
  jobs: JobQueue
  terms: TermsStore
  program: (key: string) => ProgramDefinition | undefined
  /** Messages per second a broadcast may send (Telegram's global limit is about 30). */
  broadcastRate: number
  /** The rate of a paid broadcast (allow_paid_broadcast: up to 1000 a second, for Stars). */
  paidBroadcastRate: number
}

function programOf(deps: TermsDeps, key: string) {
  const p = deps.program(key)
  if (!p) throw new DomainError('program.not_found', { program: key })
  return p
}

/** A version as the API and the desk show it, with what publishing still needs. */
export async function termsDraftView(deps: TermsDeps, v: TermsVersionRecord) {
  const program = programOf(deps, v.programKey)
  const needed = await deps.terms.neededLanguages(v.programKey)
  return {
    id: v.id,
    program: v.programKey,
    programNames: namesOf(program),
    version: v.version,
    effectiveAt: v.effectiveAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
    withdrawnAt: v.withdrawnAt?.toISOString() ?? null,
    ratesOnly: v.ratesOnly,
    commission: v.commission ?? null,
    texts: v.texts,
    neededLanguages: needed.sort(),
    missingLanguages: missingLanguages(v.texts, needed),
    earliestEffectiveAt: earliestEffective(program, deps.clock.now(), v.ratesOnly).toISOString(),
  }
}

/**
 * A new version of a program's terms, not yet published: the change's text per language and when it takes
 * effect. Kept for ever; published once (then told to every partner). Its number is the one it would be published
 * as (every draft of the program shares it); publishing gives the number then, so abandoned drafts leave no gaps.
 */
export async function draftTerms(
  deps: TermsDeps,
  input: {
    programKey: string
    effectiveAt: Date
    ratesOnly: boolean
    texts: Record<string, unknown>
    /** A new commission rule (same type as the program's) from the effective date. */
    commission?: unknown
    actor: string
  },
) {
  const program = programOf(deps, input.programKey)
  const texts = checkTexts(input.texts)
  let commission: CommissionRule | undefined
  if (input.commission !== undefined) {
    const parsed = commissionRuleSchema.safeParse(input.commission)
    if (!parsed.success)
      throw new DomainError('terms.bad_commission', {
        problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      })
    if (parsed.data.type !== program.commission.type)
      throw new DomainError('terms.bad_commission', { problems: `type must stay ${program.commission.type}` })
    // an amount the ledger cannot pay in one of the program's currencies would refuse every postback it meets
    const money = commissionMoneyIssues(parsed.data, program.currencies)
    if (money.length)
      throw new DomainError('terms.bad_commission', {
        problems: money.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      })
    commission = parsed.data
  }
  // a "rates only" change that attaches no new rule would announce a rate the engine never pays
  if (input.ratesOnly && !commission) throw new DomainError('terms.rates_need_commission')
  if (Number.isNaN(input.effectiveAt.getTime())) throw new DomainError('terms.bad_date')
  const now = deps.clock.now()
  checkNotice(program, now, input.effectiveAt, input.ratesOnly)
  const v = await deps.terms.transaction(async (tx) => {
    const version = await tx.nextVersion(program.key)
    const v = await tx.insertVersion({
      programKey: program.key,
      version,
      effectiveAt: input.effectiveAt,
      texts,
      ratesOnly: input.ratesOnly,
      commission,
      createdBy: input.actor,
      createdAt: now,
    })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'terms.drafted',
      subjectType: 'terms_version',
      subjectId: v.id,
      data: {
        program: program.key,
        version,
        effectiveAt: input.effectiveAt.toISOString(),
        languages: Object.keys(texts),
        ratesOnly: input.ratesOnly,
        commission: commission ?? null,
      },
    })
    return v
  })
  return termsDraftView(deps, v)
}

/**
 * Publishes a draft: refused (with the list) while a language the program's partners read has no text, or
 * when the notice period is not kept; then one delivery row per partner is written in the same transaction
 * and the broadcast is queued. Publishing twice is refused.
 */
export async function publishTerms(
  deps: TermsDeps,
  input: { versionId: string; actor: string; paid?: boolean; ratePerSecond?: number; slackChannel?: string },
) {
  const draft = await deps.terms.version(input.versionId)
  if (!draft) throw new DomainError('terms.not_found', { id: input.versionId })
  const program = programOf(deps, draft.programKey)
  const missing = missingLanguages(draft.texts, await deps.terms.neededLanguages(program.key))
  if (missing.length) throw new DomainError('terms.missing_languages', { languages: missing.join(', ') })
  const now = deps.clock.now()
  // a draft made for the earliest moment the notice allowed ("as soon as possible") follows the clock to
  // publication within the day the admin chose and previewed (in the program's zone); past that day it is not moved
  // (partners would read another date than the admin chose): the notice check below refuses it, saying why
  const earliest = earliestEffective(program, now, draft.ratesOnly)
  const wasEarliest =
    draft.effectiveAt.getTime() <= earliestEffective(program, draft.createdAt, draft.ratesOnly).getTime() + 1000
  const sameDay = isoDayIn(earliest, program.timeZone) === isoDayIn(draft.effectiveAt, program.timeZone)
  const effectiveAt = draft.effectiveAt < earliest && wasEarliest && sameDay ? earliest : draft.effectiveAt
  checkNotice(program, now, effectiveAt, draft.ratesOnly)
  const paid = input.paid ?? false
  const ceiling = paid ? deps.paidBroadcastRate : deps.broadcastRate
  const rate = Math.max(1, Math.min(input.ratePerSecond ?? ceiling, ceiling))
  const out = await deps.terms.transaction(async (tx) => {
    // the number is given now, in the order of publication (the program's row locked before the version's, as
    // drafting locks it): a draft's own is only the one it would get if published next
    const version = await tx.nextVersion(program.key)
    const v = await tx.lockVersion(draft.id)
    if (!v) throw new DomainError('terms.not_found', { id: draft.id })
    if (v.publishedAt) throw new DomainError('terms.already_published', { version: v.version })
    await tx.markPublished(v.id, now, effectiveAt, version)
    const broadcast = await tx.insertBroadcast({
      programKey: program.key,
      termsVersionId: v.id,
      status: 'running',
      ratePerSecond: rate,
      paid,
      createdBy: input.actor,
      slackChannel: input.slackChannel,
      createdAt: now,
    })
    const recipients = await tx.insertDeliveries(broadcast.id, program.key, now)
    // the desk's message says "in force from" until the date, then that it took effect: re-rendered on the date
    // itself too, should nothing else refresh it then (answers, a pause)
    if (input.slackChannel && effectiveAt > now)
      await tx.announce({
        queue: 'desk',
        name: 'broadcast_progress',
        data: { broadcastId: broadcast.id },
        opts: { jobId: `broadcast-in-force-${broadcast.id}`, delayMs: effectiveAt.getTime() - now.getTime() },
      })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: 'terms.published',
      subjectType: 'terms_version',
      subjectId: v.id,
      data: { program: program.key, version, broadcast: broadcast.id, recipients, paid, rate },
    })
    return { version: { ...v, version, publishedAt: now, effectiveAt }, broadcast, recipients }
  })
  // the new rates apply from the effective date: every process's next postback reads that a change was published
  // and loads it (rule-versions.ts)
  await startPump(deps, out.broadcast.id)
  return out
}

/** Whether an objection now is in time: the window runs from when this partner was told, else publication. */
async function inObjectionWindow(
  deps: TermsDeps,
  program: ProgramDefinition,
  versionId: string,
  publishedAt: Date,
  partnerId: string,
  now: Date,
) {
  // a paused broadcast tells some partners later
  const toldAt = (await deps.terms.deliveredAt(versionId, partnerId)) ?? publishedAt
  const deadline = objectionDeadline(program, toldAt)
  return !deadline || now <= deadline
}

/**
 * The partner's enrolment in a program, to answer one of its changes: refused when they are not in it, or have no
 * agreement (an application waiting for approval, or declined) whose terms the change could alter.
 */
/**
 * The version a partner answers: published and not withdrawn. A draft says so (it exists: "no longer exists" would
 * send the reader looking for a deleted one); a withdrawn change, or none, has nothing left to answer.
 */
function publishedVersion<V extends { publishedAt?: Date | null; withdrawnAt?: Date | null }>(
  v: V | null | undefined,
  id: string,
): V & { publishedAt: Date } {
  if (!v || v.withdrawnAt) throw new DomainError('terms.not_found', { id })
  if (!v.publishedAt) throw new DomainError('terms.not_published', { id })
  return v as V & { publishedAt: Date }
}

async function answeringEnrolment(deps: TermsDeps, partnerId: string, program: ProgramDefinition) {
  const enrolment = await deps.terms.enrolmentStatus(partnerId, program.key)
  if (!enrolment) throw new DomainError('terms.not_enrolled', { program: program.key })
  if (enrolment.status === 'applied' || enrolment.status === 'declined')
    throw new DomainError('terms.no_agreement', { program: program.key, status: enrolment.status })
  return enrolment
}

/**
 * What objecting to a published change would do now, for the confirmation the partner reads first: whether it ends
 * their agreement (a program whose objection ends it, within the window, an agreement still in force), and the
 * partner's answer to it so far. Writes nothing.
 */
export async function previewObjection(deps: TermsDeps, input: { partnerId: string; versionId: string }) {
  const v = publishedVersion(await deps.terms.version(input.versionId), input.versionId)
  const program = programOf(deps, v.programKey)
  const enrolment = await answeringEnrolment(deps, input.partnerId, program)
  const now = deps.clock.now()
  const inForce = enrolment.status !== 'terminated' && !(enrolment.endsAt && enrolment.endsAt <= now)
  // what the partner already answered: «Back» on an older confirmation must not say they have not objected
  const answer = (await deps.terms.answers(input.partnerId, [v.id])).get(v.id)?.kind
  // an objection stands (answerTerms takes no second one): objecting again ends nothing, whatever the window
  const endsAgreement =
    answer !== 'objected' &&
    !!program.terms.objection?.endsAgreement &&
    inForce &&
    (await inObjectionWindow(deps, program, v.id, v.publishedAt, input.partnerId, now))
  return { programKey: program.key, version: v.version, endsAgreement, answer }
}

/**
 * A partner acknowledges or objects to a published change. In worksection-referral an objection within the
 * window ends the agreement from the moment it is received (seed 001, 8.3: "from the moment the written objection
 * reaches the Company"; programs.md said the effective date, the seed wins), and unpaid rewards are still paid;
 * elsewhere, and late, it is recorded and support is told. An objection stands: a later acknowledgement does not
 * undo it.
 */
export async function answerTerms(
  deps: TermsDeps,
  input: {
    partnerId: string
    versionId: string
    kind: TermsAnswerKind
    /** The partner answered in the bot, whose answer tells them the agreement ended (no separate notice). */
    inBot?: boolean
  },
) {
  const v = publishedVersion(await deps.terms.version(input.versionId), input.versionId)
  const program = programOf(deps, v.programKey)
  const enrolment = await answeringEnrolment(deps, input.partnerId, program)
  const now = deps.clock.now()
  const inTime = await inObjectionWindow(deps, program, v.id, v.publishedAt, input.partnerId, now)
  const endsAgreement = input.kind === 'objected' && !!program.terms.objection?.endsAgreement
  const out = await deps.terms.transaction(async (tx) => {
    const earlier = await tx.answerOf(v.id, input.partnerId)
    if (earlier?.kind === 'objected') return { kind: 'objected' as const, repeated: true, endsAt: enrolment.endsAt }
    if (earlier?.kind === input.kind) return { kind: input.kind, repeated: true, endsAt: enrolment.endsAt }
    // an agreement that has ended (an objection to another change, a notice) has no change left to answer
    if (enrolment.status === 'terminated' || (enrolment.endsAt && enrolment.endsAt <= now))
      throw new DomainError('terms.agreement_ended', { program: program.key })
    await tx.saveAnswer(v.id, input.partnerId, input.kind, now)
    let endsAt: Date | undefined
    if (endsAgreement && inTime) {
      endsAt = now
      await tx.endAgreementAt(input.partnerId, program.key, endsAt, now)
    }
    await tx.audit({
      at: now,
      actor: `partner:${input.partnerId}`,
      action: `terms.${input.kind}`,
      subjectType: 'terms_version',
      subjectId: v.id,
      data: { program: program.key, version: v.version, late: !inTime, endsAt: endsAt?.toISOString() },
    })
    // support hears of an objection (the desk), once
    if (input.kind === 'objected')
      await tx.announce({
        queue: 'desk',
        name: 'terms_objection',
        data: {
          versionId: v.id,
          partnerId: input.partnerId,
          endedAgreement: endsAt !== undefined,
          objectedAt: now.toISOString(),
        },
        opts: { jobId: `terms-objection-${v.id}-${input.partnerId}` },
      })
    return { kind: input.kind, repeated: false, endsAt }
  })
  // the agreement ended when the objection was received: terminated now, the partner told (the sweep is the backstop)
  if (out.endsAt && !out.repeated) await endAgreementsDue(deps, input.inBot ? { toldPartner: input.partnerId } : {})
  // the broadcast's desk message counts the answers, after it completed too
  if (!out.repeated) {
    const broadcast = (await deps.terms.broadcasts(program.key)).find((b) => b.termsVersionId === v.id)
    if (broadcast?.slackTs) await refreshBroadcastView(deps, broadcast.id)
  }
  return {
    kind: out.kind,
    repeated: out.repeated,
    late: input.kind === 'objected' && !inTime,
    agreementEndsAt: out.endsAt?.toISOString() ?? null,
    effectiveAt: v.effectiveAt.toISOString(),
    version: v.version,
    programKey: program.key,
  }
}

export type { TermsTexts }
