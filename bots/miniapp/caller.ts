import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express'
import { z } from 'zod'
import { ERRORS } from '../../core/domain/error-catalogue.ts'
import { isDomainError } from '../../core/domain/errors.ts'
import { readQuery } from '../../core/domain/query-values.ts'
import type { Core } from '../../core/index.ts'
import type { ChatPartner } from '../../core/ports/partner-directory.ts'
import type { ProgramDefinition } from '../../core/programs/definition.ts'
import { sendError } from '../http/errors.ts'
import type { I18n, Language, Translate } from '../i18n/index.ts'
import type { MiniAppAuth, MiniAppUser } from './auth.ts'

/** Who a Mini App call is for, once its initData is checked: the Telegram user and the partner behind them. */
export interface Caller {
  user: MiniAppUser
  partner: ChatPartner
  lang: Language
  t: Translate
}

/** An enrolment the partner can be shown: its program is still defined. */
export interface ShownProgram {
  program: ProgramDefinition
  /** The enrolment's status, or `withdrawn`: an application taken back before approval (it ended, never approved). */
  status: string
  /** The program approved the partner (not applied, declined or withdrawn): links attribute and reports count. */
  approved: boolean
}

const notApproved = new Set(['applied', 'declined', 'withdrawn'])

/** The partner's enrolments whose programs are defined, in the order joined. */
export function shownPrograms(core: Core, partner: ChatPartner): ShownProgram[] {
  return partner.enrolments.flatMap((e) => {
    const program = core.programs.get(e.programKey)
    // an application taken back before approval was never approved: shown as withdrawn, not as an ended agreement
    const withdrawn = e.status === 'terminated' && e.endReason === 'application_withdrawn'
    const status = withdrawn ? 'withdrawn' : e.status
    return program ? [{ program, status, approved: !notApproved.has(status) }] : []
  })
}

/** The service's public base URL for what the Mini App hands out (PUBLIC_URL), by default the request's own origin. */
export const publicBase = (deps: { publicUrl?: string }, req: Request) =>
  (deps.publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '')

/** The caller the auth middleware put on the response (every route after it has one). */
export const callerOf = (res: Response) => res.locals.caller as Caller

/**
 * Checks `Authorization: tma <initData>` (401 when missing, malformed, forged or stale) and finds the partner the
 * initData's Telegram user is (403 when none): the only partner every route after it reads.
 */
export function authenticate(deps: { core: Core; i18n: I18n; auth: MiniAppAuth }) {
  const { core, i18n } = deps
  return async (req: Request, res: Response, next: NextFunction) => {
    const checked = deps.auth.check(req.get('authorization'))
    if (!checked.ok) {
      req.log.info({ why: checked.why }, 'mini app: initData refused')
      const t = i18n.t(i18n.resolveLanguage(checked.languageCode))
      return sendError(res, 401, 'unauthorized', t('miniapp.errors.unauthorized'))
    }
    const partner = await core.partners.byTelegram(BigInt(checked.user.id))
    const lang = i18n.resolveLanguage(partner?.language ?? checked.user.languageCode)
    const t = i18n.t(lang)
    if (!partner) return sendError(res, 403, 'not_a_partner', t('miniapp.errors.not_a_partner'))
    res.locals.caller = { user: checked.user, partner, lang, t } satisfies Caller
    next()
  }
}

/** A refusal of the Mini App's API: its status, code and the key of its words in the caller's language. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: 'invalid_request' | 'not_found' | 'rate_limited',
    readonly words:
      | 'miniapp.errors.invalid_request'
      | 'miniapp.errors.not_found'
      | 'miniapp.errors.no_programs'
      | 'miniapp.errors.rate_limited',
    readonly issues?: { path: string; message: string }[],
  ) {
    super(code)
  }
}

export const notFound = () => new Refusal(404, 'not_found', 'miniapp.errors.not_found')

/**
 * A query, checked strictly: an unknown or malformed parameter is a 400 naming each, and so is one given twice or as
 * a list or object (manyValued), rather than blaming its value ("expected string, received array").
 */
export function queryOf<S extends z.ZodObject>(schema: S, req: Request): z.infer<S> {
  const r = readQuery(schema, req.query)
  if (r.ok) return r.data
  throw new Refusal(400, 'invalid_request', 'miniapp.errors.invalid_request', r.issues)
}

export const programKey = z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be a program key such as jqsee')
export const onlyProgram = z.object({ program: programKey.optional() }).strict()

/**
 * The program a call that names none is about, and the one the page opens on (/me says which): the first the program
 * approved, else the first joined.
 */
export const defaultProgram = (shown: ShownProgram[]): ShownProgram | undefined =>
  shown.find((p) => p.approved) ?? shown[0]

/**
 * The program a call is about: the one `program` names, which must be one of the partner's own (else 404, the same
 * whether it exists or not), or by default `defaultProgram`.
 */
export function programFor(core: Core, caller: Caller, key: string | undefined): ShownProgram {
  const shown = shownPrograms(core, caller.partner)
  if (key === undefined) {
    const first = defaultProgram(shown)
    if (!first) throw new Refusal(404, 'not_found', 'miniapp.errors.no_programs')
    return first
  }
  const found = shown.find((p) => p.program.key === key)
  if (!found) throw notFound()
  return found
}

/**
 * The API's refusals in the caller's words: its own, and core's invalid queries (400, fields named) and unknown
 * records (404, the same words whether they exist for someone else or not at all). Anything else goes on to the
 * service's error handler (logged, a 500 that leaks nothing).
 */
export const refusals: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    // a CSV export failing halfway: the download ends unfinished rather than looking complete
    req.log.error({ err }, 'mini app: response failed after it began')
    res.destroy()
    return
  }
  const caller = res.locals.caller as Caller | undefined
  if (!caller) return next(err)
  if (err instanceof Refusal) return sendError(res, err.status, err.code, caller.t(err.words), err.issues)
  if (isDomainError(err) && err.code === 'performance.invalid') {
    const issues = (err.data as { issues?: { path: string; message: string }[] }).issues
    return sendError(res, 400, 'invalid_request', caller.t('miniapp.errors.invalid_request'), issues)
  }
  if (isDomainError(err) && ERRORS[err.code].kind === 'not_found')
    return sendError(res, 404, 'not_found', caller.t('miniapp.errors.not_found'))
  next(err)
}
