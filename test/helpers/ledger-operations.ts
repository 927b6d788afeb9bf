import fc from 'fast-check'
import { isDomainError } from '../../core/domain/errors.ts'
import { formatMoney } from '../../core/domain/money.ts'
import type { Api } from './api.ts'

/** A partner the random operations act on, and what they have made so far. */
export interface Member {
  id: string
  code: string
  orders: string[]
  commissions: string[]
  payouts: string[]
}

/** What the operations are, and their share of 1,000 draws. */
const MIX = [
  ['payment', 450],
  ['refund', 100],
  ['review', 80],
  ['payout', 120],
  ['decide', 130],
  ['adjust', 110],
  ['payment', 7],
  ['erase', 3],
] as const
export const OPERATION_KINDS = ['payment', 'refund', 'review', 'payout', 'decide', 'adjust', 'erase'] as const
type Kind = (typeof OPERATION_KINDS)[number]

/** mulberry32, seeded through fast-check: every draw uses all 32 bits of the state. */
function draws(seed: number) {
  let state = fc.sample(fc.integer({ min: 0, max: 2 ** 30 }), { numRuns: 1, seed })[0]!
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}

function pick(next: (n: number) => number): Kind {
  let roll = next(1000)
  for (const [kind, share] of MIX) {
    if (roll < share) return kind
    roll -= share
  }
  return 'payment'
}

/** One operation of `kind` on `p` through core (jqsee, USD); `n` makes its ids unique. */
async function operate(api: Api, kind: Kind, p: Member, n: number, next: (n: number) => number) {
  const core = api.service.core
  const hourAgo = new Date(api.clock.now().getTime() - 3_600_000).toISOString()
  const event = { id: `m${n}`, occurredAt: hourAgo, currency: 'USD' }
  if (kind === 'payment') {
    const order = `o${n}`
    const amount = (10 + next(49_000) / 100).toFixed(2)
    const r = await core.earnings.recordEvent('jqsee', {
      ...event,
      type: 'payment',
      customer: `${p.id}-c${next(5)}`,
      ref: p.code,
      order,
      amount,
    })
    p.orders.push(order)
    p.commissions.push(...r.body.commissions.map((c) => c.id))
  } else if (kind === 'refund' && p.orders.length) {
    const order = p.orders[next(p.orders.length)]
    const amount = (1 + next(30_000) / 100).toFixed(2)
    await core.earnings.recordEvent('jqsee', { ...event, type: 'refund', customer: `${p.id}-c0`, order, amount })
  } else if (kind === 'review' && p.commissions.length) {
    const action = (['hold', 'approve', 'reject', 'substandard'] as const)[next(4)]!
    const commissionId = p.commissions[next(p.commissions.length)]!
    await core.earnings.reviewCommission({ commissionId, action, reason: 'traffic_check', actor: 'prop' })
  } else if (kind === 'payout') {
    const r = await core.payouts.request({
      partnerId: p.id,
      programKey: 'jqsee',
      method: 'paypal',
      details: { email: `p${n}@example.com` },
      ...(next(2) ? { amount: (10 + next(3000) / 100).toFixed(2) } : {}),
      idempotencyKey: `k${n}`,
      actor: 'prop',
    })
    p.payouts.push(r.body.payout.id)
  } else if (kind === 'decide' && p.payouts.length) {
    const payoutId = p.payouts[next(p.payouts.length)]!
    const action = (['approve', 'pay', 'reject', 'cancel'] as const)[next(4)]!
    await core.payouts.decide({
      payoutId,
      action,
      // a reason on the decision's list: core refuses any other
      reason: action === 'reject' ? 'details_unusable' : 'review',
      reference: `ref-${n}`,
      actor: 'prop',
    })
  } else if (kind === 'adjust') {
    const amountMinor = BigInt(next(4000) - 1500)
    // a zero amount is refused (adjustment.zero), counted as a refusal like any rule's no
    const reason = amountMinor < 0n ? 'fraud_penalty' : 'goodwill_bonus'
    await core.earnings.adjust({
      partnerId: p.id,
      programKey: 'jqsee',
      currency: 'USD',
      amount: formatMoney({ minor: amountMinor, currency: 'USD' }),
      idempotencyKey: `a${n}`,
      reason,
      actor: 'prop',
    })
  } else if (kind === 'erase') {
    await core.partners.erase(p.id)
  }
}

/**
 * `operations` random operations on `partners`, `concurrency` at a time: payments, refunds, reviews of commissions,
 * payout requests and decisions, manual adjustments and erasures. A refusal (a rule said no) is counted; anything
 * else fails the run. Returns how many of each kind ran, how many were refused in all and per code.
 */
export async function runOperations(
  api: Api,
  partners: Member[],
  opts: { operations: number; concurrency: number; seed: number },
) {
  const next = draws(opts.seed)
  const counts = new Map<string, number>()
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
  let started = 0
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (started < opts.operations) {
        const n = ++started
        const kind = pick(next)
        count(kind)
        try {
          await operate(api, kind, partners[next(partners.length)]!, n, next)
        } catch (e) {
          if (!isDomainError(e)) throw e
          count('refused')
          count(e.code)
        }
      }
    }),
  )
  return counts
}
