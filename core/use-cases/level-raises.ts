import { dealAt, underDeal } from '../domain/deals.ts'
import { type LaterCommission, levelTopUps } from '../domain/level-raises.ts'
import type { CustomerChanges, Decision } from '../domain/rules.ts'
import type { EarningsTx } from '../ports/earnings-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { justBefore } from './customer-counts.ts'
import { type WriteContext, writeLevelTopUp } from './write-decisions.ts'

/**
 * A client whose first payment is reported after clients that paid later (core/domain/level-raises.ts): those clients
 * were judged one paying client short. Two steps around the decisions' writes, under the enrolment's lock: the later
 * clients, their commissions and their counts by payment date are read before them (so that no store shows this
 * postback's own client in them), and once this client's payment is written and still stands, each is counted with
 * it and topped up to its level, in this postback's transaction.
 */

export interface LaterClient {
  commissions: LaterCommission[]
  /**
   * Paying clients before its first payment, this postback's client not yet among them: those that paid before it (of
   * clients that paid at one moment, none is counted before another), or its kept level if more.
   */
  counted: number
}

/** The clients this postback's first payment may raise, when it acquires its client (changes.firstPaidAt). */
export async function readLaterClients(
  tx: EarningsTx,
  program: ProgramDefinition,
  at: { enrolmentId: string; customerId: string; changes: CustomerChanges },
): Promise<LaterClient[]> {
  const paidAt = at.changes.firstPaidAt
  const rule = program.commission
  // a single rate or amount (jqsee, quantower) has no level to raise
  if (!paidAt || (rule.type !== 'payment_share' && rule.type !== 'one_time_reward') || rule.levels.length < 2) return []
  const rows = await tx.laterPaidCommissions(at.enrolmentId, paidAt, at.customerId)
  const byClient = new Map<string, LaterCommission[]>()
  for (const r of rows) byClient.set(r.customerId, [...(byClient.get(r.customerId) ?? []), r])
  const clients: LaterClient[] = []
  for (const [customerId, commissions] of byClient) {
    const { firstPaidAt, acquiredLevelCount } = commissions[0]!
    const before = await tx.countPayingCustomers(at.enrolmentId, justBefore(firstPaidAt), customerId)
    clients.push({ commissions, counted: Math.max(before, acquiredLevelCount ?? 0) })
  }
  return clients
}

/** Whether this postback's payment made its client a paying one that still is (not refunded before it came). */
function paidAndStands(decisions: readonly Decision[], w: WriteContext) {
  const paid = decisions.some(
    (d) => d.kind === 'commission' && d.status !== 'rejected' && ['payment_share', 'one_time_reward'].includes(d.rule),
  )
  const taken = (d: Decision) =>
    d.kind === 'reverse' &&
    d.amountMinor > 0n &&
    w.earned?.find((c) => c.id === d.commissionId)?.remainingMinor === d.amountMinor
  return paid && !decisions.some(taken)
}

/**
 * Tops up each later client to the level it reached with this postback's client counted before it, once its payment
 * is written (`decisions`: this postback's, and what undos recorded before it took back of it).
 */
export async function raiseLaterClients(
  tx: EarningsTx,
  rulesOn: (at: Date) => Promise<ProgramDefinition>,
  clients: readonly LaterClient[],
  w: WriteContext,
  decisions: readonly Decision[],
) {
  if (!clients.length || !paidAndStands(decisions, w)) return
  const { enrolment } = w
  for (const client of clients) {
    const judged = new Map<number, { rule: ProgramDefinition['commission']; underDeal: boolean }>()
    for (const c of client.commissions) {
      const deal = dealAt(enrolment.deals, c.occurredAt)
      judged.set(+c.occurredAt, { rule: underDeal(await rulesOn(c.occurredAt), deal).commission, underDeal: !!deal })
    }
    const topUps = levelTopUps(client.commissions, client.counted + 1, (when) => judged.get(+when)!)
    for (const t of topUps) await writeLevelTopUp(tx, t, w)
  }
}
