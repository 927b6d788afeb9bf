import type { Router } from 'express'
import { z } from 'zod'
import { DomainError } from '../../../core/domain/errors.ts'
import { PAYOUT_NOTE_MAX } from '../../../core/domain/payouts.ts'
import {
  MOVE_REASONS,
  PAUSE_REASONS,
  PAYOUT_HOLD_REASONS,
  PAYOUT_REJECT_REASONS,
  READABLE_REASONS,
  RESUME_REASON,
} from '../../../core/domain/reason-codes.ts'
import type { Core } from '../../../core/index.ts'
import { HttpError } from '../errors.ts'
import { freeText, lineText } from '../safe-input.ts'
import { sendStoredAnswer } from '../stored-answer.ts'
import {
  idempotencyKey,
  isoTime,
  knownProgram,
  noQuery,
  parseOr400,
  parseQuery,
  programFilter,
  programKey,
  reasonFrom,
} from '../validate.ts'

const method = z.enum(['bank', 'paypal', 'service_credit', 'licences'])
const amount = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be a decimal amount such as "50.00"')
const details = z.record(z.string().max(64), z.string().max(256))

const payoutBody = z
  .object({
    program: programKey,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .optional(),
    method,
    amount: amount.optional(),
    details: details.optional(),
  })
  .strict()

/** The reason an action takes: holding and rejecting have their lists; the others keep one the partner can read. */
const decisionBodies = {
  hold: PAYOUT_HOLD_REASONS,
  reject: PAYOUT_REJECT_REASONS,
  approve: READABLE_REASONS,
  cancel: READABLE_REASONS,
  pay: READABLE_REASONS,
} as const
/** Finance's words with a hold or rejection, read by the partner as written; "other" needs them (core says so). */
const decisionNote = z.string().trim().pipe(freeText(PAYOUT_NOTE_MAX))
const decisionBody = (action: keyof typeof decisionBodies) =>
  z
    .object({
      reason: reasonFrom(decisionBodies[action]).optional(),
      reference: lineText(128).optional(),
      // only a hold or a rejection is explained to the partner
      note:
        action === 'hold' || action === 'reject'
          ? decisionNote.optional()
          : z.never({ error: 'unknown field' }).optional(),
    })
    .strict()

const detailsBody = z.object({ method, details }).strict()

const settingsBody = z
  .object({
    program: programKey,
    detailsAgreed: z.boolean().optional(),
    hold: z
      .object({ until: isoTime, reason: reasonFrom(PAYOUT_HOLD_REASONS) })
      .strict()
      .nullable()
      .optional(),
  })
  .strict()

const pauseBody = z.object({ reason: reasonFrom(PAUSE_REASONS) }).strict()
const resumeBody = z.object({ reason: reasonFrom([RESUME_REASON]) }).strict()
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-03-25')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getUTCFullYear() >= 1970
  }, 'is not a date of the calendar')
const moveBody = z.object({ scheduled: localDate, movedTo: localDate, reason: reasonFrom(MOVE_REASONS) }).strict()
const runBody = z.object({ day: localDate.optional() }).strict()
const paidBody = z.object({ reference: lineText(128) }).strict()
const exportQuery = z.object({ details: z.enum(['masked', 'full']).optional() })

const ACTIONS = { approve: 'approve', reject: 'reject', hold: 'hold', cancel: 'cancel', paid: 'pay' } as const

/** A partner's payouts: preview, request (with Idempotency-Key), list, one, and the operator's decisions. */
function requestRoutes(api: Router, core: Core, actor: string) {
  api.post('/partners/:partner/payouts/preview', async (req, res) => {
    const b = parseOr400(payoutBody, req.body)
    res.json({
      preview: await core.payouts.preview({ partnerId: String(req.params.partner), programKey: b.program, ...b }),
    })
  })

  api.post('/partners/:partner/payouts', async (req, res) => {
    const key = idempotencyKey(req, true)
    const b = parseOr400(payoutBody, req.body)
    const r = await core.payouts.request({
      partnerId: String(req.params.partner),
      programKey: b.program,
      ...b,
      idempotencyKey: key,
      actor,
    })
    sendStoredAnswer(res, r.replayed ? 200 : 201, r.body)
  })

  api.get('/partners/:partner/payouts', async (req, res) => {
    const q = parseQuery(programFilter, req.query)
    res.json({ payouts: await core.payouts.of(String(req.params.partner), knownProgram(core.programs, q.program)) })
  })

  api.get('/payouts/:payout', async (req, res) => {
    parseQuery(noQuery, req.query)
    const p = await core.payouts.get(String(req.params.payout))
    if (!p) throw new DomainError('payout.not_found', { payout: String(req.params.payout) })
    res.json({ payout: p })
  })

  api.post('/payouts/:payout/:action', async (req, res) => {
    const name = String(req.params.action)
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name as keyof typeof ACTIONS] : undefined
    if (!action) {
      const offered = Object.keys(ACTIONS).join(', ')
      throw new HttpError(
        404,
        'not_found',
        `No route for ${req.method} ${req.baseUrl}${req.path}: a payout's actions are ${offered}`,
      )
    }
    const b = parseOr400(decisionBody(action), req.body ?? {})
    res.json(
      await core.payouts.decide({
        payoutId: String(req.params.payout),
        action,
        reason: b.reason,
        note: b.note,
        reference: b.reference,
        actor,
      }),
    )
  })
}

/** What a partner is paid with: payment details (encrypted, re-encrypted on key rotation), agreed details, holds. */
function settingRoutes(api: Router, core: Core, actor: string) {
  api.post('/partners/:partner/payment-details', async (req, res) => {
    const b = parseOr400(detailsBody, req.body)
    // an unknown or erased partner is a 404 (partner.not_found), checked by core under the partner's lock
    const saved = await core.payouts.saveDetails({ partnerId: String(req.params.partner), ...b, actor })
    res.status(201).json({ paymentDetails: { id: saved.id, method: saved.method, masked: saved.mask } })
  })

  api.post('/partners/:partner/payout-settings', async (req, res) => {
    const b = parseOr400(settingsBody, req.body)
    res.json(
      await core.payouts.setSettings({
        partnerId: String(req.params.partner),
        programKey: b.program,
        detailsAgreed: b.detailsAgreed,
        hold: b.hold === undefined ? undefined : b.hold && { until: new Date(b.hold.until), reason: b.hold.reason },
        actor,
      }),
    )
  })
  // the details stored under an older key, encrypted again under the current one
  api.post('/payment-details/rewrap', async (_req, res) => {
    res.json(await core.payouts.rewrapDetails(actor))
  })
}

/** A program's pay days: pause, resume, move a date, run one now. */
function scheduleRoutes(api: Router, core: Core, actor: string) {
  api.post('/programs/:program/payouts/pause', async (req, res) => {
    const b = parseOr400(pauseBody, req.body)
    res.json(
      await core.batches.setPaused({ programKey: String(req.params.program), paused: true, reason: b.reason, actor }),
    )
  })
  api.post('/programs/:program/payouts/resume', async (req, res) => {
    const b = parseOr400(resumeBody, req.body)
    res.json(
      await core.batches.setPaused({ programKey: String(req.params.program), paused: false, reason: b.reason, actor }),
    )
  })
  api.post('/programs/:program/payout-dates', async (req, res) => {
    const b = parseOr400(moveBody, req.body)
    res.json(await core.batches.movePayDate({ programKey: String(req.params.program), ...b, actor }))
  })
  api.post('/programs/:program/payout-batches', async (req, res) => {
    const b = parseOr400(runBody, req.body ?? {})
    res.json(await core.batches.runNow({ programKey: String(req.params.program), day: b.day, actor }))
  })
}

/** The batches a pay day makes: list, summary, CSV export, marked paid. */
function batchRoutes(api: Router, core: Core, actor: string) {
  api.get('/payout-batches', async (req, res) => {
    const q = parseQuery(programFilter, req.query)
    res.json({ batches: await core.batches.list(knownProgram(core.programs, q.program)) })
  })
  api.get('/payout-batches/:batch', async (req, res) => {
    parseQuery(noQuery, req.query)
    res.json({ batch: await core.batches.summary(String(req.params.batch)) })
  })
  api.get('/payout-batches/:batch/export.csv', async (req, res) => {
    const q = parseQuery(exportQuery, req.query)
    const csv = await core.batches.csv(String(req.params.batch), { withDetails: q.details === 'full', actor })
    res
      .set('cache-control', 'no-store')
      .type('text/csv; charset=utf-8')
      .attachment(`payout-batch-${String(req.params.batch)}.csv`)
      .send(csv)
  })
  api.post('/payout-batches/:batch/paid', async (req, res) => {
    const b = parseOr400(paidBody, req.body)
    res.json({
      batch: await core.batches.markPaid({ batchId: String(req.params.batch), reference: b.reference, actor }),
    })
  })
}

/**
 * Payouts on the operator API (contract section 3): requests with Idempotency-Key and a preview, decisions
 * (approve, hold, reject, cancel, paid), payment details, payout settings, schedules and batches.
 */
export function payoutRoutes(api: Router, core: Core, actor: string) {
  requestRoutes(api, core, actor)
  settingRoutes(api, core, actor)
  scheduleRoutes(api, core, actor)
  batchRoutes(api, core, actor)
}
