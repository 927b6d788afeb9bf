import { CODE_SHAPE, newLinkCode, newPromoCode } from '../domain/codes.ts'
import { DomainError } from '../domain/errors.ts'
import { requestKeyOf } from '../domain/ids.ts'
import type { Clock } from '../ports/clock.ts'
import type { CodeStore, CodeTx, ManagedCode } from '../ports/code-store.ts'
import { DuplicateKeyError } from '../ports/earnings-store.ts'
import type { Announcement } from '../ports/jobs.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface CodeDeps {
  codes: CodeStore
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
}

export interface IssueCodeInput {
  partnerId: string
  programKey: string
  /** A vanity code, kept as written; without it one is generated in the program's code style. */
  code?: string
  /** The code's own rate in basis points (programs that allow rate overrides). */
  rateBps?: number
  /** Validity: the code attributes events from `from` and before `until` (open-ended when not given). */
  from?: Date
  until?: Date
  actor: string
  /** The caller's idempotency key: the same key for the same partner and program issues one code. */
  requestKey?: string
}

export interface IssuedCode {
  code: ManagedCode
  /** False when the request was issued before (a replayed key, a second click): nothing changed. */
  issued: boolean
}

/** A taken generated code (about 40 bits: vanishingly rare) is drawn again; a race with another insert, retried. */
const ATTEMPTS = 4

/** Where the program allows a code's own rate (core/domain/rules.ts applies it). */
export const allowsCodeRate = (program: ProgramDefinition) =>
  program.commission.type === 'payment_share' && program.commission.allowRateOverride

const news = (c: ManagedCode, what: 'issued' | 'suspended' | 'reinstated', at: Date): Announcement => ({
  queue: 'notifications',
  name: 'code_news',
  data: { codeId: c.id, news: what },
  opts: { jobId: `code-${c.id}-${what}-${at.getTime()}` },
})

function checkIssue(program: ProgramDefinition, input: IssueCodeInput) {
  if (input.code !== undefined && !CODE_SHAPE.test(input.code)) throw new DomainError('code.malformed', {})
  if (input.rateBps !== undefined) {
    if (!Number.isInteger(input.rateBps) || input.rateBps <= 0 || input.rateBps > 10_000)
      throw new DomainError('code.invalid_rate', {})
    if (!allowsCodeRate(program)) throw new DomainError('code.rate_not_allowed', { program: program.key })
  }
  if (input.from && input.until && input.until <= input.from)
    throw new DomainError('code.invalid_window', { from: input.from.toISOString(), until: input.until.toISOString() })
}

/**
 * An extra or vanity code for a partner, up to the program's `attribution.maxCodesPerPartner` (suspended codes
 * count: the partner still holds them), optionally with its own rate and validity. A code is unique exactly in the
 * service and regardless of case in its program. Audited; the partner is told in Telegram.
 */
export async function issueCode(deps: CodeDeps, input: IssueCodeInput): Promise<IssuedCode> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  checkIssue(program, input)
  // a validity that has already ended: the code could never attribute anything, yet it would take a slot
  const now = deps.clock.now()
  if (input.until && input.until <= now)
    throw new DomainError('code.invalid_window', {
      from: (input.from ?? now).toISOString(),
      until: input.until.toISOString(),
    })
  const issueKey = requestKeyOf(input.partnerId, program.key, input.requestKey)
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.codes.transaction((tx) => issueIn(tx, deps.clock.now(), program, input, issueKey))
    } catch (e) {
      // a concurrent insert took the code or the key: the next attempt sees it (a replay, or code.taken)
      if (!(e instanceof DuplicateKeyError) || attempt >= ATTEMPTS) throw e
    }
  }
}

async function issueIn(
  tx: CodeTx,
  now: Date,
  program: ProgramDefinition,
  input: IssueCodeInput,
  issueKey: string | undefined,
): Promise<IssuedCode> {
  if (issueKey) {
    const prior = await tx.byIssueKey(issueKey)
    if (prior) return { code: prior, issued: false }
  }
  const enrolment = await tx.lockEnrolmentOf(input.partnerId, program.key)
  if (!enrolment) throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: program.key })
  if (enrolment.status !== 'active')
    throw new DomainError('code.partner_not_active', { program: program.key, status: enrolment.status })
  const max = program.attribution.maxCodesPerPartner
  if ((await tx.codes(enrolment.id)).length >= max)
    throw new DomainError('code.limit_reached', { program: program.key, max })
  const kind = program.attribution.codes === 'promo' ? 'promo' : 'link'
  let code = input.code
  if (code === undefined) {
    for (let i = 0; i < ATTEMPTS && code === undefined; i++) {
      const drawn = kind === 'promo' ? newPromoCode() : newLinkCode()
      if (!(await tx.taken(program.key, drawn))) code = drawn
    }
    if (code === undefined) throw new DuplicateKeyError('code')
  } else if (await tx.taken(program.key, code)) {
    throw new DomainError('code.taken', { code, program: program.key })
  }
  const c = await tx.insertCode({
    programKey: program.key,
    enrolmentId: enrolment.id,
    code,
    kind,
    rateOverrideBps: input.rateBps,
    validFrom: input.from,
    validUntil: input.until,
    issueKey,
    at: now,
  })
  await tx.audit({
    at: now,
    actor: input.actor,
    action: 'code.issue',
    subjectType: 'partner',
    subjectId: input.partnerId,
    data: {
      program: program.key,
      codeId: c.id,
      code: c.code,
      vanity: input.code !== undefined,
      rateBps: input.rateBps ?? null,
      from: input.from?.toISOString() ?? null,
      until: input.until?.toISOString() ?? null,
    },
  })
  await tx.announce(news(c, 'issued', now))
  return { code: c, issued: true }
}

export interface CodeStatusInput {
  programKey: string
  /** The code, in any case. */
  code: string
  status: 'active' | 'suspended'
  /** Why, for the audit log (a reason code or a short note). */
  reason?: string
  actor: string
}

/**
 * Suspends or reinstates one code: a suspended code's clicks land without attribution and its postbacks attribute
 * no one (`code_suspended`). Idempotent: a code already in that state is returned with `changed: false`. A code is
 * reinstated only for an active partner, and not while a suspend_codes sanction is in force (lifting it does that).
 */
export async function setCodeStatus(
  deps: CodeDeps,
  input: CodeStatusInput,
): Promise<{ code: ManagedCode; changed: boolean }> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  if (!CODE_SHAPE.test(input.code)) throw new DomainError('code.not_found', { code: input.code.slice(0, 64) })
  return deps.codes.transaction(async (tx) => {
    const now = deps.clock.now()
    const seen = await tx.lockCode(program.key, input.code, false)
    if (!seen) throw new DomainError('code.not_found', { code: input.code })
    // the enrolment first, then the code: the order a sanction on all the partner's codes takes
    const enrolment = await tx.lockEnrolmentOf(seen.partnerId, program.key)
    const c = await tx.lockCode(program.key, input.code, true)
    if (!enrolment || !c) throw new DomainError('code.not_found', { code: input.code })
    if (c.status === input.status) return { code: c, changed: false }
    if (input.status === 'active') {
      if (enrolment.status !== 'active')
        throw new DomainError('code.partner_not_active', { program: program.key, status: enrolment.status })
      if (await tx.codesSanctioned(enrolment.id)) throw new DomainError('code.codes_sanctioned', { code: c.code })
    }
    if (!(await tx.setStatus(c.id, c.status, input.status, now))) return { code: c, changed: false }
    const what = input.status === 'active' ? 'reinstated' : 'suspended'
    await tx.audit({
      at: now,
      actor: input.actor,
      action: input.status === 'active' ? 'code.reinstate' : 'code.suspend',
      subjectType: 'partner',
      subjectId: c.partnerId,
      reason: input.reason,
      data: { program: program.key, codeId: c.id, code: c.code },
    })
    await tx.announce(news(c, what, now))
    return { code: { ...c, status: input.status }, changed: true }
  })
}
