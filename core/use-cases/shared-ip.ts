import { takenBack } from '../domain/ledger.ts'
import { formatMoney } from '../domain/money.ts'
import type { CustomerRecord, EarningsTx } from '../ports/earnings-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import type { EventResponse } from './record-event.ts'

/**
 * worksection-referral 3.3.5, "one IP": «бір IP мекенжайынан екі немесе одан да көп пайдаланушы бұрын-соңды
 * Қызметті пайдаланған жағдай, бұл жағдайда Сілтеме серіктесіне ақы берілмейді» (two or more users ever used the
 * service from one IP address: the referral partner is not paid). Where the program sets `quality.sharedIp`, the
 * postback that reveals a second user on an address of this customer (this event's or an earlier one's) makes the
 * customer ineligible and voids the unpaid rewards of every user on those addresses, whichever partner referred
 * them: what is left of each is annulled (reason `shared_ip`) in this transaction. What payouts already took stays
 * paid. The other users' later events find the shared address again and earn nothing. A referee bonus still owed
 * to a voided reward's client is voided with it.
 */
export async function voidSharedIp(
  tx: EarningsTx,
  program: ProgramDefinition,
  w: {
    customer: CustomerRecord
    eventId: string
    ipHash: string | undefined
    now: Date
    result: Pick<EventResponse, 'reversals'>
  },
): Promise<void> {
  if (!program.quality.sharedIp) return
  const { customer, ipHash, now } = w
  const found = await tx.sharedIpEnrolments(program.key, customer.id, ipHash)
  if (!found.shared) return
  if (!customer.ineligible) {
    customer.ineligible = 'shared_ip'
    await tx.updateCustomer(customer.id, { ineligible: 'shared_ip' })
  }
  if (!found.enrolmentIds.length) return
  const own = customer.enrolmentId ? [customer.enrolmentId] : []
  const enrolmentIds = [...new Set([...own, ...found.enrolmentIds])].sort()
  const commissions = await tx.lockSharedIpCommissions(program.key, customer.id, ipHash, enrolmentIds, now)
  for (const c of commissions) {
    const uncovered = c.remainingMinor - c.coveredMinor
    if (uncovered <= 0n) continue
    const ref = {
      journal: `shared_ip:${c.id}`,
      programKey: program.key,
      enrolmentId: c.enrolmentId,
      currency: c.currency,
      reason: 'shared_ip',
      commissionId: c.id,
      eventId: w.eventId,
      createdAt: now,
    }
    // pending money is taken from pending, available from available, held from held
    const from = {
      account: c.status === 'held' ? ('held' as const) : ('earned' as const),
      effectiveAt: c.availableAt && c.availableAt > now ? c.availableAt : now,
    }
    await tx.post(takenBack(ref, 'annulment', from, uncovered))
    await tx.updateCommission(c.id, { status: 'annulled', reason: 'shared_ip', at: now })
    // the referred client's own first-payment bonus (Appendix 1) came with this reward: no valid referral, no bonus
    if (program.commission.type === 'one_time_reward' && program.commission.refereeReward) {
      await tx.voidRefereeBonus(c.customerId, { reason: 'shared_ip', at: now })
    }
    w.result.reversals.push({
      commission: c.id,
      amount: formatMoney({ minor: -uncovered, currency: c.currency }),
      currency: c.currency,
      reason: 'shared_ip',
    })
  }
}
