import type { Router } from 'express'
import { z } from 'zod'
import { ADJUSTMENT_NOTE_MAX } from '../../../core/domain/adjustments.ts'
import type { Core } from '../../../core/index.ts'
import { freeText } from '../safe-input.ts'
import { idempotencyKey, parseOr400, programKey } from '../validate.ts'

const adjustmentBody = z
  .object({
    program: programKey,
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
    amount: z.string().regex(/^-?\d{1,12}(\.\d{1,4})?$/, 'must be a decimal amount such as "25.00" or "-10.00"'),
    // the list of reasons is core's (core/domain/adjustments.ts): another code is refused there, with the list
    reason: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a reason code such as goodwill_bonus'),
    note: freeText(ADJUSTMENT_NOTE_MAX).optional(),
  })
  .strict()

const restoreBody = z
  .object({ reason: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a reason code such as dispute_upheld') })
  .strict()

/**
 * Contract section 7: a manual bonus (positive) or penalty (negative) on a partner's balance, with an
 * Idempotency-Key: 201 the first time, 200 with the same answer for the same key and body, 409 for another body.
 */
export function adjustmentRoutes(api: Router, core: Core, actor: string) {
  api.post('/partners/:partner/adjustments', async (req, res) => {
    const key = idempotencyKey(req, true)
    const b = parseOr400(adjustmentBody, req.body)
    const r = await core.earnings.adjust({
      partnerId: String(req.params.partner),
      programKey: b.program,
      currency: b.currency,
      amount: b.amount,
      reason: b.reason,
      note: b.note,
      idempotencyKey: `api:${key}`,
      actor,
    })
    res.status(r.replayed ? 200 : 201).json({ adjustment: r.adjustment })
  })

  // a refused, reversed or annulled commission given back (core/use-cases/restore-commission.ts); again: 200, unchanged
  api.post('/commissions/:commission/restore', async (req, res) => {
    const b = parseOr400(restoreBody, req.body ?? {})
    const r = await core.earnings.restoreCommission({
      commissionId: String(req.params.commission),
      reason: b.reason,
      actor,
    })
    res.json(r)
  })
}
