import { DomainError } from '../domain/errors.ts'
import { DETAILS_SCHEMA } from '../domain/payment-details.ts'
import { needsAgreedDetails, type PayoutMethod } from '../domain/payouts.ts'
import type { PayoutTx, SavedDetails } from '../ports/payout-store.ts'
import { type Named, namesOf } from '../programs/names.ts'
import type { PayoutDeps } from './payouts.ts'

/**
 * melbet: "payment details agreed with the manager". Details a partner saves are shown to finance on a card for
 * every program they are active in that pays only to agreed details; finance agrees them or asks for changes
 * (with a reason), and the partner is told. Saving new details voids an agreement (the store does it).
 */

/** Why finance asks for other details (the partner reads it in their language: `details.reason.*`). */
export const DETAILS_CHANGE_REASONS = ['name_mismatch', 'unsupported_account', 'incomplete', 'other'] as const
export type DetailsChangeReason = (typeof DETAILS_CHANGE_REASONS)[number]

export type DetailsDecision = 'agree' | 'ask_changes'

/** The card of a partner's details for a program: which details, masked, and whether they are agreed. */
export interface DetailsDeskView {
  partnerId: string
  programKey: string
  /** The program's names: the reader's language picks one (`programName`). */
  programNames: Named
  details: SavedDetails
  agreed: boolean
}

const METHODS = Object.keys(DETAILS_SCHEMA) as PayoutMethod[]

async function detailsById(tx: PayoutTx, partnerId: string, detailsId: string): Promise<SavedDetails | null> {
  for (const method of METHODS) {
    const d = await tx.currentDetails(partnerId, method)
    if (d?.id === detailsId) return d
  }
  return null
}

/** Called in the transaction that saved the details: a finance card for each program that needs them agreed. */
export async function announceDetailsReview(deps: PayoutDeps, tx: PayoutTx, partnerId: string, saved: SavedDetails) {
  for (const programKey of await tx.activePrograms(partnerId)) {
    const program = deps.program(programKey)
    if (!program || !needsAgreedDetails(program, saved.method)) continue
    await tx.announce({
      queue: 'desk',
      name: 'details_review',
      data: { partnerId, programKey, detailsId: saved.id },
      opts: { jobId: `desk-details-${saved.id}-${programKey}` },
    })
  }
}

/** What the finance card shows; null when the partner or the enrolment is gone. */
export async function detailsDeskView(
  deps: PayoutDeps,
  ref: { partnerId: string; programKey: string; detailsId: string },
): Promise<DetailsDeskView | null> {
  const program = deps.program(ref.programKey)
  if (!program) return null
  return deps.payouts.transaction(async (tx) => {
    const e = await tx.lockEnrolmentOf(ref.partnerId, ref.programKey)
    if (!e) return null
    const current = await detailsById(tx, ref.partnerId, ref.detailsId)
    if (!current) return null
    return {
      partnerId: ref.partnerId,
      programKey: program.key,
      programNames: namesOf(program),
      details: current,
      agreed: e.paymentDetailsAgreed,
    }
  })
}

/**
 * Finance agrees the partner's current details for a program, or asks for other ones with a reason. Refused when
 * the partner saved other details since the card was posted (those have their own card). Audited; the partner is
 * told in their language.
 */
export async function decideDetails(
  deps: PayoutDeps,
  input: {
    partnerId: string
    programKey: string
    detailsId: string
    decision: DetailsDecision
    reason?: DetailsChangeReason
    actor: string
  },
): Promise<DetailsDeskView> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  if (input.decision === 'ask_changes' && !input.reason) throw new DomainError('details.reason_missing', {})
  const now = deps.clock.now()
  return deps.payouts.transaction(async (tx) => {
    // the partner first, as every transaction that saves details takes it (payment-details.ts lockDetailsOwner)
    if (!(await tx.lockPartner(input.partnerId)))
      throw new DomainError('partner.not_found', { partner: input.partnerId })
    const e = await tx.lockEnrolmentOf(input.partnerId, program.key)
    if (!e) throw new DomainError('enrolment.not_found', { partner: input.partnerId, program: program.key })
    const details = await detailsById(tx, input.partnerId, input.detailsId)
    if (!details) throw new DomainError('details.changed', {})
    // one decision per details and program: a second (a double click, another agent's stale card or form) changes
    // nothing and tells no one; details saved anew get a card and a decision of their own
    if (await tx.detailsDecided(input.partnerId, program.key, details.id))
      throw new DomainError('details.already_decided', {})
    const agreed = input.decision === 'agree'
    await tx.setPayoutSettings(e.id, { detailsAgreed: agreed, at: now })
    await tx.audit({
      at: now,
      actor: input.actor,
      action: agreed ? 'payment_details.agreed' : 'payment_details.changes_requested',
      subjectType: 'partner',
      subjectId: input.partnerId,
      reason: input.reason,
      data: { program: program.key, method: details.method, mask: details.mask, detailsId: details.id },
    })
    await tx.announce({
      queue: 'notifications',
      name: 'details_decided',
      data: {
        partnerId: input.partnerId,
        programKey: program.key,
        outcome: agreed ? 'agreed' : 'changes_requested',
        reason: input.reason ?? null,
      },
      opts: { jobId: `details-${details.id}-${program.key}-${input.decision}-${now.getTime()}` },
    })
    // the finance channel's card shows the decision, whichever copy of it (the App Home's) was pressed
    await tx.announce({
      queue: 'desk',
      name: 'details_decided',
      data: {
        partnerId: input.partnerId,
        programKey: program.key,
        detailsId: details.id,
        decision: input.decision,
        actor: input.actor,
        reason: input.reason ?? null,
      },
      opts: { jobId: `desk-details-decided-${details.id}-${program.key}` },
    })
    return {
      partnerId: input.partnerId,
      programKey: program.key,
      programNames: namesOf(program),
      details,
      agreed,
    }
  })
}

/**
 * Finance reads the partner's full details (to check them against the partner before agreeing): decrypted for the
 * one reader, and the reading is audited (who, which details, for which program; never the details themselves).
 */
export async function revealDetails(
  deps: PayoutDeps,
  input: { partnerId: string; programKey: string; detailsId: string; actor: string },
): Promise<{ method: PayoutMethod; fields: Record<string, string> }> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  return deps.payouts.transaction(async (tx) => {
    if (!(await tx.lockPartner(input.partnerId)))
      throw new DomainError('partner.not_found', { partner: input.partnerId })
    const sealed = await tx.sealedDetails(input.partnerId, input.detailsId)
    if (!sealed) throw new DomainError('details.changed', {})
    const fields = JSON.parse(
      deps.cipher.decrypt(sealed.keyId, sealed.ciphertext, input.partnerId).toString(),
    ) as Record<string, string>
    await tx.audit({
      at: deps.clock.now(),
      actor: input.actor,
      action: 'payment_details.revealed',
      subjectType: 'partner',
      subjectId: input.partnerId,
      data: { program: program.key, method: sealed.method, detailsId: input.detailsId },
    })
    return { method: sealed.method, fields }
  })
}
