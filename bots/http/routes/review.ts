import type { Router } from 'express'
import { z } from 'zod'
import { FLAG_RESOLUTIONS } from '../../../core/domain/reason-codes.ts'
import type { Core } from '../../../core/index.ts'
import type { ReviewFlagRecord } from '../../../core/ports/review-flags.ts'
import { parseOr400, parseQuery, programKey, reasonFrom } from '../validate.ts'

const reviewBody = z
  .object({
    action: z.enum(['substandard', 'void', 'hold', 'approve', 'reject']),
    reason: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a reason code such as bot_traffic'),
    /** Kept in the audit row; the reason's list per action: core/domain/review-reasons.ts. */
    note: z.string().max(2000).optional(),
  })
  .strict()

const flagsQuery = z.object({
  program: programKey.optional(),
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})
const resolveFlagBody = z
  .object({
    resolution: reasonFrom(FLAG_RESOLUTIONS),
    /** Kept in the audit row. */
    note: z.string().max(500).optional(),
  })
  .strict()
const flagJson = (f: ReviewFlagRecord) => ({
  id: f.id,
  partner: f.partnerId,
  program: f.programKey,
  kind: f.kind,
  subject: f.subject,
  details: f.details,
  createdAt: f.createdAt.toISOString(),
  resolvedAt: f.resolvedAt?.toISOString() ?? null,
  resolvedBy: f.resolvedBy ?? null,
  resolution: f.resolution ?? null,
})

/** Human review on the operator API: a decision on one commission, and the review flags with their resolution. */
export function reviewRoutes(api: Router, core: Core, actor: string) {
  api.post('/commissions/:commission/review', async (req, res) => {
    const body = parseOr400(reviewBody, req.body)
    res.json(
      await core.earnings.decideCommission({
        commissionId: String(req.params.commission),
        action: body.action,
        reason: body.reason,
        note: body.note,
        actor,
      }),
    )
  })

  api.get('/review-flags', async (req, res) => {
    const q = parseQuery(flagsQuery, req.query)
    const flags = await core.earnings.flags({
      programKey: q.program,
      open: q.open === undefined ? undefined : q.open === 'true',
      limit: q.limit,
    })
    res.json({ flags: flags.map(flagJson) })
  })
  api.post('/review-flags/:flag/resolve', async (req, res) => {
    const body = parseOr400(resolveFlagBody, req.body)
    const f = await core.earnings.resolveFlag({
      flagId: String(req.params.flag),
      resolution: body.resolution,
      note: body.note,
      actor,
    })
    res.json({ flag: flagJson(f) })
  })
}
