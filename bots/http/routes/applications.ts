import type { Router } from 'express'
import { z } from 'zod'
import type { Core } from '../../../core/index.ts'
import { freeText } from '../safe-input.ts'
import { parseOr400 } from '../validate.ts'

const approveBody = z.object({}).strict()
const declineBody = z.object({ reason: freeText(500).refine((s) => s.trim().length > 0, 'is required') }).strict()

/**
 * Applications to a program that approves its partners (contract section 7): `applied -> active` or `declined`,
 * the partner told in their language.
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
}
