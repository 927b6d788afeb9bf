import { type SanctionKind, sanctionsFor, transition } from '../domain/enrolment-status.ts'
import { DomainError } from '../domain/errors.ts'
import { requestKeyOf } from '../domain/ids.ts'
import { formatMoney } from '../domain/money.ts'
import type { Clock } from '../ports/clock.ts'
import type { Announcement } from '../ports/jobs.ts'
import type { LedgerStore, LedgerTx, SanctionRecord } from '../ports/ledger-store.ts'
import type { Logger } from '../ports/logger.ts'
import type { PartnerDirectory } from '../ports/partner-directory.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { warningDeadline } from './ad-warnings.ts'
import { annulUnpaid, closeOpenPayouts } from './forfeiture.ts'

export interface SanctionDeps {
  ledger: LedgerStore
  clock: Clock
  logger: Logger
  program: (key: string) => ProgramDefinition | undefined
}

export type { SanctionKind } from '../domain/enrolment-status.ts'

export interface SanctionInput {
  partnerId: string
  programKey: string
  kind: SanctionKind
  /** A reason code the partner can read later (self_referral, prohibited_content, ad_rules...). */
  reason: string
  note?: string
  actor: string
  /** The review flag this sanction decides: resolved in the same transaction, once (acted_<kind>). */
  flagId?: string
  /** The request's own key (a desk form's): applied again with it, the sanction it applied is the answer. */
  requestKey?: string
  /**
   * When it ends by itself (a code suspension or a block only: SANCTION_KINDS_WITH_END); it must be in the future.
   * Then it is lifted as a manual lift does it, at that moment (a delayed job, endSanction), or by the minute sweep
   * should that job be lost (expireEndedSanctions).
   */
  endsAt?: Date
}

/**
 * The kinds that may be given an end: a code suspension and a block are measures for a time. A warning has its own
 * deadline to fix the breach (dueAt), and a disqualification is final.
 */
export const SANCTION_KINDS_WITH_END: readonly SanctionKind[] = ['suspend_codes', 'block']

/** Who lifts a sanction whose end has come: the service itself. */
export const SANCTION_END_ACTOR = 'system:expiry'

export interface SanctionResult {
  sanction: SanctionRecord
  /** Disqualification: what was annulled, per currency. */
  annulled: { currency: string; amount: string }[]
  /** The request had applied it already (its requestKey): nothing was done now. */
  replayed?: boolean
}

/**
 * Warns, suspends a partner's codes, blocks (no new earnings, no payouts) or disqualifies (every unpaid
 * reward annulled; what was paid stays paid). Recorded with reason, actor and time in the audit log, and the
 * partner is told through the notifications queue.
 */
export async function applySanction(deps: SanctionDeps, input: SanctionInput): Promise<SanctionResult> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  const requestKey = requestKeyOf(input.partnerId, program.key, input.requestKey)
  if (input.endsAt && !SANCTION_KINDS_WITH_END.includes(input.kind)) {
    const message = `a ${input.kind} takes no end: only ${SANCTION_KINDS_WITH_END.join(' and ')} may have one`
    throw new DomainError('sanction.end_not_allowed', { kind: input.kind, issues: [{ path: 'endsAt', message }] })
  }
  const result = await deps.ledger.transaction(async (tx) => {
    const now = deps.clock.now()
    const enrolment = await tx.lockEnrolmentOf(input.partnerId, input.programKey)
    if (!enrolment)
      throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: input.programKey })
    // a request applied once (under the partner's lock, so a concurrent second one sees it) is answered as done
    const prior = requestKey && (await tx.sanctionByRequestKey(requestKey))
    if (prior) return { sanction: prior, annulled: [], replayed: true }
    if (input.endsAt && input.endsAt <= now) {
      const issues = [{ path: 'endsAt', message: 'must be in the future' }]
      throw new DomainError('sanction.end_passed', { endsAt: input.endsAt.toISOString(), issues })
    }
    // the standing must still allow it (a disqualified partner is not warned; a blocked one not blocked again)
    if (!sanctionsFor(enrolment.status).includes(input.kind))
      throw new DomainError('enrolment.transition_not_allowed', { action: input.kind, status: enrolment.status })
    // the flag it decides first: of two decisions on one flag at once, the second finds it resolved and changes nothing
    // (only a flag of this enrolment: a sanction in one program never decides another program's flag)
    if (input.flagId) {
      const resolution = `acted_${input.kind}`
      const d = { resolution, actor: input.actor, at: now, note: input.note, enrolmentId: enrolment.id }
      if (!(await tx.resolveFlag(input.flagId, d)))
        throw new DomainError('flag.already_resolved', { flag: input.flagId, resolution: null })
    }
    const annulled = new Map<string, bigint>()
    if (input.kind === 'block' || input.kind === 'disqualify') {
      const t = transition(input.kind, enrolment.status)
      if (!(await tx.setEnrolmentStatus(enrolment.id, t.from, t.to, now))) {
        throw new DomainError('enrolment.changed_concurrently', { partner: input.partnerId })
      }
    }
    if (input.kind === 'suspend_codes' || input.kind === 'disqualify')
      await tx.setCodesStatus(enrolment.id, 'suspended', now)
    const sanction = await tx.insertSanction({
      enrolmentId: enrolment.id,
      kind: input.kind,
      reason: input.reason,
      note: input.note,
      actor: input.actor,
      createdAt: now,
      requestKey,
      // an ad-rule warning gives the partner the program's business days to fix the breach
      dueAt: input.kind === 'warning' ? warningDeadline(program, input.reason, now) : undefined,
      endsAt: input.endsAt,
    })
    // no payouts while blocked: open ones wait for review; a disqualification rejects them (money released,
    // then annulled with the rest of what is unpaid). An approved payout in a pay-day batch is paid with its batch
    // (finance may be paying the exported file, see deskActions): it stays, and counts as paid.
    const closing = { id: enrolment.id, programKey: input.programKey }
    if (input.kind === 'block') await closeOpenPayouts(tx, closing, 'review', 'partner_blocked', now, input.kind)
    if (input.kind === 'disqualify') {
      await closeOpenPayouts(tx, closing, 'reject', 'disqualified', now, input.kind)
      await annulUnpaid(tx, closing, { key: sanction.id, reason: 'disqualified' }, now, annulled)
    }
    await tx.audit({
      at: now,
      actor: input.actor,
      action: `sanction.${input.kind}`,
      subjectType: 'partner',
      subjectId: input.partnerId,
      reason: input.reason,
      data: {
        program: input.programKey,
        sanction: sanction.id,
        note: input.note ?? null,
        endsAt: input.endsAt?.toISOString() ?? null,
        annulled: Object.fromEntries([...annulled].map(([c, m]) => [c, formatMoney({ minor: m, currency: c })])),
      },
    })
    await tx.announce(sanctionNews(sanction.id, 'applied'))
    // lifted at its end to the moment, not at the next minute sweep's turn (the sweep is the backstop for a job lost
    // with Redis): /stats and /link treat it as ended from endsAt on, so the codes must take clicks from then too
    if (input.endsAt) await tx.announce(sanctionEndJob(sanction.id, input.endsAt, now))
    return {
      sanction: { ...sanction, partnerId: input.partnerId, programKey: input.programKey },
      annulled: [...annulled].map(([currency, minor]) => ({ currency, amount: formatMoney({ minor, currency }) })),
    }
  })
  return result
}

/** Lifts a warning, a code suspension or a block. A disqualification is final. */
export async function liftSanction(
  deps: SanctionDeps,
  input: { sanctionId: string; reason: string; actor: string },
): Promise<SanctionRecord> {
  return deps.ledger.transaction(async (tx) => {
    const s = await tx.lockSanction(input.sanctionId)
    if (!s) throw new DomainError('sanction.not_found', { sanction: input.sanctionId })
    if (s.liftedAt) throw new DomainError('sanction.already_lifted', { sanction: s.id })
    if (s.kind === 'disqualify') throw new DomainError('sanction.final', { sanction: s.id })
    return liftLocked(deps, tx, s, input)
  })
}

/**
 * Lifts a sanction already locked, in force and liftable: the standing, codes and payouts it took back, the audit
 * log, and the partner told. A manual lift and an end that has come both go through here.
 */
async function liftLocked(
  deps: SanctionDeps,
  tx: LedgerTx,
  s: SanctionRecord,
  input: { reason: string; actor: string },
): Promise<SanctionRecord> {
  const now = deps.clock.now()
  const enrolment = await tx.lockEnrolmentOf(s.partnerId, s.programKey)
  if (!enrolment) throw new DomainError('enrolment.not_found', { partner: s.partnerId, program: s.programKey })
  let status = enrolment.status
  if (s.kind === 'block') {
    const t = transition('unblock', enrolment.status)
    if (!(await tx.setEnrolmentStatus(enrolment.id, t.from, t.to, now))) {
      throw new DomainError('enrolment.changed_concurrently', { partner: s.partnerId })
    }
    status = t.to
  }
  // the codes a sanction suspended work again once nothing keeps them suspended: the partner active (a block
  // lifted, or none) and no other code suspension in force
  const codesBack =
    (s.kind === 'suspend_codes' || s.kind === 'block') &&
    status === 'active' &&
    (await tx.codeSuspensionsInForce(enrolment.id, s.id)) === 0
  if (codesBack) await tx.setCodesStatus(enrolment.id, 'active', now)
  if (s.kind === 'payout_hold') await tx.setPayoutsBlocked(enrolment.id, null)
  // a warning resolved after its deadline: the payout block it became goes with it (paid "until it is fixed")
  const block = s.kind === 'warning' && s.escalatedTo ? await tx.lockSanction(s.escalatedTo) : null
  if (block && !block.liftedAt) {
    await tx.liftSanction(block.id, now, input.actor)
    await tx.setPayoutsBlocked(enrolment.id, null)
    await tx.announce(sanctionNews(block.id, 'lifted'))
  }
  await tx.liftSanction(s.id, now, input.actor)
  await tx.audit({
    at: now,
    actor: input.actor,
    action: `sanction.lift.${s.kind}`,
    subjectType: 'partner',
    subjectId: s.partnerId,
    reason: input.reason,
    data: { program: s.programKey, sanction: s.id },
  })
  // a code suspension lifted while the codes stay suspended (the partner blocked, another suspension in force)
  // changes nothing for the partner: they are told when the codes work again
  if (s.kind !== 'suspend_codes' || codesBack) await tx.announce(sanctionNews(s.id, 'lifted'))
  // a block lifted that brings back codes whose own suspension was lifted (silently) while it stood: the partner,
  // told the codes were suspended and never told otherwise, now hears they work again
  const reinstated =
    codesBack && s.kind === 'block' ? await tx.codeSuspensionLiftedSince(enrolment.id, s.createdAt) : null
  if (reinstated) await tx.announce(codesBackNews(reinstated, s.id))
  return { ...s, liftedAt: now, liftedBy: input.actor }
}

/**
 * Lifts one sanction whose end has come, as a manual lift does it (codes reinstated, payouts unblocked, the partner
 * told), recorded as the service's (SANCTION_END_ACTOR); whether it did. Its delayed job (sanctionEndJob) and the
 * minute sweep both come here: under the sanction's row lock the first lifts it, any other (the sweep, a second
 * instance, the job after a manual lift) finds it lifted and does nothing. Nothing either before its end (a job that
 * fired early: the sweep lifts it once the end has come).
 */
export async function endSanction(deps: SanctionDeps, sanctionId: string): Promise<boolean> {
  return deps.ledger.transaction(async (tx) => {
    const s = await tx.lockSanction(sanctionId)
    if (!s || s.liftedAt || s.kind === 'disqualify' || !s.endsAt || s.endsAt > deps.clock.now()) return false
    await liftLocked(deps, tx, s, { reason: 'ended', actor: SANCTION_END_ACTOR })
    return true
  })
}

/**
 * Every sanction whose end has come and is still in force (its delayed job lost, or not run yet) is lifted by
 * endSanction; how many now. Safe to run from several instances at once, and beside the delayed jobs.
 */
export async function expireEndedSanctions(deps: SanctionDeps, limit = 100): Promise<number> {
  const due = await deps.ledger.transaction((tx) => tx.endedSanctions(deps.clock.now(), limit))
  let done = 0
  for (const id of due) {
    try {
      if (await endSanction(deps, id)) done++
    } catch (e) {
      // one sanction the standing no longer lets lift (changed meanwhile) does not stop the others
      if (!(e instanceof DomainError)) throw e
      deps.logger.warn({ sanction: id, code: e.code }, 'a sanction whose end has come could not be lifted')
    }
  }
  if (done) deps.logger.info({ lifted: done }, 'sanctions whose end has come: lifted')
  return done
}

/**
 * The job that lifts a sanction at its end: one per sanction (its id is the sanction's, and its end never changes),
 * so a request applied again or relayed twice queues it once.
 */
const sanctionEndJob = (sanctionId: string, endsAt: Date, now: Date): Announcement => ({
  queue: 'system',
  name: 'sanction_end',
  data: { sanctionId },
  opts: { jobId: `sanction-end-${sanctionId}`, delayMs: Math.max(0, endsAt.getTime() - now.getTime()) },
})

/** The partner is told of a sanction applied or lifted (ids only in the job), once. */
const sanctionNews = (sanctionId: string, what: 'applied' | 'lifted'): Announcement => ({
  queue: 'notifications',
  name: `sanction_${what}`,
  data: { sanctionId },
  opts: { jobId: `sanction-${sanctionId}-${what}` },
})

/** The lift of a code suspension told once the block that outlasted it is lifted (its own lift said nothing). */
const codesBackNews = (suspensionId: string, blockId: string): Announcement => ({
  ...sanctionNews(suspensionId, 'lifted'),
  opts: { jobId: `sanction-${suspensionId}-lifted-after-${blockId}` },
})

/** A sanction in force as its partner reads it later (the Mini App, /stats, /link): what, why and until when. */
export interface ActiveSanction {
  id: string
  kind: SanctionRecord['kind']
  /** The reason code the notice named (reasons.*). */
  reason: string
  /** When it ends by itself; none: until the program lifts it. */
  endsAt?: Date
  createdAt: Date
}

/** The partner's sanctions in force in a program now (not lifted, not ended), newest first. */
export async function activeSanctions(
  deps: { directory: PartnerDirectory; clock: Clock },
  partnerId: string,
  programKey: string,
): Promise<ActiveSanction[]> {
  const rows = await deps.directory.activeSanctions(partnerId, programKey, deps.clock.now())
  return rows.map((s) => ({
    id: s.id,
    kind: s.kind,
    reason: s.reason,
    createdAt: s.createdAt,
    ...(s.endsAt ? { endsAt: s.endsAt } : {}),
  }))
}
