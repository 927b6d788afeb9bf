import { Composer, InlineKeyboard, InputFile } from 'grammy'
import { addDays, isoDate } from '../../../core/domain/calendar.ts'
import { cutText } from '../../../core/domain/text.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PerformanceReport } from '../../../core/use-cases/performance-report.ts'
import { amountText, dayRange, longDate, percentText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { singleOr } from '../../i18n/single.ts'
import { endedLinkKey } from '../../shared/ending-text.ts'
import { reasonText } from '../../shared/reasons.ts'
import { accountBlock, blockLines, codeSuspension } from '../../shared/suspension.ts'
import { CALLBACKS, onCallback } from '../callbacks.ts'
import { groupedBarChartSvg, renderPng } from '../chart.ts'
import type { BotContext } from '../context.ts'

/** Days of the short and the long funnel, and of the chart. */
const WEEK = 7
const MONTH = 30

/**
 * /stats: for each program the partner is in, the funnel of the last 7 and 30 days (clicks, unique clicks, sign-ups,
 * first payments, their rates, the commissions per currency) and a chart of the last 30 days by day, all from core's
 * performance report (the program's time zone). Several programs: a picker first. Nothing yet: how to share the link.
 */
export const statsFeature = new Composer<BotContext>()

statsFeature.chatType('private').command('stats', (ctx) => answerStats(ctx))
onCallback(statsFeature, CALLBACKS.performance, async (ctx) => {
  await ctx.answerCallbackQuery()
  await answerStats(ctx)
})
onCallback(statsFeature, CALLBACKS.stats, async (ctx, { program }) => {
  if (!ctx.partner) return ctx.answerCallbackQuery({ text: ctx.t('start.not_partner'), show_alert: true })
  if (!statsPrograms(ctx).includes(program)) {
    ctx.log.warn({ program }, 'telegram: stats of a program not the partner’s')
    return ctx.answerCallbackQuery({ text: ctx.t('stats.not_yours'), show_alert: true })
  }
  await ctx.answerCallbackQuery()
  await sendStats(ctx, program)
})

/** The programs whose performance the partner can see: every enrolment the program approved (not applied or declined). */
function statsPrograms(ctx: BotContext): string[] {
  return (ctx.partner?.enrolments ?? [])
    .filter((e) => e.status !== 'applied' && e.status !== 'declined' && ctx.core.programs.get(e.programKey))
    .map((e) => e.programKey)
}

/**
 * Why there is nothing to show: each application waiting for the company, or declined; with only declined ones, the
 * way on (/start lists the programs the partner can still join).
 */
function noStatsText(ctx: BotContext): string {
  const enrolments = ctx.partner?.enrolments ?? []
  const name = (key: string) => programName(ctx.core.programs.get(key), ctx.lang, key)
  const lines = enrolments.flatMap((e) =>
    e.status === 'applied'
      ? [ctx.t('applications.pending', { program: name(e.programKey) })]
      : e.status === 'declined'
        ? [ctx.t('applications.declined', { program: name(e.programKey) })]
        : [],
  )
  if (!lines.length) return ctx.t('stats.no_programs')
  if (!enrolments.some((e) => e.status === 'applied')) lines.push(ctx.t('start.not_partner'))
  return lines.join('\n\n')
}

async function answerStats(ctx: BotContext) {
  if (!ctx.partner) return ctx.reply(ctx.t('start.not_partner'))
  const programs = statsPrograms(ctx)
  if (!programs.length) return ctx.reply(noStatsText(ctx))
  if (programs.length === 1) return sendStats(ctx, programs[0]!)
  const keyboard = new InlineKeyboard()
  for (const key of programs)
    keyboard
      .text(programName(ctx.core.programs.get(key), ctx.lang, key), CALLBACKS.stats.encode({ program: key }))
      .row()
  await ctx.reply(ctx.t('stats.choose'), { reply_markup: keyboard })
}

async function sendStats(ctx: BotContext, programKey: string) {
  const partnerId = ctx.partner!.partnerId
  const name = programName(ctx.core.programs.get(programKey), ctx.lang, programKey)
  // the last 30 local days by day (the report's default period), then the last 7 of them
  const month = await ctx.core.reports.performance(partnerId, { program: programKey, by: 'day', limit: 1 })
  const to = parseDay(month.to)
  const week = await ctx.core.reports.performance(partnerId, {
    program: programKey,
    from: isoDate(addDays(to, 1 - WEEK)),
    to: month.to,
    by: 'month',
    limit: 1,
  })
  const definition = ctx.core.programs.get(programKey)
  const promoOnly = definition?.attribution.codes === 'promo'
  const words = { promoOnly, reward: definition?.commission.type === 'one_time_reward' }
  const t = month.totals
  if (!t.clicks && !t.signups && !t.firstPayments && !t.commissions.length) {
    // a partner whose links record nothing now (an agreement ended, an account blocked, a disqualification) is not
    // invited to share them: it is told why, as /link tells an ended agreement
    const mine = ctx.partner!.enrolments.find((e) => e.programKey === programKey)
    const status = mine?.status
    if (mine && status === 'terminated') return ctx.reply(ctx.t(endedLinkKey(mine), { program: name }))
    if (status === 'disqualified') return ctx.reply(ctx.t('stats.disqualified', { program: name }))
    // blocked: the block's end and reason too, as the notice named them
    if (status === 'blocked') {
      const block = accountBlock(await ctx.core.sanctions.active(partnerId, programKey))
      const lines = blockLines(ctx.t, ctx.lang, block, definition?.timeZone ?? 'UTC')
      return ctx.reply([ctx.t('stats.blocked', { program: name }), ...lines].join('\n'))
    }
    // every link and code of the program suspended: they earn nothing until reinstated, so sharing them is no advice
    const codes = (await ctx.core.partners.codes(partnerId)).filter((c) => c.programKey === programKey)
    if (codes.length && codes.every((c) => c.status === 'suspended')) {
      // suspended by a sanction: its reason, and its end when it has one (as the notice named them); not when the desk
      // suspended one of them on its own (that one stays suspended after the sanction)
      const bySanction = codes.every((c) => c.suspendedBy === 'sanction')
      const why = bySanction ? codeSuspension(await ctx.core.sanctions.active(partnerId, programKey)) : null
      const what = codes.every((c) => c.kind === 'promo') ? 'codes' : 'links'
      const date = why?.endsAt && longDate(why.endsAt, ctx.lang, definition?.timeZone ?? 'UTC')
      // "your promo code" for one, "your promo codes" for any other number (21 too: not a plural's `one` form)
      const lines = [
        date
          ? ctx.t(singleOr(`stats.suspended_${what}_until`, codes.length), { program: name, date })
          : ctx.t(singleOr(`stats.suspended_${what}`, codes.length), { program: name }),
      ]
      if (why) lines.push(ctx.t('stats.suspended_reason', { reason: reasonText(ctx.t, why.reason) }))
      return ctx.reply(lines.join('\n'))
    }
    // a program of promo codes alone has no link and no clicks: the partner is asked to share the code
    return ctx.reply(ctx.t(promoOnly ? 'stats.no_activity_codes' : 'stats.no_clicks', { program: name, count: MONTH }))
  }
  const text = [
    ctx.t('stats.title', { program: name }),
    '',
    ...funnel(ctx.t, ctx.lang, week, WEEK, words),
    '',
    ...funnel(ctx.t, ctx.lang, month, MONTH, words),
  ].join('\n')
  const days = Array.from({ length: MONTH }, (_, i) => isoDate(addDays(to, i + 1 - MONTH)))
  const byDay = new Map(month.rows.map((r) => [r.key, r]))
  const series = [
    { key: 'clicks' as const, color: '#3b82c4', of: (d: string) => byDay.get(d)?.clicks ?? 0 },
    { key: 'signups' as const, color: '#f0a030', of: (d: string) => byDay.get(d)?.signups ?? 0 },
    { key: 'first_payments' as const, color: '#2e9e5b', of: (d: string) => byDay.get(d)?.firstPayments ?? 0 },
  ].filter((x) => !promoOnly || x.key !== 'clicks')
  const png = renderPng(
    groupedBarChartSvg(
      ctx.t('stats.chart_title', { program: name, count: MONTH }),
      // every fifth day labelled, counting back from today
      days.map((d, i) => ((MONTH - 1 - i) % 5 === 0 ? shortDate(ctx.lang, d) : '')),
      series.map((s) => ({ name: ctx.t(`stats.legend.${s.key}`), color: s.color, values: days.map(s.of) })),
      (n) => new Intl.NumberFormat(ctx.lang, { maximumFractionDigits: 0 }).format(n),
    ),
  )
  await ctx.replyWithPhoto(new InputFile(png, 'stats.png'), { caption: cutText(text, 1024) })
  // a funnel longer than a caption (many currencies) is sent whole after the chart
  if (text.length > 1024) await ctx.reply(text)
}

/** One period's funnel: its dates, clicks to first payments with their rates, the commissions per currency. */
function funnel(
  t: Translate,
  lang: string,
  r: PerformanceReport,
  days: number,
  { promoOnly, reward }: { promoOnly: boolean; reward: boolean },
): string[] {
  const c = r.totals
  const rate = (p: string) => percentText(lang, Number(p.replace('.', '')))
  return [
    t('stats.period', { count: days, range: dayRange(lang, r.from, r.to) }),
    // a program of promo codes alone has no clicks: its funnel starts at the sign-ups, as the dashboard's does
    ...(promoOnly
      ? [t('stats.signups_only', { signups: num(lang, c.signups) })]
      : [
          t('stats.clicks', { clicks: num(lang, c.clicks), unique: num(lang, c.uniqueClicks) }),
          // a rate of nothing (no unique clicks, no sign-ups) is no rate: the count alone, not a dash in the sentence
          c.signupRate === null
            ? t('stats.signups_only', { signups: num(lang, c.signups) })
            : t('stats.signups', { signups: num(lang, c.signups), rate: rate(c.signupRate) }),
        ]),
    c.firstPaymentRate === null
      ? t('stats.first_payments_only', { payments: num(lang, c.firstPayments) })
      : t('stats.first_payments', { payments: num(lang, c.firstPayments), rate: rate(c.firstPaymentRate) }),
    // a one-time reward per client (worksection-referral) is a reward, not a commission
    c.commissions.length
      ? t(reward ? 'stats.rewards' : 'stats.commissions', {
          amounts: c.commissions.map((m) => amountText(lang, m.amount, m.currency)).join(', '),
        })
      : t(reward ? 'stats.no_rewards' : 'stats.no_commissions'),
  ]
}

const num = (lang: string, n: number) => new Intl.NumberFormat(lang).format(n)

const parseDay = (s: string) => ({ year: +s.slice(0, 4), month: +s.slice(5, 7), day: +s.slice(8, 10) })

/** A local date (YYYY-MM-DD) as day and month in the reader's language; read at its midday UTC, so it stays that day. */
const shortDate = (lang: string, day: string) =>
  new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  )
