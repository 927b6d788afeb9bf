import type { DealStore } from '../ports/deal-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { dealNotice, endDeal, listDeals, previewDeal, setDeal } from '../use-cases/deals.ts'
import type { BaseDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Per-partner commissions from a date (deals): set after a preview, listed, ended; postbacks read them. */
export interface DealsModule {
  list: UseCase<typeof listDeals>
  set: UseCase<typeof setDeal>
  end: UseCase<typeof endDeal>
  preview: UseCase<typeof previewDeal>
  /** What the partner's Telegram notice of a deal says. */
  notice: UseCase<typeof dealNotice>
}

export function createDeals(
  deps: BaseDeps & { deals: DealStore; programAt: (key: string, when: Date) => ProgramDefinition | undefined },
): DealsModule {
  return {
    list: (partnerId, programKey) => listDeals(deps, partnerId, programKey),
    set: (input) => setDeal(deps, input),
    end: (input) => endDeal(deps, input),
    preview: (input) => previewDeal(deps, input),
    notice: (dealId, others) => dealNotice(deps, dealId, others),
  }
}
