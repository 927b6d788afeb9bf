import { Composer, InputFile } from 'grammy'
import { addDays, addMonths, isoDate, localDate, startOfLocalDate, weekday } from '../../../core/domain/calendar.ts'
import { formatMoney, parseMoney } from '../../../core/domain/money.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import type { Statement } from '../../../core/use-cases/get-statement.ts'
import type { Translate } from '../../i18n/index.ts'
import { reasonText } from '../../shared/reasons.ts'
import { barChartSvg, renderPng } from '../chart.ts'
import type { BotContext } from '../context.ts'
import { amount, longDate, signedMinor } from '../format.ts'

type Balance = Statement['balances'][number]
type Entry = Statement['entries'][number]

/**
 * /earnings: per program and currency what is on hold (until when, and why), held for review, available, in
 * payout, paid, reversed and carried over; the next payout date and what is still missing for it; and a chart of
 * the last 12 weeks (weekly programs) or months.
 */
export const earningsFeature = new Composer<BotContext>()

earningsFeature.chatType('private').command('earnings', async (ctx) => {
  if (!ctx.partner) return ctx.reply(ctx.t('payout.flow.not_partner'))
  const statement = await ctx.core.reports.statement(ctx.partner.partnerId)
  if (!statement.balances.length) return ctx.reply(ctx.t('earnings.nothing_yet'))
  const now = ctx.core.clock.now()
  for (const b of statement.balances) {
    const program = ctx.core.programs.get(b.program)
    if (!program) continue
    const entries = statement.entries.filter((e) => e.program === b.program && e.currency === b.currency)
    const text = balanceText(ctx.t, ctx.lang, program, b, entries, now)
    const bars = chartBars(program, entries, now, ctx.lang)
    if (bars.some((x) => x.value !== 0)) {
      const png = renderPng(
        barChartSvg(ctx.t('earnings.chart_title', { program: program.name, currency: b.currency }), bars),
      )
      await ctx.replyWithPhoto(new InputFile(png, 'earnings.png'), { caption: text.slice(0, 1024) })
    } else {
      await ctx.reply(text)
    }
  }
})

const isZero = (v: string) => /^-?0(\.0+)?$/.test(v)

export function balanceText(
  t: Translate,
  lang: string,
  program: ProgramDefinition,
  b: Balance,
  entries: Entry[],
  now: Date,
): string {
  const m = (v: string) => amount(v, b.currency)
  const date = (d: string | Date) => longDate(d, lang, program.timeZone)
  const lines = [t('earnings.title', { program: program.name, currency: b.currency })]
  lines.push(t('earnings.available', { amount: m(b.available) }))
  if (!isZero(b.pending)) {
    // when pending money becomes available, soonest first
    const byDate = new Map<string, bigint>()
    for (const e of entries) {
      if (e.account !== 'earnings' || new Date(e.effectiveAt) <= now) continue
      const day = isoDate(localDate(new Date(e.effectiveAt), program.timeZone))
      byDate.set(day, (byDate.get(day) ?? 0n) + signedMinor(e.amount, b.currency))
    }
    lines.push(t('earnings.pending', { amount: m(b.pending), why: holdReason(t, program) }))
    const upcoming = [...byDate].filter(([, v]) => v > 0n).sort(([a], [c]) => (a < c ? -1 : 1))
    for (const [day, minor] of upcoming.slice(0, 3)) {
      lines.push(
        t('earnings.release', {
          amount: m(formatMoney({ minor, currency: b.currency })),
          date: date(`${day}T12:00:00Z`),
        }),
      )
    }
  }
  if (!isZero(b.held)) {
    const reasons = [...new Set(entries.filter((e) => e.account === 'held' && e.reason).map((e) => e.reason!))]
    lines.push(
      t('earnings.held', {
        amount: m(b.held),
        reasons: reasons.map((r) => reasonText(t, r)).join(', ') || reasonText(t, 'review'),
      }),
    )
  }
  if (!isZero(b.inPayout)) lines.push(t('earnings.in_payout', { amount: m(b.inPayout) }))
  lines.push(t('earnings.paid', { amount: m(b.paid) }))
  if (!isZero(b.reversed)) lines.push(t('earnings.reversed', { amount: m(b.reversed) }))
  if (!isZero(b.carriedOver)) lines.push(t('earnings.carried_over', { amount: m(b.carriedOver) }))
  const minimum = program.payout.minimum[b.currency]
  const missing = minimum ? parseMoney(minimum, b.currency).minor - signedMinor(b.available, b.currency) : 0n
  if (b.nextPayoutAt) {
    lines.push(t('earnings.next_payout', { date: date(b.nextPayoutAt) }))
  }
  if (minimum && missing > 0n) {
    lines.push(
      t('earnings.missing', { amount: m(formatMoney({ minor: missing, currency: b.currency })), minimum: m(minimum) }),
    )
  }
  if (program.payout.minNewUsersExclusive !== undefined) {
    lines.push(t('earnings.players_needed', { required: program.payout.minNewUsersExclusive + 1 }))
  }
  return lines.join('\n')
}

function holdReason(t: Translate, program: ProgramDefinition): string {
  const c = program.commission
  if (c.type === 'campaigns') return t('earnings.why.verification', { days: c.verificationDays })
  if ((c.type === 'one_time_reward' || c.type === 'payment_share') && c.holdDays > 0) {
    return t('earnings.why.hold', { days: c.holdDays })
  }
  return t('earnings.why.period')
}

/** Earned per week (weekly programs) or month, the last 12, by the date each entry counts from. */
export function chartBars(program: ProgramDefinition, entries: Entry[], now: Date, lang: string) {
  const tz = program.timeZone
  const weekly = program.payout.schedule.type === 'weekly'
  const today = localDate(now, tz)
  const starts: string[] = []
  if (weekly) {
    let monday = today
    while (weekday(monday) !== 1) monday = addDays(monday, -1)
    for (let i = 11; i >= 0; i--) starts.push(isoDate(addDays(monday, -7 * i)))
  } else {
    for (let i = 11; i >= 0; i--) starts.push(isoDate(addMonths({ ...today, day: 1 }, -i)))
  }
  const sums = new Map(starts.map((s) => [s, 0]))
  for (const e of entries) {
    if (e.account === 'payout') continue
    const d = isoDate(localDate(new Date(e.effectiveAt), tz))
    const slot = [...starts].reverse().find((s) => s <= d)
    if (slot && d < isoDate(addDays(today, 1)) && sums.has(slot)) sums.set(slot, sums.get(slot)! + Number(e.amount))
  }
  const label = (s: string) => {
    const d = startOfLocalDate({ year: +s.slice(0, 4), month: +s.slice(5, 7), day: +s.slice(8, 10) }, tz)
    return new Intl.DateTimeFormat(
      lang,
      weekly ? { day: '2-digit', month: '2-digit', timeZone: tz } : { month: 'short', timeZone: tz },
    ).format(d)
  }
  return starts.map((s) => ({ label: label(s), value: Math.round(sums.get(s)! * 100) / 100 }))
}
