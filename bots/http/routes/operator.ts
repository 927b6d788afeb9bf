import express, { Router } from 'express'
import { z } from 'zod'
import { isCountryCode } from '../../../core/domain/country.ts'
import { INT64_MAX } from '../../../core/domain/text.ts'
import type { Core } from '../../../core/index.ts'
import { LANGUAGES, resolveLanguage } from '../../i18n/index.ts'
import { requireAdminToken } from '../admin-token.ts'
import { openApiDocument } from '../openapi.ts'
import { lineText, refuseUnsafeBody, requireJsonBody } from '../safe-input.ts'
import { isoTime, noQuery, parseOr400, parseQuery, programKey, uuidParam } from '../validate.ts'
import { adjustmentRoutes } from './adjustments.ts'
import { applicationRoutes } from './applications.ts'
import { codeRoutes } from './codes.ts'
import { dealRoutes } from './deals.ts'
import { payopsRoutes } from './payops.ts'
import { payoutRoutes } from './payouts.ts'
import { performanceRoutes } from './performance.ts'
import { queueRoutes } from './queues.ts'
import { refereeBonusRoutes } from './referee-bonuses.ts'
import { reviewRoutes } from './review.ts'
import { sanctionRoutes } from './sanctions.ts'
import { termsRoutes } from './terms.ts'

export interface OperatorDeps {
  core: Core
  adminApiToken?: string
  /** Base URL of referral links (PUBLIC_URL); without it, the host the request was sent to. */
  publicUrl?: string
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

/**
 * The partner's language: one the bot speaks, also as a regional tag (kk-KZ is kk). Another is refused rather than
 * stored as English: the operator would believe the partner is written to in it.
 */
const language = z
  .string()
  .regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as ru or kk-KZ')
  .refine(
    (tag) => (LANGUAGES as readonly string[]).includes(tag.toLowerCase().split(/[-_]/)[0] ?? ''),
    `must be one of the supported languages: ${LANGUAGES.join(', ')}`,
  )

const enrolBody = z
  .object({
    name: lineText(200),
    language,
    legalType: z.enum(['individual', 'company']),
    country: z.string().refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 code such as GE').optional(),
    telegramId: telegramId.optional(),
    registeredAt: isoTime.optional(),
    campaigns: z.array(lineText(64)).max(100).optional(),
    ownAccountId: lineText(256).optional(),
  })
  .strict()

const statementQuery = z.object({
  program: programKey.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
})

const ledgerQuery = z.object({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .optional(),
  at: isoTime.optional(),
})

/** Id path parameters of the operator API: the name, the 404 code and what it names. */
const ID_PARAMS = [
  ['partner', 'partner.not_found', 'partner'],
  ['sanction', 'sanction.not_found', 'sanction'],
  ['commission', 'commission.not_found', 'commission'],
  ['flag', 'flag.not_found', 'review flag'],
  ['bonus', 'referee_bonus.not_found', 'referee bonus'],
  ['payout', 'payout.not_found', 'payout'],
  ['batch', 'batch.not_found', 'payout batch'],
  ['version', 'terms.not_found', 'terms version'],
  ['broadcast', 'broadcast.not_found', 'broadcast'],
] as const

type Enrolled = Awaited<ReturnType<Core['partners']['enrol']>>

/** The enrolment answer: the partner, its enrolment, and each code with its referral link under `linkBase`. */
const enrolledJson = (result: Enrolled, linkBase: string) => {
  const p = result.partner
  return {
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
      url: `${linkBase}/r/${c.code}`,
    })),
  }
}

/** Programs and partners (contract section 3): the programs in force, enrolment, the trial balance, statements. */
function partnerRoutes(api: Router, deps: OperatorDeps, actor: string) {
  const core = deps.core
  api.get('/programs', async (req, res) => {
    parseQuery(noQuery, req.query)
    // each as the engine runs it now: a published change of its commission in force included (as the database has
    // them: another instance may have published one)
    await core.terms.loadAmendments()
    const now = core.clock.now()
    res.json({ programs: core.programs.list().map((p) => core.programs.at(p.key, now) ?? p) })
  })

  api.post('/programs/:program/partners', async (req, res) => {
    const body = parseOr400(enrolBody, req.body)
    const result = await core.partners.enrol({
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
      actor,
    })
    const linkBase = deps.publicUrl ?? `${req.protocol}://${req.get('host')}`
    res.status(result.enrolled ? 201 : 200).json(enrolledJson(result, linkBase))
  })

  api.get('/programs/:program/ledger', async (req, res) => {
    const q = parseQuery(ledgerQuery, req.query)
    res.json(
      await core.reports.trialBalance({
        programKey: String(req.params.program),
        currency: q.currency,
        at: q.at ? new Date(q.at) : undefined,
      }),
    )
  })

  api.get('/partners/:partner/statement', async (req, res) => {
    const q = parseQuery(statementQuery, req.query)
    res.json(
      await core.reports.statement(String(req.params.partner), {
        programKey: q.program,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      }),
    )
  })
}

/**
 * The operator API of contract section 3 (programs, partners, statements, sanctions, review, payouts, terms),
 * bearer-authenticated, and its OpenAPI document. Mounted after the postback route, which is signed rather than
 * bearer-authenticated.
 */
export function operatorRoutes(deps: OperatorDeps): Router {
  const router = Router()
  router.get('/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument())
  })
  const api = Router()
  api.use(requireAdminToken(deps.adminApiToken))
  api.use(requireJsonBody)
  api.use(express.json({ limit: '256kb' }))
  api.use(refuseUnsafeBody)
  // a malformed id is that thing's 404 before any query sees it
  for (const [param, code, what] of ID_PARAMS) api.param(param, uuidParam(code, what))

  const actor = 'operator-api'
  partnerRoutes(api, deps, actor)
  sanctionRoutes(api, deps.core, actor)
  applicationRoutes(api, deps.core, actor)
  dealRoutes(api, deps.core, actor)
  reviewRoutes(api, deps.core, actor)
  refereeBonusRoutes(api, deps.core, actor)
  payoutRoutes(api, deps.core, actor)
  adjustmentRoutes(api, deps.core, actor)
  payopsRoutes(api, deps.core, actor)
  termsRoutes(api, deps.core, actor)
  codeRoutes(api, deps, actor)
  queueRoutes(api, deps.core)
  performanceRoutes(api, deps.core)

  router.use('/v1', api)
  return router
}
