import type { PartnerProfile } from '../../../core/use-cases/partner-lookup.ts'

type RecentEntry = PartnerProfile['recent'][number]

/**
 * The latest ledger entries as movements: one that only moves money between the partner's own accounts (into
 * review and back, into a payout request and back) posts two legs that cancel out, shown once, with the amount moved.
 */
export function movements(recent: RecentEntry[]): RecentEntry[] {
  const out: RecentEntry[] = []
  const merged = new Set<RecentEntry>()
  for (const r of recent) {
    const last = out.at(-1)
    const pair =
      last &&
      !merged.has(last) &&
      last.journal === r.journal &&
      last.kind === r.kind &&
      last.currency === r.currency &&
      last.amountMinor === -r.amountMinor
    if (!pair) out.push(r)
    else {
      const moved = r.amountMinor > 0n ? r : last
      out[out.length - 1] = moved
      merged.add(moved)
    }
  }
  return out
}
