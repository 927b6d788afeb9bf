import type { Request, Response, Router } from 'express'
import { z } from 'zod'
import { isoDate, localDate } from '../../core/domain/calendar.ts'
import type { MiniAppApiDeps } from './api.ts'
import { callerOf, onlyProgram, programFor, programKey, queryOf } from './caller.ts'
import { csvHeader, csvRow } from './csv.ts'
import { funnelJson, statementLineJson } from './views.ts'

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
export function reportRoutes(api: Router, deps: MiniAppApiDeps) {
  const { core } = deps
  // the funnel of the last 7 and 30 local days and the 30 days one by one, from core's performance report
  api.get('/overview', async (req, res) => {
    const caller = callerOf(res)
    const { program } = programFor(core, caller, queryOf(onlyProgram, req).program)
    const id = caller.partner.partnerId
    const month = await core.reports.performance(id, { program: program.key, by: 'day', limit: 1 })
    const from = datesUpTo(month.to, WEEK)[0]!
    const week = await core.reports.performance(id, { program: program.key, from, to: month.to, by: 'month', limit: 1 })
    const byDay = new Map(month.rows.map((r) => [r.key, r]))
    res.json({
      program: program.key,
      timeZone: program.timeZone,
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
  api.get('/statement.csv', async (req, res) => {
    const caller = callerOf(res)
    const { program: key, ...filters } = queryOf(statementFilters, req)
    const { program } = programFor(core, caller, key)
    const query = { program: program.key, ...filters, limit: CSV_PAGE }
    let page = await core.reports.commissionStatement(caller.partner.partnerId, query)
    res
      .type('text/csv; charset=utf-8')
      .set('content-disposition', `attachment; filename="${program.key}-statement-${page.from}-${page.to}.csv"`)
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
  })
}
