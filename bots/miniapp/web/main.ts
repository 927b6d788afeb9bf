import {
  bindThemeParamsCssVars,
  init,
  isThemeParamsDark,
  miniAppReady,
  mountMiniAppSync,
  mountThemeParamsSync,
  retrieveLaunchParams,
  retrieveRawInitData,
  setMiniAppBackgroundColor,
  setMiniAppHeaderColor,
  targetOrigin,
} from '@telegram-apps/sdk'
import {
  ApiError,
  authorize,
  type Dispute,
  getJson,
  type Links,
  type Me,
  type Overview,
  type Payout,
  type Program,
} from './api.ts'
import { h } from './dom.ts'
import { earningsPanel } from './earnings.ts'
import { renderDisputes, renderPayouts } from './history.ts'
import { renderLinks } from './links.ts'
import { renderOverview } from './overview.ts'
import { setLanguage, t } from './strings.ts'
import { failure, loading } from './ui.ts'

const TABS = ['overview', 'links', 'earnings', 'payouts', 'disputes'] as const
type Tab = (typeof TABS)[number]

const root = document.getElementById('app')!

/** A whole-page message instead of the dashboard: why it cannot be shown, and what to do. */
function stop(kind: 'no_init_data' | 'unauthorized' | 'not_a_partner' | 'failed', retry?: () => void): void {
  root.removeAttribute('aria-busy')
  root.replaceChildren(
    h(
      'div',
      { class: 'stop', role: 'alert' },
      h('h1', {}, t(`errors.${kind}.title`)),
      h('p', {}, t(`errors.${kind}.text`)),
      retry ? h('button', { type: 'button', class: 'button', onclick: retry }, t('retry')) : null,
    ),
  )
}

/**
 * The SDK: the launch parameters Telegram (or the sandbox) put in the URL, the theme's colours as CSS variables
 * (--tg-theme-*; the style sheet has light defaults for a browser outside Telegram), and "ready" to Telegram.
 */
function launch(): { raw: string | undefined; languageCode: string | undefined } {
  try {
    // the sandbox holds the app in a frame of this same origin: the SDK's requests go to it, not to Telegram Web
    if (window.parent !== window && window.parent.location.origin === location.origin) targetOrigin.set(location.origin)
  } catch {
    // a frame of another origin (Telegram Web): the SDK's own target
  }
  try {
    init()
  } catch {
    // outside Telegram there is no bridge; the launch parameters in the URL are still read below
  }
  let raw: string | undefined
  let languageCode: string | undefined
  try {
    const lp = retrieveLaunchParams(true)
    languageCode = lp.tgWebAppData?.user?.languageCode
    raw = retrieveRawInitData()
  } catch {
    // no launch parameters: opened as a plain web page
  }
  for (const step of [mountThemeParamsSync, bindThemeParamsCssVars, mountMiniAppSync, miniAppReady] as const) {
    try {
      if (step.isAvailable()) step()
    } catch {
      // an older Telegram without the method: the defaults stay
    }
  }
  try {
    if (isThemeParamsDark()) document.documentElement.dataset.theme = 'dark'
    // Telegram's header and the page's background in the page's own background colour (one surface)
    if (setMiniAppHeaderColor.isAvailable()) setMiniAppHeaderColor('secondary_bg_color')
    if (setMiniAppBackgroundColor.isAvailable()) setMiniAppBackgroundColor('secondary_bg_color')
  } catch {
    // no theme, or an older Telegram: light, and Telegram's own header colour
  }
  return { raw, languageCode }
}

interface Ctx {
  me: Me
  program: Program
}

/** What each tab shows for a program, loaded when the tab is first opened (and again after a failure). */
const overviews = new Map<string, Promise<Overview>>()
const overviewOf = (program: string) => {
  let o = overviews.get(program)
  if (!o) {
    o = getJson<Overview>('overview', { program })
    o.catch(() => overviews.delete(program))
    overviews.set(program, o)
  }
  return o
}

/**
 * A tab's panel for the program chosen now. Another program chosen while it loads owns the panel from then on: this
 * answer, come late, is dropped instead of showing one program's figures under the other's name.
 */
async function fill(tab: Tab, panel: HTMLElement, ctx: Ctx): Promise<void> {
  const chosen = ctx.program
  const program = chosen.key
  const tz = chosen.timeZone
  const stale = () => ctx.program !== chosen
  panel.replaceChildren(loading())
  try {
    let content: HTMLElement | HTMLElement[]
    if (tab === 'overview') {
      const live = chosen.status === 'active' && chosen.approved
      content = renderOverview(await overviewOf(program), chosen, live)
    } else if (tab === 'links') content = renderLinks(chosen, await getJson<Links>('links', { program }))
    else if (tab === 'earnings') {
      // "today" is the program's, as the service counts it: the overview's last day
      const o = await overviewOf(program)
      content = earningsPanel(program, o.timeZone, o.days.at(-1)?.date ?? new Date().toISOString().slice(0, 10))
    } else if (tab === 'payouts')
      content = renderPayouts((await getJson<{ payouts: Payout[] }>('payouts', { program })).payouts, tz)
    else content = renderDisputes((await getJson<{ disputes: Dispute[] }>('disputes', { program })).disputes, tz)
    if (stale()) return
    panel.replaceChildren(...[content].flat())
  } catch (e) {
    if (stale() || (e instanceof ApiError && e.status === 401)) return
    panel.replaceChildren(failure(e, () => void fill(tab, panel, ctx)))
  }
}

function firstTab(): Tab {
  const asked = new URLSearchParams(location.search).get('tab')
  return (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'overview'
}

/** The five tabs (ARIA tabs: arrow keys, Home and End move between them) and their empty panels. */
function tabBar(
  tabs: Map<Tab, HTMLButtonElement>,
  panels: Map<Tab, HTMLElement>,
  select: (tab: Tab, focus?: boolean) => void,
  active: () => Tab,
): HTMLElement {
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('tabs.label') })
  for (const tab of TABS) {
    const button = h(
      'button',
      { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': `panel-${tab}`, 'aria-selected': 'false' },
      t(`tabs.${tab}`),
    )
    button.addEventListener('click', () => select(tab))
    tabs.set(tab, button)
    tablist.append(button)
    panels.set(
      tab,
      h('section', {
        class: 'panel',
        role: 'tabpanel',
        id: `panel-${tab}`,
        'aria-labelledby': `tab-${tab}`,
        tabindex: 0,
        hidden: true,
      }),
    )
  }
  const KEYS: Record<string, (i: number) => number> = {
    ArrowRight: (i) => (i + 1) % TABS.length,
    ArrowLeft: (i) => (i + TABS.length - 1) % TABS.length,
    Home: () => 0,
    End: () => TABS.length - 1,
  }
  tablist.addEventListener('keydown', (e) => {
    const move = KEYS[e.key]
    if (!move) return
    e.preventDefault()
    select(TABS[move(TABS.indexOf(active()))]!, true)
  })
  return tablist
}

/**
 * Who and which program: the partner's name, the program (a choice when there are several) and a note when the
 * partner's enrolment there is not active (waiting for approval, blocked, ended).
 */
function programHeader(me: Me, ctx: Ctx, changed: () => void) {
  const note = h('p', { class: 'note', role: 'status' })
  const showNote = () => {
    const { status, approved, name } = ctx.program
    note.hidden = status === 'active' && approved
    note.textContent = note.hidden ? '' : t(`enrolment.${status === 'active' ? 'applied' : status}`, { program: name })
  }
  const picker =
    me.programs.length > 1
      ? h(
          'label',
          { class: 'program' },
          h('span', {}, t('program')),
          h(
            'select',
            {
              onchange: (e: Event) => {
                ctx.program = me.programs.find((p) => p.key === (e.target as HTMLSelectElement).value) ?? ctx.program
                showNote()
                changed()
              },
            },
            me.programs.map((p) => h('option', { value: p.key, selected: p.key === ctx.program.key }, p.name)),
          ),
        )
      : h('p', { class: 'program' }, ctx.program.name)
  showNote()
  const header = h(
    'header',
    { class: 'top' },
    h('div', {}, h('h1', {}, t('title')), h('p', { class: 'who' }, me.name)),
    picker,
  )
  return { header, note }
}

/** The dashboard: who and which program, the five tabs (ARIA tabs, arrow keys move between them), their panels. */
function dashboard(me: Me): void {
  // the program the API answers for when none is named (the first approved, as /stats), not the first joined
  const ctx: Ctx = { me, program: me.programs.find((p) => p.key === me.defaultProgram) ?? me.programs[0]! }
  const filled = new Map<Tab, string>()
  const tabs = new Map<Tab, HTMLButtonElement>()
  const panels = new Map<Tab, HTMLElement>()
  let active: Tab = firstTab()

  const select = (tab: Tab, focus = false) => {
    active = tab
    // a passing notice belongs to the tab it was about
    const shown = document.getElementById('notice')
    if (shown) shown.hidden = true
    for (const [name, button] of tabs) {
      const on = name === tab
      button.setAttribute('aria-selected', String(on))
      button.tabIndex = on ? 0 : -1
      panels.get(name)!.hidden = !on
    }
    const button = tabs.get(tab)!
    if (focus) button.focus()
    button.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    const url = new URL(location.href)
    url.searchParams.set('tab', tab)
    history.replaceState(null, '', url)
    if (filled.get(tab) !== ctx.program.key) {
      filled.set(tab, ctx.program.key)
      void fill(tab, panels.get(tab)!, ctx)
    }
  }

  const tablist = tabBar(tabs, panels, select, () => active)
  const { header, note } = programHeader(me, ctx, () => select(active))
  root.removeAttribute('aria-busy')
  root.replaceChildren(
    header,
    note,
    tablist,
    h('main', {}, [...panels.values()]),
    h('div', { id: 'notice', class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true }),
  )
  select(active)
}

async function start(): Promise<void> {
  const { raw, languageCode } = launch()
  setLanguage(languageCode ?? navigator.language)
  if (!raw) return stop('no_init_data')
  authorize(raw, () => stop('unauthorized'))
  root.replaceChildren(loading())
  let me: Me
  try {
    me = await getJson<Me>('me')
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return stop('unauthorized')
    if (e instanceof ApiError && e.status === 403) return stop('not_a_partner')
    return stop('failed', () => void start())
  }
  setLanguage(me.language)
  if (!me.programs.length) return stop('not_a_partner')
  dashboard(me)
}

void start()
