import { singleOr } from '../../i18n/single.ts'
import type { Day, Funnel, Overview, Program } from './api.ts'
import { h, svg, uid } from './dom.ts'
import { date, dayText, decimal, num, rate, shortDay, t } from './strings.ts'
import { empty } from './ui.ts'

// on a phone an amount may break between its figure and its currency, never inside the figure
const commissions = (f: { commissions: { amount: string; currency: string }[] }) =>
  f.commissions.length
    ? f.commissions.map((c) => h('div', {}, h('span', { class: 'figure' }, decimal(c.amount)), ` ${c.currency}`))
    : '—'

/**
 * The 7- and 30-day funnel side by side: counts, the two rates and what was earned per currency (`earned` names it:
 * commission, or a one-time reward). A program of promo codes only (`promo`) has no clicks: its funnel starts at the
 * sign-ups.
 */
function funnelTable(o: Overview, promo: boolean, earned: string): HTMLElement {
  type Row = [string, (f: Funnel) => string | Node | (string | Node)[], string?]
  const clickRows: Row[] = [
    [t('overview.clicks'), (f) => num(f.clicks)],
    [t('overview.unique_clicks'), (f) => num(f.uniqueClicks)],
  ]
  const rows: Row[] = [
    ...(promo ? [] : clickRows),
    [t('overview.signups'), (f) => num(f.signups)],
    ...(promo
      ? []
      : [[t('overview.signup_rate'), (f: Funnel) => rate(f.signupRate), t('overview.signup_rate_hint')] as Row]),
    [t('overview.first_payments'), (f) => num(f.firstPayments)],
    [t('overview.payment_rate'), (f) => rate(f.paymentRate), t('overview.payment_rate_hint')],
    [earned, (f) => commissions(f)],
  ]
  return h(
    'table',
    { class: 'funnel' },
    h('caption', {}, t(promo ? 'overview.funnel_codes' : 'overview.funnel')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('overview.metric'))),
        h('th', { scope: 'col' }, t('period.last_days', { count: 7 })),
        h('th', { scope: 'col' }, t('period.last_days', { count: 30 })),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map(([label, value, hint]) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, label, hint ? h('small', {}, hint) : null),
          h('td', {}, value(o.last7)),
          h('td', {}, value(o.last30)),
        ),
      ),
    ),
  )
}

/** A round upper bound for the axis: 1, 2, 5, 10, 20, 50... at or above the largest value. */
function niceMax(max: number): number {
  if (max <= 1) return 1
  const p = 10 ** Math.floor(Math.log10(max))
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max) ?? 10 * p
}

/**
 * The days as bars, drawn at the width the chart has (so its text is real pixels at 360 px too): clicks, and the
 * sign-ups inside them; each bar names its day and figures on hover. The same numbers are in the table below it.
 */
function drawChart(days: Day[], width: number, promo: boolean): SVGElement {
  const height = 180
  const pad = { top: 12, right: 8, bottom: 24, left: 34 }
  const plotW = Math.max(width - pad.left - pad.right, 60)
  const plotH = height - pad.top - pad.bottom
  // sign-ups may outnumber clicks (a promo code, a link shared where clicks are not counted): both fit
  const top = niceMax(Math.max(0, ...days.map((d) => Math.max(d.clicks, d.signups))))
  const y = (v: number) => pad.top + plotH - (v / top) * plotH
  const slot = plotW / Math.max(days.length, 1)
  const bar = Math.max(slot * 0.7, 1)
  const grid = [0, top / 2, top].filter((v, i, a) => Number.isInteger(v) && a.indexOf(v) === i)
  const labelled = new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])
  return svg(
    'svg',
    { width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true', focusable: 'false' },
    grid.map((v) =>
      svg(
        'g',
        {},
        svg('line', { x1: pad.left, x2: pad.left + plotW, y1: y(v), y2: y(v), class: 'grid' }),
        svg('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, num(v)),
      ),
    ),
    days.map((d, i) => {
      const x = pad.left + i * slot + (slot - bar) / 2
      return svg(
        'g',
        {},
        svg(
          'title',
          {},
          promo
            ? `${dayText(d.date)} · ${t('overview.signups')}: ${num(d.signups)}`
            : `${dayText(d.date)} · ${t('overview.clicks')}: ${num(d.clicks)} · ${t('overview.signups')}: ${num(d.signups)}`,
        ),
        promo
          ? null
          : svg('rect', { x, y: y(d.clicks), width: bar, height: pad.top + plotH - y(d.clicks), class: 'clicks' }),
        svg('rect', {
          x: x + bar * 0.2,
          y: y(d.signups),
          width: bar * 0.6,
          height: pad.top + plotH - y(d.signups),
          class: 'signups',
        }),
        labelled.has(i)
          ? svg(
              'text',
              {
                x: Math.min(Math.max(x + bar / 2, pad.left + 20), pad.left + plotW - 20),
                y: height - 6,
                'text-anchor': 'middle',
                class: 'axis',
              },
              shortDay(d.date),
            )
          : null,
      )
    }),
  )
}

/**
 * The chart's figure: title, legend, the drawing (redrawn when its width changes) and the same days as a table. An
 * empty period invites a `live` partner to share; one whose links record nothing now (an application waiting, an
 * account blocked, an agreement ended: the note above says which) is only told the period is empty.
 */
function chart(o: Overview, promo: boolean, live: boolean, earned: string): HTMLElement {
  const title = uid('chart')
  const box = h('div', { class: 'chart-box' })
  const total = o.days.reduce((s, d) => s + d.clicks + d.signups, 0)
  let drawn = 0
  const draw = () => {
    const width = Math.floor(box.clientWidth)
    if (!width || width === drawn) return
    drawn = width
    box.replaceChildren(drawChart(o.days, width, promo))
  }
  new ResizeObserver(draw).observe(box)
  const table = h(
    'table',
    { class: 'days' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [
          t('overview.date'),
          ...(promo ? [] : [t('overview.clicks'), t('overview.unique_clicks')]),
          t('overview.signups'),
          t('overview.first_payments'),
          earned,
        ].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      [...o.days]
        .reverse()
        .map((d) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, dayText(d.date)),
            promo ? null : h('td', {}, num(d.clicks)),
            promo ? null : h('td', {}, num(d.uniqueClicks)),
            h('td', {}, num(d.signups)),
            h('td', {}, num(d.firstPayments)),
            h('td', {}, commissions(d)),
          ),
        ),
    ),
  )
  return h(
    'figure',
    { class: 'chart', 'aria-labelledby': title },
    h(
      'figcaption',
      { id: title },
      t(promo ? 'overview.chart_title_codes' : 'overview.chart_title', { count: o.days.length }),
    ),
    h(
      'p',
      { class: 'legend' },
      promo ? null : h('span', { class: 'key clicks' }, t('overview.clicks')),
      h('span', { class: 'key signups' }, t('overview.signups')),
    ),
    total ? box : empty(t(emptyKey(promo, live))),
    h('details', {}, h('summary', {}, t('overview.as_table')), h('div', { class: 'scroll' }, table)),
  )
}

const emptyKey = (promo: boolean, live: boolean) =>
  live
    ? promo
      ? 'overview.no_activity_codes'
      : 'overview.no_clicks'
    : promo
      ? 'overview.empty_period_codes'
      : 'overview.empty_period'

/**
 * Every link and code suspended: until when and why when a sanction did it (its end in the program's zone, its reason
 * as the notice named it), else until the program reinstates them.
 */
export function suspendedNote(s: NonNullable<Overview['suspended']>, program: Program, timeZone: string): string {
  const key = s.codes ? 'overview.suspended_codes' : 'overview.suspended_links'
  // one link or code, or several (21 too: the words carry no number, so they are no plural key)
  const vars = { program: program.name }
  const head = s.endsAt
    ? t(singleOr(`${key}_until`, s.count), { ...vars, date: date(s.endsAt, timeZone) })
    : t(singleOr(key, s.count), vars)
  return s.reason ? `${head} ${t('overview.suspended_reason', { reason: s.reason })}` : head
}

/**
 * The overview of a program: `live` when the partner's links and codes count now (approved and active). With every
 * link and code suspended, a note says so first, and the empty chart does not invite the partner to share them.
 */
export function renderOverview(o: Overview, program: Program, live: boolean): HTMLElement[] {
  const promo = program.attribution === 'promo'
  // a one-time reward per client (worksection-referral) is a reward, not a commission
  const earned = t(program.reward ? 'overview.reward' : 'overview.commission')
  const s = o.suspended
  const note = s ? h('p', { class: 'note', role: 'note' }, suspendedNote(s, program, o.timeZone)) : null
  return [
    ...(note ? [note] : []),
    h('section', { class: 'card' }, funnelTable(o, promo, earned)),
    h('section', { class: 'card' }, chart(o, promo, live && !s, earned)),
  ]
}
