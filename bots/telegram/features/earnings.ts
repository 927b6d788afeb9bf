import { Composer, InlineKeyboard, InputFile } from 'grammy'
import { startOfLocalDate } from '../../../core/domain/calendar.ts'
import { programName } from '../../../core/programs/names.ts'
import type { EarningsView, PendingWhy } from '../../../core/use-cases/earnings-view.ts'
import { amountNumber, minorText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { endedLinkKey } from '../../shared/ending-text.ts'
import { endedAnyAmount, payoutShortfalls } from '../../shared/payout-outlook.ts'
import { reasonText } from '../../shared/reasons.ts'
import { CALLBACKS } from '../callbacks.ts'
import { barChartSvg, renderPng } from '../chart.ts'
import type { BotContext } from '../context.ts'
import { longDate } from '../format.ts'
import { withDashboardButton } from '../mini-app.ts'

/**
 * /earnings: core's view of each program and currency (earnings-view.ts) as a message, with a chart of the last
 * 12 weeks (weekly programs) or months when anything was earned. Every figure comes from core; this only formats.
 */
export const earningsFeature = new Composer<BotContext>()

earningsFeature.chatType('private').command('earnings', async (ctx) => {
  if (!ctx.partner) return ctx.reply(ctx.t('start.not_partner'))
  const views = await ctx.core.reports.earnings(ctx.partner.partnerId)
  // under the last program's balance (or the word that nothing is earned yet): the clicks to sales (/stats), and the
  // dashboard (the Mini App) on its earnings tab
  const more = withDashboardButton(
    ctx,
    new InlineKeyboard().text(ctx.t('stats.button'), CALLBACKS.performance.encode(true)),
    'earnings',
  )
  const applications = applicationLines(ctx)
  if (!views.length) return ctx.reply(noEarningsText(ctx, applications), { reply_markup: more })
  for (const [i, v] of views.entries()) {
    const last = i === views.length - 1
    // an agreement that ended pays what is left on request, below the minimum too where its terms say so
    const balance = balanceText(ctx.t, ctx.lang, v, endedAnyAmount(ctx.core.programs, ctx.partner, v.program))
    // the applications the company has not approved, under the last balance: they earn nothing yet
    const text = last ? [balance, ...applications].join('\n\n') : balance
    const reply_markup = last ? more : undefined
    if (v.chart.bars.some((b) => b.minor !== 0n)) {
      const title = ctx.t('earnings.chart_title', {
        program: programName(v.programNames, ctx.lang),
        currency: v.currency,
      })
      const bars = v.chart.bars.map((b) => ({ label: barLabel(v, b.start, ctx.lang), minor: b.minor }))
      const png = renderPng(
        barChartSvg(title, bars, (minor) => amountNumber(ctx.lang, { minor, currency: v.currency })),
      )
      if (text.length <= CAPTION_MAX)
        await ctx.replyWithPhoto(new InputFile(png, 'earnings.png'), { caption: text, reply_markup })
      else {
        // more than a caption holds (many lines on hold, a payout under review...): the chart, then all of the text
        await ctx.replyWithPhoto(new InputFile(png, 'earnings.png'))
        await ctx.reply(text, { reply_markup })
      }
    } else {
      await ctx.reply(text, { reply_markup })
    }
  }
})

/** Enrolments whose links earn nothing: an application not approved, or an agreement that has ended. */
const NOT_EARNING = new Set(['applied', 'declined', 'terminated'])

/**
 * A line for each application the company has not approved (contract section 7: the bot says it is pending), as
 * /link and /payout say it: waiting, or declined.
 */
function applicationLines(ctx: BotContext): string[] {
  return (ctx.partner?.enrolments ?? []).flatMap((e) => {
    const program = programName(ctx.core.programs.get(e.programKey), ctx.lang, e.programKey)
    if (e.status === 'applied') return [ctx.t('applications.pending_earnings', { program })]
    if (e.status === 'declined') return [ctx.t('applications.declined', { program })]
    return []
  })
}

/**
 * Nothing earned anywhere: with a program whose links earn, the invitation to share them, and beneath it the
 * applications; otherwise each agreement that has ended says so, as /link does (its links no longer earn), with the
 * applications; with applications only, they alone (no links to share), and with declined ones only, the way on
 * (/start lists the programs the partner can still join).
 */
function noEarningsText(ctx: BotContext, applications: string[]): string {
  const enrolments = ctx.partner?.enrolments ?? []
  if (!enrolments.length || enrolments.some((e) => !NOT_EARNING.has(e.status)))
    return [ctx.t('earnings.nothing_yet'), ...applications].join('\n\n')
  const ended = enrolments
    .filter((e) => e.status === 'terminated')
    .map((e) =>
      ctx.t(endedLinkKey(e), { program: programName(ctx.core.programs.get(e.programKey), ctx.lang, e.programKey) }),
    )
  const lines = [...ended, ...applications]
  if (ended.length || enrolments.some((e) => e.status === 'applied')) return lines.join('\n\n')
  return [...lines, ctx.t('start.not_partner')].join('\n\n')
}

/** What Telegram shows of a photo's caption. */
const CAPTION_MAX = 1024

function balanceText(t: Translate, lang: string, v: EarningsView, endedAnyAmount = false): string {
  const m = (minor: bigint) => minorText(lang, { minor, currency: v.currency })
  const date = (d: string) => longDate(d, lang, v.timeZone)
  const lines = [t('earnings.title', { program: programName(v.programNames, lang), currency: v.currency })]
  lines.push(t('earnings.available', { amount: m(v.availableMinor) }))
  if (v.pendingMinor !== 0n) {
    lines.push(t('earnings.pending', { amount: m(v.pendingMinor), why: pendingWhy(t, v.pendingWhy) }))
    // a local date already: written as that date (in UTC, where its midday is that day), never moved by the program's
    // zone (noon UTC is the next day in Auckland)
    for (const r of v.releases)
      lines.push(t('earnings.release', { amount: m(r.minor), date: longDate(`${r.date}T12:00:00Z`, lang, 'UTC') }))
  }
  if (v.heldMinor !== 0n) {
    const reasons = v.heldReasons.map((r) => reasonText(t, r)).join(', ') || reasonText(t, 'review')
    lines.push(t('earnings.held', { amount: m(v.heldMinor), reasons }))
  }
  // payouts a review holds: their money is in payout, but no date is theirs until the review ends
  const reviewMinor = v.inReview.minor
  if (v.inPayoutMinor - reviewMinor !== 0n) lines.push(...inPayoutLines(t, lang, v, v.inPayoutMinor - reviewMinor))
  if (reviewMinor !== 0n) {
    const reasons = [...new Set(v.inReview.reasons.map((r) => reasonText(t, r)))].join(', ')
    lines.push(t('earnings.payout_review', { amount: m(reviewMinor), reasons }))
  }
  lines.push(t('earnings.paid', { amount: m(v.paidMinor) }))
  if (v.reversedMinor !== 0n) {
    const reasons = v.reversedReasons.map((r) => reasonText(t, r)).join(', ')
    lines.push(
      reasons
        ? t('earnings.reversed_why', { amount: m(v.reversedMinor), reasons })
        : t('earnings.reversed', { amount: m(v.reversedMinor) }),
    )
  }
  for (const a of v.adjustments)
    lines.push(
      t(a.minor > 0n ? 'adjustments.earnings.bonus' : 'adjustments.earnings.penalty', {
        amount: m(a.minor < 0n ? -a.minor : a.minor),
        date: date(a.at),
        reason: reasonText(t, a.reason),
      }),
    )
  if (v.carriedOverMinor !== 0n) lines.push(t('earnings.carried_over', { amount: m(v.carriedOverMinor) }))
  if (endedAnyAmount) {
    if (v.availableMinor > 0n) lines.push(t('earnings.ended_any_amount'))
  } else if (v.payoutsPaused) {
    // the program's team has paused its payouts: no date is promised
    lines.push(t('payops.notify.paused', { program: programName(v.programNames, lang) }))
  } else {
    // the pay date the partner is paid on: a moved date, the next one once today's batch is built
    // a program that pays on request promises nothing unasked: the date is what a request made now is paid by
    if (v.nextPayoutAt)
      lines.push(
        t(v.payoutOnRequest ? 'earnings.next_payout_on_request' : 'earnings.next_payout', {
          date: date(v.nextPayoutAt),
        }),
      )
  }
  lines.push(...payoutShortfalls(t, lang, v, { endedAnyAmount }))
  return lines.join('\n')
}

/**
 * The money on its way and when it is expected (the date /payout and the notices promised, in the program's zone):
 * one date on the line itself, several as a line each. No date while the program's team has paused payouts. A date
 * that has passed is marked late, and a line says the payout is still being processed and how to raise it (/dispute).
 */
function inPayoutLines(t: Translate, lang: string, v: EarningsView, minor: bigint): string[] {
  const m = (x: bigint) => minorText(lang, { minor: x, currency: v.currency })
  const date = (d: string) => longDate(d, lang, v.timeZone)
  const dates = v.payoutsPaused ? [] : v.payoutDates
  const only = dates.length === 1 && dates[0]!.minor === minor ? dates[0] : undefined
  // a date that has passed with the money still on its way: said late, then what the partner can do about it
  const help = dates.some((d) => d.late) ? [t('earnings.in_payout_late_help')] : []
  if (only) {
    const key = only.late ? 'earnings.in_payout_on_late' : 'earnings.in_payout_on'
    return [t(key, { amount: m(minor), date: date(only.date) }), ...help]
  }
  return [
    t('earnings.in_payout', { amount: m(minor) }),
    ...dates.map((d) =>
      t(d.late ? 'earnings.in_payout_date_late' : 'earnings.in_payout_date', {
        amount: m(d.minor),
        date: date(d.date),
      }),
    ),
    ...help,
  ]
}

function pendingWhy(t: Translate, why: PendingWhy): string {
  if (why.kind === 'verification') return t('earnings.why.verification', { count: why.days })
  if (why.kind === 'hold') return t('earnings.why.hold', { count: why.days })
  return t('earnings.why.period')
}

/** A bar's period as the reader says it: day and month of a week's Monday, or the month's short name. */
function barLabel(v: EarningsView, start: string, lang: string) {
  const tz = v.timeZone
  const d = startOfLocalDate({ year: +start.slice(0, 4), month: +start.slice(5, 7), day: +start.slice(8, 10) }, tz)
  return new Intl.DateTimeFormat(
    lang,
    v.chart.weekly ? { day: '2-digit', month: '2-digit', timeZone: tz } : { month: 'short', timeZone: tz },
  ).format(d)
}
