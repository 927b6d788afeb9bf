import { createHash } from 'node:crypto'
import { takenBack } from '../domain/ledger.ts'
import type { IncomingEvent } from '../domain/postback.ts'
import type { CodeRecord, EarningsTx, OtherClaim } from '../ports/earnings-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

/**
 * One account claimed by two partners (worksection-referral 4.5: "Егер Компания бір есептің екі Серіктес пен Сілтеме
 * серіктесіне тиесілі екендігін анықтаса, сыйақы жойылады және төленуге жатпайды"). A customer account is *claimed*
 * by a partner when a postback attributes it to that partner through the partner's code; programs of one product
 * (quality.sameCustomersAs) share their accounts, so the same account attributed to another partner there is a second
 * claim. Within one program the first attribution is for life (contract section 1), so a second claim can only come
 * from the other program.
 */
export const CLAIMED_TWICE = 'claimed_twice'

/**
 * The other partners' claims on the event's account, read before the customer is locked (the in-batch keys of the
 * account in every program are taken at once). Empty where the program shares no accounts or nothing attributes.
 */
export async function otherClaims(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  usable: CodeRecord | null,
): Promise<OtherClaim[]> {
  const siblings = program.quality.sameCustomersAs
  if (!usable || !siblings.length) return []
  const claims = await tx.claimsElsewhere([program.key, ...siblings], event.customer, usable.enrolment.partnerId)
  return claims.filter((c) => c.programKey !== program.key)
}

/**
 * The first claim's reward annulled where its program says so (quality.claimedTwiceAnnuls), when the second claim
 * arrives: its customer never earns again, and each commission not yet payable (held, or available only from a
 * later date) is taken back with an annulment, once. Money already payable may be in a payout request or paid: what
 * was paid stays paid, and support gets a review flag naming those commissions, to decide on the rest.
 */
export async function annulFirstClaims(
  tx: EarningsTx,
  programOf: (key: string) => ProgramDefinition | undefined,
  claims: OtherClaim[],
  ctx: { event: IncomingEvent; eventId: string; program: ProgramDefinition; partnerId: string; now: Date },
) {
  for (const claim of claims) {
    if (!programOf(claim.programKey)?.quality.claimedTwiceAnnuls || claim.ineligible) continue
    await tx.updateCustomer(claim.customerId, { ineligible: CLAIMED_TWICE })
    const payable: string[] = []
    for (const c of await tx.openCommissionsOf(claim.customerId)) {
      const later = c.availableAt && c.availableAt > ctx.now
      if (c.status !== 'held' && !later) {
        payable.push(c.id)
        continue
      }
      if (c.remainingMinor > 0n) {
        const ref = {
          journal: `claimed:${ctx.eventId}:${c.id}`,
          programKey: c.programKey,
          enrolmentId: c.enrolmentId,
          currency: c.currency,
          reason: CLAIMED_TWICE,
          commissionId: c.id,
          eventId: ctx.eventId,
          createdAt: ctx.now,
        }
        const from = { account: c.status === 'held' ? ('held' as const) : ('earned' as const), effectiveAt: ctx.now }
        if (later && c.status !== 'held') from.effectiveAt = c.availableAt!
        await tx.post(takenBack(ref, 'annulment', from, c.remainingMinor))
      }
      await tx.updateCommission(c.id, { status: 'annulled', reason: CLAIMED_TWICE, at: ctx.now })
    }
    if (payable.length)
      await tx.raiseFlags([
        {
          enrolmentId: claim.enrolmentId,
          partnerId: claim.partnerId,
          programKey: claim.programKey,
          kind: CLAIMED_TWICE,
          subject: createHash('sha256').update(ctx.event.customer).digest('hex').slice(0, 64),
          details: {
            customer: ctx.event.customer.slice(0, 256),
            commissions: payable,
            claimedIn: ctx.program.key,
            claimedBy: ctx.partnerId,
            event: ctx.event.id,
          },
          createdAt: ctx.now,
        },
      ])
  }
}
