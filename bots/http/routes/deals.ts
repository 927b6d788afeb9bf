import type { Router } from 'express'
import { z } from 'zod'
import { dayStart } from '../../../core/domain/deals.ts'
import type { Core } from '../../../core/index.ts'
import { freeText } from '../safe-input.ts'
import { isoTime, noQuery, parseOr400, parseQuery } from '../validate.ts'

const isoDay = z.iso
  .date({ error: 'must be an ISO-8601 date such as 2026-03-05, or a time with offset' })
  // what is not a date at all has its one issue, the format's
  .refine(
    (s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || (s >= '1970-01-01' && s <= '9999-12-30'),
    'must be between 1970 and 9999',
  )
/**
 * A time with offset, or a date alone: the start of that day in the program's time zone. Judged by the one it looks
 * like (a time has a `T`), so that a refusal says what to send: a union would answer "Invalid input".
 */
const when = z.string().superRefine((s, ctx) => {
  const r = (/^\d{4}-\d{2}-\d{2}T/.test(s) ? isoTime : isoDay).safeParse(s)
  for (const issue of r.error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message })
})
const note = freeText(500).refine((s) => s.trim().length > 0, 'is required')
const commission = z.record(z.string(), z.unknown())
const dealBody = z.object({ commission, from: when, until: when.optional(), note, dryRun: z.boolean().optional() })
const previewBody = z.object({ commission, from: when.optional() }).strict()
const endBody = z.object({ note: freeText(500).optional() }).strict()

/**
 * A partner's deals (contract section 7): a per-partner commission in the program definition's own shape from a
 * date; events are judged by the deal in force at their date. `dryRun` (or `POST .../deal/preview`) shows what the
 * partner's last 30 days would have earned under it without saving anything.
 */
export function dealRoutes(api: Router, core: Core, actor: string) {
  const at = (program: string, v: string) =>
    v.length === 10 ? dayStart(v, core.programs.get(program)?.timeZone ?? 'UTC') : new Date(v)
  const ids = (req: { params: Record<string, unknown> }) => ({
    partnerId: String(req.params.partner),
    programKey: String(req.params.program),
  })

  api.get('/programs/:program/partners/:partner/deal', async (req, res) => {
    parseQuery(noQuery, req.query)
    const { partnerId, programKey } = ids(req)
    res.json(await core.deals.list(partnerId, programKey))
  })

  api.put('/programs/:program/partners/:partner/deal', async (req, res) => {
    const b = parseOr400(dealBody.strict(), req.body)
    const { partnerId, programKey } = ids(req)
    const from = at(programKey, b.from)
    if (b.dryRun) {
      res.json({
        dryRun: true,
        preview: await core.deals.preview({ partnerId, programKey, commission: b.commission, from }),
      })
      return
    }
    const r = await core.deals.set({
      partnerId,
      programKey,
      commission: b.commission,
      from,
      until: b.until ? at(programKey, b.until) : undefined,
      note: b.note,
      actor,
    })
    res.status(r.changed ? 201 : 200).json({ changed: r.changed, deal: r.deal, replaced: r.replaced })
  })

  api.post('/programs/:program/partners/:partner/deal/preview', async (req, res) => {
    const b = parseOr400(previewBody, req.body)
    const { partnerId, programKey } = ids(req)
    const from = b.from ? at(programKey, b.from) : undefined
    res.json(await core.deals.preview({ partnerId, programKey, commission: b.commission, from }))
  })

  api.delete('/programs/:program/partners/:partner/deal', async (req, res) => {
    const b = parseOr400(endBody, req.body ?? {})
    const { partnerId, programKey } = ids(req)
    res.json(await core.deals.end({ partnerId, programKey, actor, note: b.note }))
  })
}
