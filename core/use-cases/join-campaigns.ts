import { newLinkCode } from '../domain/codes.ts'
import { DomainError } from '../domain/errors.ts'
import { DuplicateKeyError } from '../ports/earnings-store.ts'
import type { CodeSummary, EnrolmentSummary, PartnerStore, PartnerTx } from '../ports/partner-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

/**
 * chetup (seed 002): "აფილიეტი ვალდებულია ... გაეცნოს კამპანიის წესებს და პირობებს კამპანიაში ჩართვამდე" — the
 * affiliate reads a campaign's rules and conditions before joining *that* campaign, and "საკომისიოს პირობები
 * მითითებულია თითოეულ კამპანიაში" — each campaign states its own commission. So a partner joins the campaigns
 * they choose (at least one), not all of them, and may join more later, including campaigns the program adds
 * afterwards. Joining a campaign issues its personal link; a campaign without one earns the partner nothing
 * (rules.ts: `campaign_not_joined`).
 */

export interface JoinCampaignsInput {
  partnerId: string
  programKey: string
  campaigns: string[]
  actor: string
}

export interface JoinCampaignsDeps {
  partners: PartnerStore
  clock: { now(): Date }
  program: (key: string) => ProgramDefinition | undefined
}

/** The campaign keys asked for, checked against the program's: unknown keys are refused (a 400, in words). */
export function checkedCampaigns(program: ProgramDefinition, requested: string[]): string[] {
  if (program.commission.type !== 'campaigns') throw new DomainError('enrolment.no_campaigns', { program: program.key })
  const known = program.commission.campaigns.map((c) => c.key)
  const unknown = requested.filter((c) => !known.includes(c))
  if (unknown.length) throw new DomainError('enrolment.unknown_campaign', { campaigns: [...new Set(unknown)] })
  return [...new Set(requested)]
}

/** Joins the partner's enrolment (active or applied) to more campaigns: one new link each; joined ones are kept. */
export async function joinCampaigns(deps: JoinCampaignsDeps, input: JoinCampaignsInput): Promise<CodeSummary[]> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  const wanted = checkedCampaigns(program, input.campaigns)
  if (!wanted.length) throw new DomainError('enrolment.no_campaign_chosen', { program: program.key })
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.partners.transaction(async (tx) => {
        const enrolment = (await tx.lockEnrolments(input.partnerId)).find((e) => e.programKey === program.key)
        if (!enrolment) throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: program.key })
        if (enrolment.status !== 'active' && enrolment.status !== 'applied')
          throw new DomainError('enrolment.campaigns_closed', { program: program.key, status: enrolment.status })
        return addCampaignCodes(tx, program, enrolment, wanted, deps.clock.now(), input.actor)
      })
    } catch (e) {
      if (e instanceof DuplicateKeyError && attempt < 3) continue // a code collision: draw again
      throw e
    }
  }
}

/**
 * Inside the caller's transaction (the partner row locked): a link for each wanted campaign the enrolment has no
 * code for yet. Returns the new codes, in the order asked.
 */
export async function addCampaignCodes(
  tx: PartnerTx,
  program: ProgramDefinition,
  enrolment: EnrolmentSummary,
  wanted: string[],
  now: Date,
  actor: string,
): Promise<CodeSummary[]> {
  const joined = new Set((await tx.codes(enrolment.id)).map((c) => c.campaignKey))
  const added: CodeSummary[] = []
  for (const campaignKey of wanted.filter((c) => !joined.has(c))) {
    added.push(
      await tx.createCode({
        programKey: program.key,
        enrolmentId: enrolment.id,
        code: newLinkCode(),
        kind: 'link',
        campaignKey,
        at: now,
      }),
    )
  }
  if (added.length)
    await tx.audit({
      at: now,
      actor,
      action: 'partner.campaigns_joined',
      subjectType: 'enrolment',
      subjectId: enrolment.id,
      data: { program: program.key, campaigns: added.map((c) => c.campaignKey) },
    })
  return added
}
