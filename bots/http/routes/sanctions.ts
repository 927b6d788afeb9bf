import type { Router } from 'express'
import { z } from 'zod'
import { SANCTION_REASONS } from '../../../core/domain/reason-codes.ts'
import type { Core } from '../../../core/index.ts'
import { freeText } from '../safe-input.ts'
import { isoTime, parseOr400, programKey, reasonFrom } from '../validate.ts'

const sanctionBody = z
  .object({
    program: programKey,
    kind: z.enum(['warning', 'suspend_codes', 'block', 'disqualify']),
    reason: reasonFrom(SANCTION_REASONS),
    note: freeText(2000).optional(),
    /** When it ends by itself: core takes it for a code suspension or a block only, in the future by the service clock. */
    endsAt: isoTime.optional(),
  })
  .strict()

const liftBody = z.object({ reason: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a reason code') }).strict()

const sanctionJson = (s: {
  id: string
  partnerId: string
  programKey: string
  kind: string
  reason: string
  note?: string
  actor: string
  createdAt: Date
  liftedAt?: Date
  liftedBy?: string
  dueAt?: Date
  escalatedTo?: string
  endsAt?: Date
}) => ({
  id: s.id,
  partner: s.partnerId,
  program: s.programKey,
  kind: s.kind,
  reason: s.reason,
  note: s.note ?? null,
  actor: s.actor,
  createdAt: s.createdAt.toISOString(),
  liftedAt: s.liftedAt?.toISOString() ?? null,
  // who lifted it: the operator API, a Slack user, `system:expiry` once it reached its end; null while in force (or a
  // lift from before this was kept)
  liftedBy: s.liftedBy ?? null,
  // an ad-rule warning's deadline; lifting the warning before it resolves it, after it unblocks the payouts
  dueAt: s.dueAt?.toISOString() ?? null,
  escalatedTo: s.escalatedTo ?? null,
  // when it ends by itself (then it is lifted as a manual lift does it); null: until it is lifted
  endsAt: s.endsAt?.toISOString() ?? null,
})

/** Sanctions on the operator API: apply one to a partner in a program (with what it annulled), lift it. */
export function sanctionRoutes(api: Router, core: Core, actor: string) {
  api.post('/partners/:partner/sanctions', async (req, res) => {
    const body = parseOr400(sanctionBody, req.body)
    const r = await core.sanctions.apply({
      partnerId: String(req.params.partner),
      programKey: body.program,
      kind: body.kind,
      reason: body.reason,
      note: body.note,
      ...(body.endsAt ? { endsAt: new Date(body.endsAt) } : {}),
      actor,
    })
    res.status(201).json({ sanction: sanctionJson(r.sanction), annulled: r.annulled })
  })

  api.post('/sanctions/:sanction/lift', async (req, res) => {
    const body = parseOr400(liftBody, req.body)
    const s = await core.sanctions.lift({ sanctionId: String(req.params.sanction), reason: body.reason, actor })
    res.json({ sanction: sanctionJson(s) })
  })
}
