import type { Router } from 'express'
import type { Core } from '../../../core/index.ts'
import { noQuery, parseQuery } from '../validate.ts'

/**
 * Payout operations beside the schedule's own routes (payouts.ts): a program's payout state as `/pa payouts
 * <program>` shows it, and a payout's full payment details for finance (each reading audited).
 */
export function payopsRoutes(api: Router, core: Core, actor: string) {
  api.get('/programs/:program/payouts/schedule', async (req, res) => {
    parseQuery(noQuery, req.query)
    res.json({ schedule: await core.batches.schedule(String(req.params.program)) })
  })
  api.get('/payouts/:payout/payment-details', async (req, res) => {
    parseQuery(noQuery, req.query)
    const d = await core.payouts.revealPayoutDetails({ payoutId: String(req.params.payout), actor })
    res.set('cache-control', 'no-store').json({ paymentDetails: d })
  })
}
