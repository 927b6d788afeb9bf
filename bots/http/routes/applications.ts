import type { Router } from 'express'
import { z } from 'zod'
import type { Core } from '../../../core/index.ts'
import { COMPANY_END_REASONS } from '../../../core/use-cases/endings.ts'
import { freeText } from '../safe-input.ts'
import { parseOr400 } from '../validate.ts'

const approveBody = z.object({}).strict()
const terminateBody = z.object({ reason: z.enum(COMPANY_END_REASONS), note: freeText(500).optional() }).strict()
const declineBody = z.object({ reason: freeText(500).refine((s) => s.trim().length > 0, 'is required') }).strict()

/**
 * Applications to a program that approves its partners (contract section 7): `applied -> active` or `declined`,
 * the partner told in their language; and the company's ending of a partner's agreement.
 */
export function applicationRoutes(api: Router, core: Core, actor: string) {
  api.post('/programs/:program/partners/:partner/approve', async (req, res) => {
    parseOr400(approveBody, req.body ?? {})
    const r = await core.applications.approve({
      partnerId: String(req.params.partner),
      programKey: String(req.params.program),
      actor,
    })
    res.json({ partner: r.partnerId, program: r.programKey, status: r.status })
  })

  api.post('/programs/:program/partners/:partner/decline', async (req, res) => {
    const body = parseOr400(declineBody, req.body)
    const r = await core.applications.decline({
      partnerId: String(req.params.partner),
      programKey: String(req.params.program),
      reason: body.reason,
      actor,
    })
    res.json({ partner: r.partnerId, program: r.programKey, status: r.status })
  })

  // the company ends a partner's agreement with the notice the program's terms give for the reason
  api.post('/programs/:program/partners/:partner/terminate', async (req, res) => {
    const body = parseOr400(terminateBody, req.body)
    const r = await core.endings.terminate({
      partnerId: String(req.params.partner),
      programKey: String(req.params.program),
      reason: body.reason,
      note: body.note,
      actor,
    })
    res.status(r.repeated ? 200 : 201).json({
      partner: r.partnerId,
      program: r.programKey,
      reason: r.reason,
      status: r.status,
      endsAt: r.endsAt,
      repeated: r.repeated,
      unpaid: r.unpaid,
      annulled: r.annulled,
      lastPaymentDays: r.lastPaymentDays,
    })
  })
}
