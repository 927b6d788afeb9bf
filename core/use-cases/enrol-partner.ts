import { newLinkCode, newPromoCode } from '../domain/codes.ts'
import { exclusiveConflict } from '../domain/enrolment-status.ts'
import { DomainError } from '../domain/errors.ts'
import { INT64_MAX, MAX_CLOCK_SKEW_MS, UNSTORABLE, withoutControls } from '../domain/text.ts'
import type { Clock } from '../ports/clock.ts'
import { DuplicateKeyError } from '../ports/earnings-store.ts'
import type { CodeSummary, EnrolmentSummary, PartnerRecord, PartnerStore, PartnerTx } from '../ports/partner-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { addCampaignCodes, checkedCampaigns } from './join-campaigns.ts'

export interface EnrolInput {
  programKey: string
  name: string
  language: string
  legalType: 'individual' | 'company'
  country?: string
  telegramId?: bigint
  registeredAt?: Date
  /**
   * Campaigns to join in a network program (the bot asks the partner to choose at least one); all of them when
   * omitted. Given for a partner already in the program, the ones not joined yet are joined.
   */
  campaigns?: string[]
  /** The partner's own account in the program's system (its events are self-referral). */
  ownAccountId?: string
  /** The company enrols the partner itself (operator API): no application step. */
  approved: boolean
  /** The partner accepted the terms in force (the program definition's revision) at this time. */
  acceptedTermsAt?: Date
  /** What the program asked when joining (age confirmed, traffic sources...). */
  answers?: Record<string, string | boolean>
  actor: string
}

export interface Enrolled {
  /** A new partner record was created. */
  created: boolean
  /** A new enrolment was created (false: the partner was already in the program). */
  enrolled: boolean
  partner: PartnerRecord
  enrolment: EnrolmentSummary
  codes: CodeSummary[]
}

export interface EnrolDeps {
  partners: PartnerStore
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
}

/**
 * Enrols a partner (found by Telegram id, or new) in a program and issues its codes: one unguessable link,
 * one promo code, or one link per campaign. Enrolling again in the same program returns what exists.
 */
export async function enrolPartner(deps: EnrolDeps, input: EnrolInput): Promise<Enrolled> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  checkInput(input, deps.clock.now())
  const campaigns = campaignsToJoin(program, input.campaigns)
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.partners.transaction((tx) => enrol(deps, tx, program, input, campaigns))
    } catch (e) {
      if (e instanceof DuplicateKeyError && attempt < 3) continue // a concurrent enrolment of the same person
      throw e
    }
  }
}

/**
 * What every transport hands in is checked once more here, before it reaches the database: text PostgreSQL can
 * store (no NUL, no unpaired surrogate), a Telegram id in the bigint range, a registration date not in the future
 * (it drives melbet's introductory months and which events the partner can have earned from).
 */
function checkInput(input: EnrolInput, now: Date) {
  const issues: { path: string; message: string }[] = []
  for (const [path, value] of [
    ['name', input.name],
    ['ownAccountId', input.ownAccountId],
  ] as const) {
    if (value !== undefined && UNSTORABLE.test(value))
      issues.push({ path, message: 'must not contain NUL characters or unpaired surrogates' })
  }
  for (const [key, value] of Object.entries(input.answers ?? {}))
    if (typeof value === 'string' && UNSTORABLE.test(value))
      issues.push({ path: `answers.${key}`, message: 'must not contain NUL characters or unpaired surrogates' })
  if (input.telegramId !== undefined && (input.telegramId <= 0n || input.telegramId > INT64_MAX))
    issues.push({ path: 'telegramId', message: 'is out of range for a Telegram user id' })
  if (input.registeredAt && input.registeredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS)
    issues.push({ path: 'registeredAt', message: 'must not be in the future' })
  if (input.registeredAt && Number.isNaN(input.registeredAt.getTime()))
    issues.push({ path: 'registeredAt', message: 'is not a time' })
  if (issues.length) throw new DomainError('enrolment.invalid', { issues }, 'The enrolment is not valid')
}

function campaignsToJoin(program: ProgramDefinition, requested: string[] | undefined): (string | undefined)[] {
  if (program.commission.type !== 'campaigns') {
    if (requested?.length) throw new DomainError('enrolment.no_campaigns', { program: program.key })
    return [undefined]
  }
  const chosen = checkedCampaigns(program, requested ?? [])
  return chosen.length ? chosen : program.commission.campaigns.map((c) => c.key)
}

async function enrol(
  deps: EnrolDeps,
  tx: PartnerTx,
  program: ProgramDefinition,
  input: EnrolInput,
  campaigns: (string | undefined)[],
): Promise<Enrolled> {
  const now = deps.clock.now()
  let partner = input.telegramId !== undefined ? await tx.findPartnerByTelegramId(input.telegramId) : null
  const created = !partner
  partner ??= await tx.createPartner({
    // the name comes from Telegram as the person typed it: shown on the desk, it shows as what it is
    name: withoutControls(input.name).trim() || input.name,
    telegramId: input.telegramId,
    language: input.language,
    legalType: input.legalType,
    country: input.country,
    createdAt: now,
  })
  // one Telegram account is one person or one company: a program joined later does not change which (chetup's tax,
  // worksection's agreements follow it), and is not joined as the other
  if (!created && partner.legalType !== input.legalType)
    throw new DomainError('enrolment.legal_type_conflict', { legalType: partner.legalType })
  const enrolments = await tx.lockEnrolments(partner.id)
  const existing = enrolments.find((e) => e.programKey === program.key)
  if (existing) {
    // a partner already in a network program joins the campaigns named that it has not joined yet
    if (input.campaigns?.length && program.commission.type === 'campaigns') {
      if (existing.status !== 'active' && existing.status !== 'applied')
        throw new DomainError('enrolment.campaigns_closed', { program: program.key, status: existing.status })
      await addCampaignCodes(tx, program, existing, campaigns as string[], now, input.actor)
    }
    return { created: false, enrolled: false, partner, enrolment: existing, codes: await tx.codes(existing.id) }
  }
  const conflict = exclusiveConflict(program.enrolment.exclusiveWith, enrolments)
  if (conflict) {
    throw new DomainError('enrolment.exclusive', { program: program.key, conflictsWith: conflict.programKey })
  }
  const enrolment = await tx.createEnrolment({
    partnerId: partner.id,
    programKey: program.key,
    status: program.enrolment.requiresApproval && !input.approved ? 'applied' : 'active',
    registeredAt: input.registeredAt ?? now,
    ownAccountId: input.ownAccountId,
    acceptedTermsAt: input.acceptedTermsAt,
    answers: input.answers,
    at: now,
  })
  const codes: CodeSummary[] = []
  for (const campaignKey of campaigns) {
    const kind = program.attribution.codes === 'promo' ? 'promo' : 'link'
    const code = kind === 'promo' ? newPromoCode() : newLinkCode()
    codes.push(
      await tx.createCode({ programKey: program.key, enrolmentId: enrolment.id, code, kind, campaignKey, at: now }),
    )
  }
  await tx.audit({
    at: now,
    actor: input.actor,
    action: 'partner.enrolled',
    subjectType: 'partner',
    subjectId: partner.id,
    data: { program: program.key, status: enrolment.status, codes: codes.length },
  })
  // an application waits for support or an admin: its card goes to the desk
  if (enrolment.status === 'applied')
    await tx.announce({
      queue: 'desk',
      name: 'application_card',
      data: { partnerId: partner.id, programKey: program.key },
      opts: { jobId: `application-card-${enrolment.id}` },
    })
  return { created, enrolled: true, partner, enrolment, codes }
}
