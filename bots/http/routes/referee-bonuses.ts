import type { Router } from 'express'
import { z } from 'zod'
import { formatMoney } from '../../../core/domain/money.ts'
import type { Core } from '../../../core/index.ts'
import type { RefereeBonusRecord } from '../../../core/ports/referee-bonuses.ts'
import { parseOr400, parseQuery } from '../validate.ts'

const listQuery = z.object({
  status: z.enum(['owed', 'granted', 'voided']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})
const grantBody = z.object({}).strict()

/** A referee bonus as the operator API shows it. */
export const refereeBonusJson = (b: RefereeBonusRecord) => ({
  id: b.id,
  program: b.programKey,
  customer: b.customer,
  event: b.event,
  amount: formatMoney({ minor: b.amountMinor, currency: b.currency }),
  currency: b.currency,
  status: b.status,
  partner: b.partnerId,
  partnerName: b.partnerName ?? null,
  createdAt: b.createdAt.toISOString(),
  grantedAt: b.grantedAt?.toISOString() ?? null,
  grantedBy: b.grantedBy ?? null,
  voidedAt: b.voidedAt?.toISOString() ?? null,
  voidReason: b.voidReason ?? null,
})

/**
 * What a program owes the customers partners referred (worksection-referral Appendix 1, the first-payment bonus):
 * listed for the program's team, and marked granted once it is on the customer's account (idempotent).
 */
export function refereeBonusRoutes(api: Router, core: Core, actor: string) {
  api.get('/programs/:program/referee-bonuses', async (req, res) => {
    const q = parseQuery(listQuery, req.query)
    const bonuses = await core.earnings.refereeBonuses({
      programKey: String(req.params.program),
      status: q.status,
      limit: q.limit,
    })
    res.json({ bonuses: bonuses.map(refereeBonusJson) })
  })
  api.post('/programs/:program/referee-bonuses/:bonus/granted', async (req, res) => {
    parseOr400(grantBody, req.body ?? {})
    const r = await core.earnings.grantRefereeBonus({
      programKey: String(req.params.program),
      bonusId: String(req.params.bonus),
      actor,
    })
    res.json({ bonus: refereeBonusJson(r.bonus), changed: r.changed })
  })
}
