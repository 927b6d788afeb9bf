import { type NextFunction, type Request, type Response, Router } from 'express'
import type { Core } from '../../core/index.ts'
import type { ChatPartner } from '../../core/ports/partner-directory.ts'
import type { ProgramDefinition } from '../../core/programs/definition.ts'
import { sendError } from '../http/errors.ts'
import type { I18n, Language, Translate } from '../i18n/index.ts'
import type { MiniAppAuth, MiniAppUser } from './auth.ts'

export interface MiniAppApiDeps {
  core: Core
  i18n: I18n
  auth: MiniAppAuth
}

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
  status: string
  /** The program approved the partner (not applied, not declined): links attribute and reports count. */
  approved: boolean
}

const notApproved = new Set(['applied', 'declined'])

/** The partner's enrolments whose programs are defined, in the order joined. */
export function shownPrograms(core: Core, partner: ChatPartner): ShownProgram[] {
  return partner.enrolments.flatMap((e) => {
    const program = core.programs.get(e.programKey)
    return program ? [{ program, status: e.status, approved: !notApproved.has(e.status) }] : []
  })
}

/** The caller the auth middleware put on the response (every route after it has one). */
export const callerOf = (res: Response) => res.locals.caller as Caller

/**
 * /app/api: the Mini App's data (contract section 7 and the Mini App contract). Every call carries
 * `Authorization: tma <initData>`, checked by MiniAppAuth; the partner is the one whose Telegram id the initData
 * names, and nothing any parameter says can make it another: every read below is of `caller.partner`'s own records.
 * Answers are never cached (`cache-control: no-store`); no cookies are read or set.
 */
export function miniAppApi(deps: MiniAppApiDeps): Router {
  const { core, i18n } = deps
  const api = Router()
  api.use((_req, res, next) => {
    res.set('cache-control', 'no-store')
    next()
  })
  api.use(async (req: Request, res: Response, next: NextFunction) => {
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
  })

  api.get('/me', (_req, res) => {
    const { partner, lang, user } = callerOf(res)
    res.json({
      partnerId: partner.partnerId,
      name: partner.name ?? user.firstName,
      language: lang,
      programs: shownPrograms(core, partner).map(({ program, status, approved }) => ({
        key: program.key,
        name: program.name,
        status,
        timeZone: program.timeZone,
        currencies: program.currencies,
        approved,
      })),
    })
  })

  // an unknown /app/api path is the API's 404 in the caller's language
  api.use((_req, res) => {
    sendError(res, 404, 'not_found', callerOf(res).t('miniapp.errors.not_found'))
  })
  return api
}
