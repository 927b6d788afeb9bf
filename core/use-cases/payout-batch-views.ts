import { csvDocument } from '../domain/csv.ts'
import { DomainError } from '../domain/errors.ts'
import { formatMoney } from '../domain/money.ts'
import type { BatchRecord } from '../ports/payout-store.ts'
import { type PayoutDeps, payoutJson } from './payouts.ts'

/** What finance reads of payout batches: summaries and the CSV export. */

export interface BatchSummary {
  id: string
  program: string
  status: BatchRecord['status']
  periodStart: string
  periodEnd: string
  payDate: string
  paidAt: string | null
  paymentRef: string | null
  payouts: number
  totals: { currency: string; count: number; gross: string; fee: string; taxWithheld: string; net: string }[]
}

export async function summarize(deps: PayoutDeps, b: BatchRecord): Promise<BatchSummary> {
  const payouts = await deps.payouts.batchPayouts(b.id)
  const totals = new Map<string, { count: number; gross: bigint; fee: bigint; tax: bigint; net: bigint }>()
  for (const p of payouts.filter((x) => x.status === 'approved' || x.status === 'paid')) {
    const t = totals.get(p.currency) ?? { count: 0, gross: 0n, fee: 0n, tax: 0n, net: 0n }
    t.count++
    t.gross += p.grossMinor
    t.fee += p.feeMinor
    t.tax += p.taxMinor
    t.net += p.netMinor
    totals.set(p.currency, t)
  }
  const m = (minor: bigint, currency: string) => formatMoney({ minor, currency })
  return {
    id: b.id,
    program: b.programKey,
    status: b.status,
    periodStart: b.periodStart.toISOString(),
    periodEnd: b.periodEnd.toISOString(),
    payDate: b.payDate.toISOString(),
    paidAt: b.paidAt?.toISOString() ?? null,
    paymentRef: b.paymentRef ?? null,
    payouts: payouts.length,
    totals: [...totals].map(([currency, t]) => ({
      currency,
      count: t.count,
      gross: m(t.gross, currency),
      fee: m(t.fee, currency),
      taxWithheld: m(t.tax, currency),
      net: m(t.net, currency),
    })),
  }
}

export async function batchSummary(deps: PayoutDeps, batchId: string): Promise<BatchSummary> {
  const b = await deps.payouts.transaction((tx) => tx.lockBatch(batchId))
  if (!b) throw new DomainError('batch.not_found', { batch: batchId })
  return summarize(deps, b)
}

export async function listBatches(deps: PayoutDeps, programKey?: string): Promise<BatchSummary[]> {
  return Promise.all((await deps.payouts.batches(programKey, 50)).map((b) => summarize(deps, b)))
}

/**
 * Finance's export: one line per payout, details masked. With `withDetails` the details are decrypted for the
 * bank transfer — an audited act of the named actor, never logged.
 */
export async function batchCsv(
  deps: PayoutDeps,
  batchId: string,
  opts: { withDetails?: boolean; actor?: string } = {},
): Promise<string> {
  await batchSummary(deps, batchId)
  const payouts = await deps.payouts.batchPayouts(batchId)
  const rows: string[][] = []
  for (const p of payouts) {
    const j = payoutJson(p)
    const row = [
      j.id,
      j.partner,
      j.status,
      j.method,
      j.details ?? '',
      j.currency,
      j.gross,
      j.fee,
      j.taxWithheld,
      j.net,
      j.paymentRef ?? '',
    ]
    if (opts.withDetails) {
      const d = await deps.payouts.detailsOf(p.id)
      const plain = d
        ? (JSON.parse(deps.cipher.decrypt(d.keyId, d.ciphertext, p.partnerId).toString()) as Record<string, string>)
        : {}
      row.push(
        Object.entries(plain)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; '),
      )
    }
    rows.push(row)
  }
  const header = [
    'payout',
    'partner',
    'status',
    'method',
    'details',
    'currency',
    'gross',
    'fee',
    'tax_withheld',
    'net',
    'payment_ref',
  ]
  if (opts.withDetails) {
    header.push('payment_details')
    await deps.payouts.transaction((tx) =>
      tx.audit({
        at: deps.clock.now(),
        actor: opts.actor ?? 'unknown',
        action: 'batch.details_exported',
        subjectType: 'batch',
        subjectId: batchId,
        data: { payouts: payouts.length },
      }),
    )
  }
  return csvDocument(header, rows)
}
