import { downloadFile } from '@telegram-apps/sdk'
import { type Balance, getFile, getJson, type Line, type Query, type Statement } from './api.ts'
import { h, uid } from './dom.ts'
import { addDays, date, daysBetween, isZero, money, t, word } from './strings.ts'
import { badge, empty, fact, failure, loading, notice, refusalText } from './ui.ts'

/** The longest period a report covers (core's MAX_REPORT_DAYS: 731 days, from and to included). */
const MAX_DAYS = 731
const PRESETS = ['last_7', 'last_30', 'this_month', 'last_month', 'last_365', 'custom'] as const
type Preset = (typeof PRESETS)[number]

/** The local dates [from, to] of a preset, ending on the program's today. */
function presetRange(p: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const monthStart = `${today.slice(0, 8)}01`
  switch (p) {
    case 'last_7':
      return { from: addDays(today, -6), to: today }
    case 'last_30':
      return { from: addDays(today, -29), to: today }
    case 'this_month':
      return { from: monthStart, to: today }
    case 'last_month': {
      const end = addDays(monthStart, -1)
      return { from: `${end.slice(0, 8)}01`, to: end }
    }
    case 'last_365':
      return { from: addDays(today, -364), to: today }
  }
}

const subText = (l: Line) =>
  Object.entries(l.subIds ?? {})
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join(' · ')

/** What was taken back of a line, in the line's words: "-10.00 USD — the customer's payment was refunded". */
function reversedText(l: Line): string | null {
  if (!l.reversed) return null
  const amount = money(`-${l.reversed.amount}`, l.reversed.currency)
  return l.reason ? t('earnings.reversed_value', { amount, reason: word('earnings.reasons', l.reason) }) : amount
}

function lineItem(l: Line, timeZone: string): HTMLElement {
  const negative = l.amount.trim().startsWith('-')
  const subs = subText(l)
  const reversed = reversedText(l)
  return h(
    'li',
    { class: 'card line' },
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'line-kind' }, word('earnings.kinds', l.kind)),
      h('span', { class: negative ? 'amount negative' : 'amount' }, money(l.amount, l.currency)),
    ),
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'muted' }, date(l.date, timeZone)),
      badge('earnings.statuses', l.status),
    ),
    h(
      'dl',
      { class: 'facts' },
      reversed ? fact(t('earnings.reversed'), h('span', { class: 'negative' }, reversed)) : null,
      // a line refused when it was recorded nets nothing too, with nothing taken back
      reversed || l.net.amount !== l.amount ? fact(t('earnings.net'), money(l.net.amount, l.net.currency)) : null,
      l.holdUntil ? fact(t('earnings.hold_until'), date(l.holdUntil, timeZone)) : null,
      l.customer ? fact(t('earnings.customer'), l.customer) : null,
      l.order ? fact(t('earnings.order'), l.order) : null,
      l.campaign ? fact(t('earnings.campaign'), l.campaign) : null,
      subs ? fact(t('earnings.sub_ids'), subs) : null,
    ),
  )
}

/**
 * The balance now, per currency, as /earnings counts it: available, on hold (and from when the first of it is),
 * held for review, already in a payout, paid out, the next payout, and what stands between the partner and it. Lines alone cannot say this: money asked for
 * in a payout is still `available` on its lines until it is paid.
 */
function balanceCard(balances: Balance[], timeZone: string): HTMLElement {
  const heading = uid('balance')
  return h(
    'section',
    { class: 'card balance', 'aria-labelledby': heading },
    h('h2', { id: heading }, t('earnings.balance.title')),
    balances.flatMap((b) => [
      h(
        'dl',
        { class: 'facts' },
        fact(t('earnings.balance.available'), h('strong', {}, money(b.available, b.currency))),
        isZero(b.pending)
          ? null
          : fact(
              t('earnings.balance.pending'),
              b.nextRelease
                ? t('earnings.balance.pending_from', {
                    amount: money(b.pending, b.currency),
                    date: date(b.nextRelease, timeZone),
                  })
                : money(b.pending, b.currency),
            ),
        isZero(b.held) ? null : fact(t('earnings.balance.held'), money(b.held, b.currency)),
        isZero(b.inPayout) ? null : fact(t('earnings.balance.in_payout'), money(b.inPayout, b.currency)),
        isZero(b.inReview) ? null : fact(t('earnings.balance.payout_review'), money(b.inReview, b.currency)),
        fact(t('earnings.balance.paid'), money(b.paid, b.currency)),
        nextPayoutFact(b, timeZone),
      ),
      // what stands between the partner and the next payout (why no date is promised), as /earnings says it
      ...b.shortfalls.map((line) => h('p', { class: 'muted' }, line)),
    ]),
  )
}

/**
 * When the next payout comes: none promised while payouts are paused; for a program paying on request (jqsee,
 * quantower), when a payout requested today would be paid, since nothing comes unasked.
 */
function nextPayoutFact(b: Balance, timeZone: string): HTMLElement[] | null {
  if (b.payoutsPaused) return fact(t('earnings.balance.next_payout'), t('earnings.balance.payouts_paused'))
  if (!b.nextPayoutAt) return null
  const label = b.payoutOnRequest ? 'earnings.balance.paid_by_on_request' : 'earnings.balance.next_payout'
  return fact(t(label), date(b.nextPayoutAt, timeZone))
}

/** The balance card, filled when the API answers (a failure leaves its own retry in the card's place). */
function balanceSection(program: string, timeZone: string): HTMLElement {
  const slot = h('div', { class: 'balance-slot' }, loading())
  const load = async () => {
    slot.replaceChildren(loading())
    try {
      const { balances } = await getJson<{ balances: Balance[] }>('balance', { program })
      slot.replaceChildren(balances.length ? balanceCard(balances, timeZone) : '')
    } catch (e) {
      slot.replaceChildren(failure(e, () => void load()))
    }
  }
  void load()
  return slot
}

/** Saves a blob as a file: a link to it, clicked. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = h('a', { href: url, download: name, hidden: true })
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** A field: its label and control, tied by the control's id. */
const field = (label: string, control: HTMLElement) =>
  h('div', { class: 'field' }, h('label', { for: control.id }, label), control)

/**
 * The filters: a period (a preset, or two dates when "Choose dates"), a status and a currency. `query()` gives them
 * as the API takes them, or a localized reason they cannot be taken; `offer()` keeps each select to the codes the
 * API says exist (and the partner's choice while it is there).
 */
function filtersForm(program: string, today: string, changed: () => void) {
  const preset = h(
    'select',
    { id: uid('period') },
    PRESETS.map((p) =>
      h(
        'option',
        { value: p },
        p === 'last_7' || p === 'last_30' || p === 'last_365'
          ? t('period.last_days', { count: Number(p.slice(5)) })
          : t(`period.${p}`),
      ),
    ),
  )
  preset.value = 'last_30'
  const initial = presetRange('last_30', today)
  const from = h('input', { id: uid('from'), type: 'date', value: initial.from, max: today, required: true })
  const to = h('input', { id: uid('to'), type: 'date', value: initial.to, max: today, required: true })
  const custom = h(
    'div',
    { class: 'range', hidden: true },
    field(t('earnings.from'), from),
    field(t('earnings.to'), to),
  )
  const all = () => h('option', { value: '' }, t('earnings.all'))
  const status = h('select', { id: uid('status') }, all())
  const currency = h('select', { id: uid('currency') }, all())
  preset.addEventListener('change', () => {
    custom.hidden = preset.value !== 'custom'
    changed()
  })
  for (const el of [from, to, status, currency]) el.addEventListener('change', changed)

  const query = (): Query | string => {
    const r =
      preset.value === 'custom'
        ? { from: from.value, to: to.value }
        : presetRange(preset.value as Exclude<Preset, 'custom'>, today)
    if (!r.from || !r.to) return t('earnings.errors.dates_missing')
    if (daysBetween(r.from, r.to) < 0) return t('earnings.errors.from_after_to')
    if (daysBetween(r.from, r.to) >= MAX_DAYS) return t('earnings.errors.too_long', { count: MAX_DAYS })
    return { program, from: r.from, to: r.to, status: status.value, currency: currency.value }
  }
  const keep = (select: HTMLSelectElement, codes: string[], label: (c: string) => string) => {
    const was = select.value
    select.replaceChildren(all(), ...codes.map((c) => h('option', { value: c }, label(c))))
    select.value = codes.includes(was) ? was : ''
  }
  const offer = (s: Statement) => {
    keep(status, s.statuses, (c) => word('earnings.statuses', c))
    keep(currency, s.currencies, (c) => c)
  }
  const form = h(
    'form',
    { class: 'filters', onsubmit: (e: Event) => e.preventDefault() },
    field(t('earnings.period'), preset),
    custom,
    field(t('earnings.status'), status),
    field(t('earnings.currency'), currency),
  )
  return { form, query, offer }
}

/**
 * A Telegram client around the page, to answer the SDK's requests: Telegram Web holds the page in a frame, the apps
 * give it a proxy object. A page opened on its own in a browser has neither (the SDK's requests would go nowhere).
 */
function telegramHost(): boolean {
  const w = window as unknown as { TelegramWebviewProxy?: unknown; external?: { notify?: unknown } }
  return window.parent !== window || w.TelegramWebviewProxy !== undefined || typeof w.external?.notify === 'function'
}

/**
 * Saves the CSV: inside a Telegram that has its download dialog (Mini Apps 8.0), through it, from a short-lived URL
 * the API issues for these filters (the dialog fetches a plain URL: no Authorization header); elsewhere (an older
 * client, the sandbox, a browser) fetched with the initData and saved from a blob.
 */
async function saveCsv(program: string, q: Query): Promise<string> {
  if (telegramHost() && downloadFile.isAvailable()) {
    const { url, fileName } = await getJson<{ url: string; fileName: string }>('statement.csv/link', q)
    await downloadFile(url, fileName)
    return fileName
  }
  const { blob, name } = await getFile('statement.csv', q)
  const file = name ?? `${program}-statement-${q.from}-${q.to}.csv`
  save(blob, file)
  return file
}

/** The CSV of everything the filters take (saveCsv). */
function exportButton(program: string, query: () => Query | string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'button' }, t('earnings.export'))
  button.addEventListener('click', async () => {
    const q = query()
    if (typeof q === 'string') return
    button.disabled = true
    button.textContent = t('earnings.exporting')
    try {
      const file = await saveCsv(program, q)
      notice(t('earnings.exported', { file }))
    } catch (e) {
      notice(refusalText(e, t('errors.export_failed')), true)
    } finally {
      button.disabled = false
      button.textContent = t('earnings.export')
    }
  })
  return button
}

/** Nothing in the period: blamed on the filters only when a status or a currency narrowed it. */
const emptyText = (q: Query) => t(q.status || q.currency ? 'earnings.empty' : 'earnings.empty_period')

/**
 * The earnings tab: the statement lines of a period (a preset or two dates in the program's zone), a status and a
 * currency, a page at a time ("Show more"), and the CSV export (saveCsv).
 */
export function earningsPanel(program: string, timeZone: string, today: string): HTMLElement {
  const list = h('div', { class: 'lines' })
  const formError = h('p', { class: 'field-error', role: 'alert', hidden: true })
  let generation = 0
  const load = async (cursor?: string) => {
    const q = filters.query()
    formError.hidden = typeof q !== 'string'
    formError.textContent = typeof q === 'string' ? q : ''
    download.disabled = typeof q === 'string'
    if (typeof q === 'string') return list.replaceChildren()
    // an answer for filters that have changed since is dropped
    const mine = cursor ? generation : ++generation
    const more = list.querySelector<HTMLButtonElement>('.more')
    if (!cursor) list.replaceChildren(loading())
    else if (more) more.disabled = true
    try {
      const s = await getJson<Statement>('statement', { ...q, cursor })
      if (mine !== generation) return
      filters.offer(s)
      const items = s.lines.map((l) => lineItem(l, timeZone))
      if (!cursor) list.replaceChildren(s.lines.length ? h('ul', { class: 'cards' }, items) : empty(emptyText(q)))
      else list.querySelector('ul')?.append(...items)
      more?.remove()
      const next = s.nextCursor
      if (next)
        list.append(
          h(
            'button',
            { type: 'button', class: 'button secondary more', onclick: () => load(next) },
            t('earnings.more'),
          ),
        )
    } catch (e) {
      if (mine !== generation) return
      // a next page that did not come: the lines shown stay, and "Show more" can be pressed again
      if (cursor && more) {
        more.disabled = false
        notice(t('errors.section_failed'), true)
      } else list.replaceChildren(failure(e, () => load()))
    }
  }
  const filters = filtersForm(program, today, () => void load())
  const download = exportButton(program, filters.query)
  void load()
  const heading = uid('filters')
  return h(
    'div',
    { class: 'stack' },
    balanceSection(program, timeZone),
    h(
      'section',
      { class: 'card', 'aria-labelledby': heading },
      h('h2', { id: heading, class: 'visually-hidden' }, t('earnings.filters')),
      filters.form,
      formError,
      h('div', { class: 'actions' }, download),
    ),
    h('section', { 'aria-label': t('earnings.lines') }, list),
  )
}
