import type { Request, Response, Router } from 'express'
import { z } from 'zod'
import { isoDate, localDate } from '../../core/domain/calendar.ts'
import { sendError } from '../http/errors.ts'
import { endedAnyAmount, payoutShortfalls } from '../shared/payout-outlook.ts'
import type { MiniAppRouteDeps } from './api.ts'
import { type Caller, callerOf, onlyProgram, programFor, programKey, publicBase, queryOf } from './caller.ts'
import { csvHeader, csvRow } from './csv.ts'
import { heavyLimited } from './rate-limit.ts'
import { balanceJson, funnelJson, statementLineJson, suspensionJson } from './views.ts'

/** The statement's filters; core checks their values (dates, status, currency, cursor, limit). */
const statementFilters = z
  .object({
    program: programKey.optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    status: z.string().optional(),
    currency: z.string().optional(),
  })
  .strict()
const statementQuery = statementFilters.extend({ cursor: z.string().optional(), limit: z.string().optional() }).strict()

/** The last `days` local dates up to `to` (YYYY-MM-DD), oldest first. */
function datesUpTo(to: string, days: number): string[] {
  const end = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10))
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10))
}

/** Days of the overview's short and long funnel, and of its chart. */
const WEEK = 7
const MONTH = 30
/** Commission lines a CSV export reads at a time. */
const CSV_PAGE = 200

/** The overview, the statement and its CSV: core's performance report and commission statement, the caller's own. */
export function reportRoutes(api: Router, deps: MiniAppRouteDeps) {
  const { core } = deps
  const heavy = heavyLimited(deps.limit)
  // the funnel of the last 7 and 30 local days and the 30 days one by one, from core's performance report
  api.get('/overview', async (req, res) => {
    const caller = callerOf(res)
    const { program } = programFor(core, caller, queryOf(onlyProgram, req).program)
    const id = caller.partner.partnerId
    const month = await core.reports.performance(id, { program: program.key, by: 'day', limit: 1 })
    const from = datesUpTo(month.to, WEEK)[0]!
    const week = await core.reports.performance(id, { program: program.key, from, to: month.to, by: 'month', limit: 1 })
    const byDay = new Map(month.rows.map((r) => [r.key, r]))
    const codes = (await core.partners.codes(id)).filter((c) => c.programKey === program.key)
    const allSuspended = codes.length > 0 && codes.every((c) => c.status === 'suspended')
    const why = allSuspended ? await suspensionJson(core, caller, program.key, codes) : null
    res.json({
      program: program.key,
      timeZone: program.timeZone,
      /**
       * Every link and code of the partner's in the program suspended: how many, whether all are promo codes, and the
       * sanction's reason (in the partner's words) and end (ISO) when a sanction suspended them, else null.
       */
      suspended: allSuspended
        ? {
            count: codes.length,
            codes: codes.every((c) => c.kind === 'promo'),
            reason: why?.reason ?? null,
            endsAt: why?.endsAt ?? null,
          }
        : null,
      last7: funnelJson(week.totals),
      last30: funnelJson(month.totals),
      days: datesUpTo(month.to, MONTH).map((date) => {
        const r = byDay.get(date)
        return {
          date,
          clicks: r?.clicks ?? 0,
          uniqueClicks: r?.uniqueClicks ?? 0,
          signups: r?.signups ?? 0,
          firstPayments: r?.firstPayments ?? 0,
          commissions: r?.commissions ?? [],
        }
      }),
    })
  })

  // the balance in the program now, per currency: what /earnings says, and what the lines' statuses alone cannot
  // (money already asked for in a payout is still `available` on its lines)
  api.get('/balance', async (req, res) => {
    const caller = callerOf(res)
    const { program } = programFor(core, caller, queryOf(onlyProgram, req).program)
    const views = (await core.reports.earnings(caller.partner.partnerId)).filter((v) => v.program === program.key)
    res.json({
      program: program.key,
      balances: views.map((v) =>
        balanceJson(
          v,
          payoutShortfalls(caller.t, caller.lang, v, {
            endedAnyAmount: endedAnyAmount(core.programs, caller.partner, v.program),
            inApp: true,
          }),
        ),
      ),
    })
  })

  // the commission lines of a period, by status and currency, a page at a time
  api.get('/statement', async (req, res) => {
    const caller = callerOf(res)
    const { program: key, ...filters } = queryOf(statementQuery, req)
    const { program } = programFor(core, caller, key)
    const s = await core.reports.commissionStatement(caller.partner.partnerId, { program: program.key, ...filters })
    res.json({
      program: s.program,
      timeZone: s.timeZone,
      from: s.from,
      to: s.to,
      lines: s.lines.map((l) => statementLineJson(program, l, caller.lang)),
      nextCursor: s.nextCursor,
      statuses: s.statuses,
      currencies: s.currencies,
    })
  })

  // the same lines as CSV: every line of the filter, read a page at a time and written as it comes
  api.get('/statement.csv', heavy, async (req, res) => {
    const caller = callerOf(res)
    const { program: key, ...filters } = queryOf(statementFilters, req)
    await writeStatementCsv(res, deps, caller, key, filters)
  })

  // a URL for the same CSV that Telegram's download dialog can fetch without the Authorization header: the filters
  // checked now (a bad one is refused here, not in a download), a ticket for this user and these filters
  api.get('/statement.csv/link', heavy, async (req, res) => {
    const caller = callerOf(res)
    const { program: key, ...filters } = queryOf(statementFilters, req)
    const { program } = programFor(core, caller, key)
    const s = await core.reports.commissionStatement(caller.partner.partnerId, {
      program: program.key,
      ...filters,
      limit: 1,
    })
    const what = downloadWhat({ ...filters, program: program.key })
    const { ticket, expires } = deps.auth.ticket(caller.user.id, what)
    res.json({
      url: `${publicBase(deps, req)}/app/api/download/${what}&ticket=${ticket}`,
      fileName: csvName(program.key, s.from, s.to),
      expiresAt: expires.toISOString(),
    })
  })
}

/** The CSV's file name. */
const csvName = (program: string, from: string, to: string) => `${program}-statement-${from}-${to}.csv`

/** What a download ticket is for: the CSV and its filters, in one order whatever order the URL gave them. */
function downloadWhat(filters: z.infer<typeof statementFilters>): string {
  const params = new URLSearchParams()
  for (const k of Object.keys(filters).sort()) {
    const v = filters[k as keyof typeof filters]
    if (v !== undefined) params.set(k, v)
  }
  return `statement.csv?${params}`
}

/** Every commission line of the filter as CSV, read a page at a time and written as it comes. */
async function writeStatementCsv(
  res: Response,
  deps: MiniAppRouteDeps,
  caller: Caller,
  key: string | undefined,
  filters: Omit<z.infer<typeof statementFilters>, 'program'>,
) {
  const { core } = deps
  const { program } = programFor(core, caller, key)
  const query = { program: program.key, ...filters, limit: CSV_PAGE }
  let page = await core.reports.commissionStatement(caller.partner.partnerId, query)
  res
    .type('text/csv; charset=utf-8')
    .set('content-disposition', `attachment; filename="${csvName(program.key, page.from, page.to)}"`)
  res.write(csvHeader())
  for (;;) {
    for (const l of page.lines) {
      const line = statementLineJson(program, l, caller.lang)
      const holdUntil = line.holdUntil && isoDate(localDate(new Date(line.holdUntil), program.timeZone))
      res.write(csvRow(line, holdUntil))
    }
    if (!page.nextCursor) break
    page = await core.reports.commissionStatement(caller.partner.partnerId, { ...query, cursor: page.nextCursor })
  }
  res.end()
}

/**
 * GET /app/api/download/statement.csv?<filters>&ticket=: the CSV for the holder of a ticket that
 * /statement.csv/link issued (Telegram's download dialog), without the Authorization header. The ticket names the
 * Telegram user and the exact filters; the partner is looked up again now (one who has since left gets nothing).
 * Mounted before the initData check. A missing, altered, expired or other filters' ticket is a 401, in the
 * language the client asks for.
 */
export function downloadRoutes(api: Router, deps: MiniAppRouteDeps) {
  const { core, i18n } = deps
  api.get('/download/statement.csv', async (req: Request, res: Response) => {
    const { ticket, ...query } = req.query
    const filters = statementFilters.safeParse(query)
    const checked =
      filters.success && typeof ticket === 'string'
        ? deps.auth.checkTicket(ticket, downloadWhat(filters.data))
        : ({ ok: false } as const)
    const asked = i18n.t(i18n.resolveLanguage(req.acceptsLanguages()[0]))
    if (!checked.ok || !filters.success) {
      req.log.info('mini app: download ticket refused')
      return sendError(res, 401, 'unauthorized', asked('miniapp.errors.unauthorized'))
    }
    const partner = await core.partners.byTelegram(BigInt(checked.userId))
    if (!partner) return sendError(res, 403, 'not_a_partner', asked('miniapp.errors.not_a_partner'))
    const lang = i18n.resolveLanguage(partner.language)
    // the same allowances as the initData's calls to the CSV: the ticket names the Telegram user
    const wait = await deps.limit(checked.userId, ['calls', 'heavy'])
    if (wait) {
      res.set('retry-after', String(wait))
      return sendError(res, 429, 'rate_limited', i18n.t(lang)('miniapp.errors.rate_limited'))
    }
    const caller: Caller = {
      user: { id: checked.userId, firstName: partner.name ?? '' },
      partner,
      lang,
      t: i18n.t(lang),
    }
    res.locals.caller = caller
    const { program: key, ...rest } = filters.data
    await writeStatementCsv(res, deps, caller, key, rest)
  })
}
