import type { SanctionRecord } from './ledger-store.ts'

export interface PartnerContact {
  partnerId: string
  telegramId?: bigint
  language: string
}

/** Who a partner is reachable as, and the records notifications speak of. */
export interface PartnerDirectory {
  contact(partnerId: string): Promise<PartnerContact | null>
  sanction(id: string): Promise<SanctionRecord | null>
}
