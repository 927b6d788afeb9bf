import type { Router } from 'express'
import { z } from 'zod'
import { DomainError } from '../../../core/domain/errors.ts'
import { TERMS_LANGUAGES } from '../../../core/domain/terms.ts'
import type { Core } from '../../../core/index.ts'
import { freeText } from '../safe-input.ts'
import { isoTime, knownProgram, noQuery, parseOr400, parseQuery, programFilter } from '../validate.ts'

const draftBody = z
  .object({
    effectiveAt: isoTime,
    ratesOnly: z.boolean().default(false),
    texts: z.partialRecord(z.enum(TERMS_LANGUAGES), freeText(3000)),
    /** A new commission rule from the effective date, in the program definition's own shape. */
    commission: z.record(z.string(), z.unknown()).optional(),
    /**
     * The contract's `changes` (section 3): what the version changes, as `{commission?, ratesOnly?}`; the same as
     * giving them at the top level (one or the other, not both).
     */
    changes: z
      .object({ commission: z.record(z.string(), z.unknown()).optional(), ratesOnly: z.boolean().optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => !b.changes || (b.commission === undefined && !b.ratesOnly), {
    path: ['changes'],
    message: 'give commission and ratesOnly either in changes or at the top level, not both',
  })
const publishBody = z
  .object({ paid: z.boolean().optional(), ratePerSecond: z.number().int().min(1).max(1000).optional() })
  .strict()
const answerBody = z.object({ versionId: z.uuid(), answer: z.enum(['acknowledged', 'objected']) }).strict()

/**
 * Term changes on the operator API: draft a version (texts per language, effective date), publish it (refused
 * while a partners' language has no text or the notice is too short), follow and steer its broadcast, export
 * the report.
 */
export function termsRoutes(api: Router, core: Core, actor: string) {
  api.get('/programs/:program/terms', async (req, res) => {
    parseQuery(noQuery, req.query)
    const program = String(req.params.program)
    // a mistyped program is not a program without versions
    if (!core.programs.get(program)) throw new DomainError('program.not_found', { program: program.slice(0, 64) })
    res.json({ versions: await core.terms.versions(program) })
  })
  api.post('/programs/:program/terms', async (req, res) => {
    const b = parseOr400(draftBody, req.body)
    const v = await core.terms.draft({
      programKey: String(req.params.program),
      effectiveAt: new Date(b.effectiveAt),
      ratesOnly: b.changes?.ratesOnly ?? b.ratesOnly,
      texts: b.texts,
      commission: b.changes?.commission ?? b.commission,
      actor,
    })
    res.status(201).json({ version: v })
  })
  api.post('/terms/:version/publish', async (req, res) => {
    const b = parseOr400(publishBody, req.body ?? {})
    const r = await core.terms.publish({ versionId: String(req.params.version), actor, ...b })
    res.status(201).json({
      version: await core.terms.version(r.version.id),
      broadcast: await core.terms.broadcastProgress(r.broadcast.id),
    })
  })
  api.get('/broadcasts', async (req, res) => {
    const q = parseQuery(programFilter, req.query)
    const list = await core.terms.broadcasts(knownProgram(core.programs, q.program))
    res.json({ broadcasts: await Promise.all(list.map((b) => core.terms.broadcastProgress(b.id))) })
  })
  api.get('/broadcasts/:broadcast', async (req, res) => {
    parseQuery(noQuery, req.query)
    res.json({ broadcast: await core.terms.broadcastProgress(String(req.params.broadcast)) })
  })
  for (const action of ['pause', 'resume', 'cancel'] as const)
    api.post(`/broadcasts/:broadcast/${action}`, async (req, res) => {
      await core.terms.controlBroadcast({ broadcastId: String(req.params.broadcast), action, actor })
      res.json({ broadcast: await core.terms.broadcastProgress(String(req.params.broadcast)) })
    })
  api.get('/broadcasts/:broadcast/report.csv', async (req, res) => {
    parseQuery(noQuery, req.query)
    const csv = await core.terms.broadcastReportCsv(String(req.params.broadcast))
    res
      .set('cache-control', 'no-store')
      .type('text/csv; charset=utf-8')
      .attachment(`broadcast-${String(req.params.broadcast)}.csv`)
      .send(csv)
  })
  /** A partner's answer recorded on their behalf (a letter to support, per the worksection terms "in writing"). */
  api.post('/partners/:partner/terms-answers', async (req, res) => {
    const b = parseOr400(answerBody, req.body)
    res.json(await core.terms.answer({ partnerId: String(req.params.partner), versionId: b.versionId, kind: b.answer }))
  })
}
