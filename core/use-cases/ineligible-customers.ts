import { createHash } from 'node:crypto'
import type { IncomingEvent } from '../domain/postback.ts'
import type { CodeRecord, CustomerRecord, EarningsTx, EnrolmentRecord } from '../ports/earnings-store.ts'
import type { NewReviewFlag } from '../ports/review-flags.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { CLAIMED_TWICE } from './claimed-accounts.ts'

/** worksection-referral 3.1.4: a client with Integrator or Reseller status cannot be referred. */
export const EXCLUDED_CUSTOMER_KIND = 'excluded_customer_kind'

/** The event says the customer is of a kind the program never rewards (quality.customerKindsWithoutReward). */
export const excludedKind = (program: ProgramDefinition, event: IncomingEvent) =>
  event.customerKind !== undefined &&
  (program.quality.customerKindsWithoutReward as readonly string[]).includes(event.customerKind)

/** A program that counts only customers who signed up through the link, and a first event that was not the sign-up. */
export const NOT_SIGNED_UP_VIA_LINK = 'not_signed_up_via_link'

/** Reasons a brand-new customer can never earn its partner anything. */
export async function firstIneligibility(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  enrolment: EnrolmentRecord,
  ipHash: string | undefined,
  claimedElsewhere: boolean,
): Promise<string | undefined> {
  if (enrolment.ownAccountId && enrolment.ownAccountId === event.customer) return 'self_referral'
  if (excludedKind(program, event)) return EXCLUDED_CUSTOMER_KIND
  if (claimedElsewhere && program.quality.claimedTwiceAnnuls) return CLAIMED_TWICE
  if (program.attribution.requireSignupViaLink && event.type !== 'signup') return NOT_SIGNED_UP_VIA_LINK
  if (program.quality.sharedIp && ipHash && (await tx.ipUsedByOtherCustomer(program.key, ipHash, '')))
    return 'shared_ip'
  return undefined
}

/**
 * The review flag a brand-new ineligible customer raises where the program sets that case to `flag` (quantower:
 * self-referral or an existing customer means disqualification, which support decides); null elsewhere. One flag
 * per enrolment and customer: the customer's id is the subject.
 */
export function reviewFlag(
  program: ProgramDefinition,
  reason: string,
  event: IncomingEvent,
  e: EnrolmentRecord,
  now: Date,
): NewReviewFlag | null {
  const kind = reason === 'self_referral' || reason === 'existing_customer' ? reason : undefined
  if (!kind) return null
  const setting = kind === 'self_referral' ? program.quality.selfReferral : program.quality.existingCustomer
  if (setting !== 'flag') return null
  return {
    enrolmentId: e.id,
    partnerId: e.partnerId,
    programKey: program.key,
    kind,
    subject: createHash('sha256').update(event.customer).digest('hex').slice(0, 64),
    details: { customer: event.customer.slice(0, 256), event: event.id },
    createdAt: now,
  }
}

/**
 * A sign-up through the customer's own partner's link, delivered after events that came after it (postbacks arrive in
 * any order): the customer was refused as not signed up through the link only because its first delivered event was
 * not the sign-up, so it is eligible from now on, and what was refused for that alone earns now
 * (late-qualification.ts); a sign-up dated after the customer's first recorded event proves nothing.
 */
export async function signedUpLate(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  c: CustomerRecord,
  usable: CodeRecord | null,
) {
  if (event.type !== 'signup' || c.ineligible !== NOT_SIGNED_UP_VIA_LINK || !usable) return false
  if (c.enrolmentId !== usable.enrolment.id || !program.attribution.requireSignupViaLink) return false
  const first = await tx.firstEventOf(c.id)
  return first !== null && event.occurredAt <= first
}
