import { Router } from 'express'
import type { Core } from '../../core/index.ts'
import { programName } from '../../core/programs/names.ts'
import { allowedMethods } from '../http/allowed-methods.ts'
import type { I18n } from '../i18n/index.ts'
import type { MiniAppAuth } from './auth.ts'
import { authenticate, callerOf, defaultProgram, notFound, refusals, shownPrograms } from './caller.ts'
import { historyRoutes } from './history-routes.ts'
import { linkRoutes } from './link-routes.ts'
import { localLimit, type MiniAppLimit, rateLimited } from './rate-limit.ts'
import { downloadRoutes, reportRoutes } from './report-routes.ts'

export interface MiniAppApiDeps {
  core: Core
  i18n: I18n
  auth: MiniAppAuth
  /** Base URL of referral links (PUBLIC_URL); by default the request's own origin. */
  publicUrl?: string
  /** Each Telegram user's allowance of calls (rate-limit.ts); by default 120 a minute, in this process. */
  limit?: MiniAppLimit
}

/** What the routes get: the deps with the allowance settled. */
export type MiniAppRouteDeps = MiniAppApiDeps & { limit: MiniAppLimit }

/**
 * /app/api: the Mini App's data (contract section 7 and the Mini App contract). Every call carries
 * `Authorization: tma <initData>`, checked by MiniAppAuth; the partner is the one whose Telegram id the initData
 * names, and nothing any parameter says can make it another: every read below is of `caller.partner`'s own records
 * (core's reports read only that partner's enrolment; codes, payouts and disputes are the partner's own lists).
 * Answers are never cached (`cache-control: no-store`); no cookies are read or set.
 */
export function miniAppApi(options: MiniAppApiDeps): Router {
  const deps: MiniAppRouteDeps = { ...options, limit: options.limit ?? localLimit(120) }
  const { core } = deps
  const api = Router()
  api.use((_req, res, next) => {
    res.set('cache-control', 'no-store')
    next()
  })
  // Telegram's download dialog brings a ticket instead of the initData (report-routes.ts)
  downloadRoutes(api, deps)
  api.use(authenticate(deps))
  // per Telegram user, once known: a partner's flood cannot starve the others (the QR and CSV routes take their
  // stricter allowance themselves, heavyLimited)
  api.use(rateLimited(deps.limit))

  api.get('/me', (_req, res) => {
    const { partner, lang, user } = callerOf(res)
    const shown = shownPrograms(core, partner)
    res.json({
      partnerId: partner.partnerId,
      name: partner.name ?? user.firstName,
      language: lang,
      // the program every route answers for when none is named: the page opens on it, not on the first joined
      defaultProgram: defaultProgram(shown)?.program.key,
      programs: shown.map(({ program, status, approved }) => ({
        key: program.key,
        name: programName(program, lang),
        status,
        timeZone: program.timeZone,
        currencies: program.currencies,
        /** How partners are found: referral links, promo codes only (no clicks to count), or a link per campaign. */
        attribution: program.attribution.codes,
        /** What it pays is a one-time reward per client (worksection-referral): worded "reward", not "commission". */
        reward: program.commission.type === 'one_time_reward',
        approved,
      })),
    })
  })

  reportRoutes(api, deps)
  linkRoutes(api, deps)
  historyRoutes(api, deps)
  // an unknown /app/api path is the API's 404 in the caller's language; a known one asked with another method is
  // left to the service's 405, which names the methods it has (Allow)
  api.use((req, _res, next) => {
    if (allowedMethods(req.baseUrl + req.path)) return next('router')
    throw notFound()
  })
  api.use(refusals)
  return api
}
