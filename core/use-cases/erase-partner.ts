import { ENROLMENT_TRANSITIONS } from '../domain/enrolment-status.ts'
import { PAYOUT_TRANSITIONS } from '../domain/payouts.ts'
import type { Clock } from '../ports/clock.ts'
import type { PartnerDirectory } from '../ports/partner-directory.ts'
import { erasedApplication, erasedCard, erasedCopy, erasedDeskCard } from './dispute-news.ts'
import { payoutPostings } from './payout-ledger.ts'
import { payoutCardNews } from './payouts.ts'

export interface ErasureDeps {
  clock: Clock
  directory: PartnerDirectory
}

/**
 * "Delete my personal data": the partner is pseudonymised; the ledger keeps its totals. In one transaction: open
 * payouts that no batch holds are cancelled (their reservations released, the finance desk's cards follow), every
 * live enrolment is terminated, the personal data is wiped, and the desk's cards of the partner's disputes are
 * re-rendered without it. Null if unknown or already erased.
 */
export async function erasePartner(deps: ErasureDeps, partnerId: string) {
  return deps.directory.erasure(async (tx) => {
    const now = deps.clock.now()
    const partner = await tx.lockPartner(partnerId)
    if (!partner) return null
    const cancel = PAYOUT_TRANSITIONS.cancel
    const cancelled: string[] = []
    for (const p of await tx.unbatchedPayouts(partnerId, cancel.from)) {
      if (!(await tx.setPayoutStatus(p.id, [p.status], cancel.to, 'data_erased', now))) continue
      await tx.post(payoutPostings.released(p, now, 'data_erased'))
      await tx.announce(payoutCardNews(p.id, cancel.to, now))
      cancelled.push(p.id)
    }
    const terminate = ENROLMENT_TRANSITIONS.terminate!
    for (const e of partner.enrolments) {
      if (terminate.from.includes(e.status)) await tx.setEnrolmentStatus(e.id, [e.status], terminate.to, now)
    }
    await tx.wipePersonalData(partnerId, now)
    // the desk's dispute cards showed the partner's name, @username and first words: re-rendered without them; the
    // partner's later messages copied into their threads are edited and the files uploaded there deleted; the
    // application cards (name, country, join answers) re-rendered
    const cards = await tx.disputeCards(partnerId)
    if (cards.length) await tx.announce(...cards.map(erasedCard))
    const copies = await tx.deskCopies(partnerId)
    if (copies.length) await tx.announce(...copies.map(erasedCopy))
    const others = await tx.deskCards(partnerId)
    if (others.length) await tx.announce(...others.map((c) => erasedDeskCard(c.kind, c.subject)))
    const applications = await tx.applicationCards(partnerId)
    if (applications.length) await tx.announce(...applications.map((key) => erasedApplication(partnerId, key)))
    await tx.audit({
      at: now,
      actor: 'partner',
      action: 'partner.erased',
      subjectType: 'partner',
      subjectId: partnerId,
      data: { cancelledPayouts: cancelled.length },
    })
    return { cancelledPayouts: cancelled }
  })
}
