import { timingSafeEqual } from 'node:crypto'
import express, { type RequestHandler, Router } from 'express'
import { z } from 'zod'
import { INT64_MAX } from '../../../core/domain/text.ts'
import type { Core } from '../../../core/index.ts'
import type { ReviewFlagRecord } from '../../../core/ports/review-flags.ts'
import { resolveLanguage } from '../../i18n/index.ts'
import { HttpError } from '../errors.ts'
import { openApiDocument } from '../openapi.ts'
import { freeText, lineText, refuseUnsafeBody } from '../safe-input.ts'
import { isoTime, parseOr400, programKey, uuidParam } from '../validate.ts'
import { payoutRoutes } from './payouts.ts'
import { termsRoutes } from './terms.ts'

export interface OperatorDeps {
  core: Core
  adminApiToken?: string
  /** Base URL of referral links (PUBLIC_URL); without it, the host the request was sent to. */
  publicUrl?: string
}

/** Bearer-token check, constant time; without ADMIN_API_TOKEN the operator API is off. */
function bearer(token: string | undefined): RequestHandler {
  const expected = token ? Buffer.from(token) : undefined
  return (req, _res, next) => {
    if (!expected) throw new HttpError(503, 'operator_api_off', 'The operator API is off: set ADMIN_API_TOKEN')
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpError(401, 'unauthorized', 'A valid bearer token is required')
    }
    next()
  }
}

/** Telegram user ids are positive 64-bit integers (the column is a bigint): anything larger is refused here. */
const telegramId = z
  .union([z.number().int().positive(), z.string().regex(/^[1-9]\d{0,18}$/, 'must be a positive whole number')], {
    error: 'must be a positive whole number (a Telegram user id)',
  })
  // zod runs a refinement even after the union refused the value: only a string of digits reaches BigInt
  .refine(
    (v) => typeof v !== 'string' || !/^\d+$/.test(v) || BigInt(v) <= INT64_MAX,
    'is out of range for a Telegram user id',
  )

const enrolBody = z
  .object({
    name: lineText(200),
    language: z.string().regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as ru or kk-KZ'),
    legalType: z.enum(['individual', 'company']),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as GE')
      .optional(),
    telegramId: telegramId.optional(),
    registeredAt: isoTime.optional(),
    campaigns: z.array(lineText(64)).max(100).optional(),
    ownAccountId: lineText(256).optional(),
  })
  .strict()

const sanctionBody = z
  .object({
    program: programKey,
    kind: z.enum(['warning', 'suspend_codes', 'block', 'disqualify']),
    reason: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a reason code such as self_referral'),
    note: freeText(2000).optional(),
  })
  .strict()

const liftBody = z.object({ reason: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a reason code') }).strict()

const reviewBody = z
  .object({
    action: z.enum(['substandard', 'void', 'hold', 'approve', 'reject']),
    reason: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a reason code such as bot_traffic'),
  })
  .strict()

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
})

const flagsQuery = z.object({
  program: programKey.optional(),
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})
const resolveFlagBody = z
  .object({ resolution: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a reason code such as rate_lowered') })
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

const statementQuery = z.object({
  program: programKey.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
})

/** Id path parameters of the operator API: the name, the 404 code and what it names. */
const ID_PARAMS = [
  ['partner', 'partner.not_found', 'partner'],
  ['sanction', 'sanction.not_found', 'sanction'],
  ['commission', 'commission.not_found', 'commission'],
  ['flag', 'flag.not_found', 'review flag'],
  ['payout', 'payout.not_found', 'payout'],
  ['batch', 'batch.not_found', 'payout batch'],
  ['version', 'terms.not_found', 'terms version'],
  ['broadcast', 'broadcast.not_found', 'broadcast'],
] as const

/**
 * The operator API of contract section 3 (programs, partners, statements). Mounted after the postback
 * route, which is signed rather than bearer-authenticated.
 */
export function operatorRoutes(deps: OperatorDeps): Router {
  const router = Router()
  router.get('/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument())
  })
  const api = Router()
  api.use(bearer(deps.adminApiToken))
  api.use(express.json({ limit: '256kb' }))
  api.use(refuseUnsafeBody)
  // a malformed id is that thing's 404 before any query sees it
  for (const [param, code, what] of ID_PARAMS) api.param(param, uuidParam(code, what))

  api.get('/programs', (_req, res) => {
    res.json({ programs: deps.core.programs.list() })
  })

  api.post('/programs/:program/partners', async (req, res) => {
    const body = parseOr400(enrolBody, req.body)
    const result = await deps.core.partners.enrol({
      programKey: String(req.params.program),
      name: body.name,
      language: resolveLanguage(body.language),
      legalType: body.legalType,
      country: body.country,
      telegramId: body.telegramId === undefined ? undefined : BigInt(body.telegramId),
      registeredAt: body.registeredAt ? new Date(body.registeredAt) : undefined,
      campaigns: body.campaigns,
      ownAccountId: body.ownAccountId,
      approved: true,
      actor: 'operator-api',
    })
    const p = result.partner
    res.status(result.enrolled ? 201 : 200).json({
      partner: {
        id: p.id,
        name: p.name ?? null,
        language: p.language,
        legalType: p.legalType,
        country: p.country ?? null,
        telegramId: p.telegramId?.toString() ?? null,
      },
      enrolment: {
        program: result.enrolment.programKey,
        status: result.enrolment.status,
        registeredAt: result.enrolment.registeredAt.toISOString(),
      },
      codes: result.codes.map((c) => ({
        program: c.programKey,
        ...(c.campaignKey ? { campaign: c.campaignKey } : {}),
        code: c.code,
        kind: c.kind,
        status: c.status,
        url: `${deps.publicUrl ?? `${req.protocol}://${req.get('host')}`}/r/${c.code}`,
      })),
    })
  })

  api.get('/partners/:partner/statement', async (req, res) => {
    const q = parseOr400(statementQuery, req.query, 'query')
    res.json(
      await deps.core.reports.statement(String(req.params.partner), {
        programKey: q.program,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      }),
    )
  })
  api.post('/partners/:partner/sanctions', async (req, res) => {
    const body = parseOr400(sanctionBody, req.body)
    const r = await deps.core.sanctions.apply({
      partnerId: String(req.params.partner),
      programKey: body.program,
      kind: body.kind,
      reason: body.reason,
      note: body.note,
      actor: 'operator-api',
    })
    res.status(201).json({ sanction: sanctionJson(r.sanction), annulled: r.annulled })
  })

  api.post('/sanctions/:sanction/lift', async (req, res) => {
    const body = parseOr400(liftBody, req.body)
    const s = await deps.core.sanctions.lift({
      sanctionId: String(req.params.sanction),
      reason: body.reason,
      actor: 'operator-api',
    })
    res.json({ sanction: sanctionJson(s) })
  })

  api.post('/commissions/:commission/review', async (req, res) => {
    const body = parseOr400(reviewBody, req.body)
    res.json(
      await deps.core.earnings.reviewCommission({
        commissionId: String(req.params.commission),
        action: body.action,
        reason: body.reason,
        actor: 'operator-api',
      }),
    )
  })

  api.get('/review-flags', async (req, res) => {
    const q = parseOr400(flagsQuery, req.query, 'query')
    const flags = await deps.core.earnings.flags({
      programKey: q.program,
      open: q.open === undefined ? undefined : q.open === 'true',
      limit: q.limit,
    })
    res.json({ flags: flags.map(flagJson) })
  })
  api.post('/review-flags/:flag/resolve', async (req, res) => {
    const body = parseOr400(resolveFlagBody, req.body)
    const f = await deps.core.earnings.resolveFlag({
      flagId: String(req.params.flag),
      resolution: body.resolution,
      actor: 'operator-api',
    })
    res.json({ flag: flagJson(f) })
  })

  payoutRoutes(api, deps.core, 'operator-api')
  termsRoutes(api, deps.core, 'operator-api')

  router.use('/v1', api)
  return router
}
