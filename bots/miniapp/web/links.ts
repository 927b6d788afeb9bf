import { heldKinds } from '../../../core/domain/code-kinds.ts'
import { DEEP_LINK_MAX, deepLinkPath } from '../../../core/domain/deep-link.ts'
import { singleOr } from '../../i18n/single.ts'
import { getFile, type Link, type Links, type Program, type Query } from './api.ts'
import { h, uid } from './dom.ts'
import { date, t } from './strings.ts'
import { badge, copy, empty, refusalText } from './ui.ts'

const SUB_KEYS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const
/** A sub-id as /r/{code} keeps it (contract section 7): 1..100 characters of [A-Za-z0-9._~-]. */
const SUB_ID = /^[A-Za-z0-9._~-]{1,100}$/
export const SUB_MAX = 100

/** A QR image of the partner's own link (fetched with the initData, so it cannot be an <img src> of the API). */
function qrImage(program: string, query: Query, alt: string): HTMLElement {
  const img = h('img', { class: 'qr', alt, width: 220, height: 220 })
  const box = h('div', { class: 'qr-box', 'aria-busy': 'true' }, img)
  getFile('qr', { program, ...query })
    .then(({ blob }) => {
      img.src = URL.createObjectURL(blob)
      img.onload = () => URL.revokeObjectURL(img.src)
    })
    .catch((e) => {
      box.replaceChildren(h('p', { class: 'error', role: 'alert' }, refusalText(e, t('errors.qr_failed'))))
    })
    .finally(() => box.removeAttribute('aria-busy'))
  return box
}

/** A button that shows and hides a QR image under it. */
function qrToggle(holder: HTMLElement, make: () => HTMLElement): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', class: 'button secondary', 'aria-expanded': 'false' },
    t('links.show_qr'),
  )
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') === 'true'
    button.setAttribute('aria-expanded', String(!open))
    button.textContent = open ? t('links.show_qr') : t('links.hide_qr')
    holder.replaceChildren(...(open ? [] : [make()]))
  })
  return button
}

/**
 * A suspended link's or code's hint, with the sanction's end (in the program's zone) and reason when a sanction
 * suspended it; without one, the hint alone (suspended until the program reinstates it).
 */
function suspendedHint(l: Link, why: Links['suspension'], timeZone: string): string {
  const hint = t(l.kind === 'link' ? 'links.suspended_hint_link' : 'links.suspended_hint_code')
  // suspended from the desk on its own: the sanction's end and reason are not this code's
  if (!why || l.suspendedBy !== 'sanction') return hint
  return [
    hint,
    why.endsAt ? t('links.suspended_until', { date: date(why.endsAt, timeZone) }) : null,
    t('overview.suspended_reason', { reason: why.reason }),
  ]
    .filter((x) => x !== null)
    .join(' ')
}

function linkCard(program: Program, l: Link, why: Links['suspension']): HTMLElement {
  const qr = h('div')
  const text = l.url ?? l.code
  return h(
    'li',
    { class: 'card link' },
    h(
      'div',
      { class: 'row' },
      h('h3', {}, l.kind === 'link' ? t('links.link') : t('links.code')),
      // a link is said as one (ru, lv: the feminine of „ссылка“, „saite“), a code as a code
      l.status === 'suspended' ? badge(l.kind === 'link' ? 'links.link_status' : 'links.status', l.status) : null,
    ),
    h('p', { class: 'code' }, h('code', {}, text)),
    l.campaign ? h('p', { class: 'muted' }, t('links.campaign', { campaign: l.campaign })) : null,
    l.commission ? h('p', { class: 'muted' }, t('links.commission', { commission: l.commission })) : null,
    l.status === 'suspended' ? h('p', { class: 'muted' }, suspendedHint(l, why, program.timeZone)) : null,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', class: 'button', onclick: () => copy(text) },
        l.kind === 'link' ? t('links.copy_link') : t('links.copy_code'),
      ),
      qrToggle(qr, () => qrImage(program.key, { code: l.code }, t('links.qr_alt', { code: l.code }))),
    ),
    qr,
  )
}

/** The link with a landing path and sub-ids, as /r/{code} takes them; the sub-ids that are not valid, by name. */
export function buildLink(url: string, to: string, subs: Record<string, string>): { url: string; invalid: string[] } {
  const u = new URL(url)
  const invalid: string[] = []
  if (to) u.searchParams.set('to', to)
  for (const k of SUB_KEYS) {
    const v = subs[k] ?? ''
    if (!v) continue
    if (SUB_ID.test(v)) u.searchParams.set(k, v)
    else invalid.push(k)
  }
  // a landing path reads as one (`to=/pricing`): a slash needs no escaping in a query
  return { url: u.toString().replaceAll('%2F', '/'), invalid }
}

/** sub1..sub5: a text field each, with the place for its error under it. */
const subInputs = () =>
  SUB_KEYS.map((k) => {
    const id = uid(k)
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true })
    const input = h('input', {
      id,
      name: k,
      type: 'text',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      maxlength: 200,
      'aria-describedby': `${id}-error`,
    })
    return { k, input, error, field: h('div', { class: 'field' }, h('label', { for: id }, k), input, error) }
  })

/**
 * The landing page: a path the partner types (empty: the program's main page), under one of the program's
 * `landingPaths` by the rule /r/{code} and the QR route follow (deepLinkPath); the entries themselves suggested.
 */
function landingField(paths: string[]) {
  const id = uid('landing')
  const words = { paths: paths.join(', ') }
  const list = h(
    'datalist',
    { id: `${id}-paths` },
    paths.map((p) => h('option', { value: p })),
  )
  const hint = h(
    'p',
    { class: 'muted small', id: `${id}-hint` },
    t(singleOr('links.builder.landing_hint', paths.length), words),
  )
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true })
  const input = h('input', {
    id,
    type: 'text',
    inputmode: 'url',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    maxlength: DEEP_LINK_MAX,
    placeholder: t('links.builder.landing_default'),
    list: list.id,
    'aria-describedby': `${id}-hint ${id}-error`,
  })
  const field = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, t('links.builder.landing')),
    input,
    list,
    hint,
    error,
  )
  /** The path typed ('' for the main page), or null when a link cannot lead there (then said under the field). */
  const path = (): string | null => {
    const to = input.value.trim()
    const ok = !to || deepLinkPath(paths, to) !== null
    input.setAttribute('aria-invalid', String(!ok))
    error.hidden = ok
    error.textContent = ok ? '' : t(singleOr('links.builder.landing_invalid', paths.length), words)
    return ok ? to : null
  }
  return { input, field, path }
}

/**
 * The sub-id builder: one of the partner's referral links, a landing page the program allows, sub1..sub5; the link
 * is built as it is typed, and a landing path or sub-id that /r/ would not take is pointed out (and the link is not
 * offered until fixed). None without a referral link to build on.
 */
function builder(program: string, data: Links, reward: boolean): HTMLElement | null {
  const links = data.links.filter((l) => l.kind === 'link' && l.url)
  // sub-ids go on referral links: a program of promo codes only (jqsee) has nothing to build, so no builder at all
  if (!links.length) return null
  const heading = uid('builder')
  const linkSelect = h(
    'select',
    { id: uid('link') },
    links.map((l) => h('option', { value: l.code }, l.campaign ? `${l.code} · ${l.campaign}` : l.code)),
  )
  const landing = landingField(data.landingPaths)
  const inputs = subInputs()
  const result = h('output', { class: 'built', 'aria-live': 'polite' })
  const qr = h('div')
  let current = ''
  const copyButton = h(
    'button',
    { type: 'button', class: 'button', onclick: () => copy(current) },
    t('links.builder.copy'),
  )
  const qrButton = qrToggle(qr, () => {
    const subs = Object.fromEntries(inputs.map((i) => [i.k, i.input.value.trim()]).filter(([, v]) => v))
    return qrImage(program, { code: linkSelect.value, to: landing.path() ?? '', ...subs }, t('links.builder.qr_alt'))
  })
  const update = () => {
    const link = links.find((l) => l.code === linkSelect.value) ?? links[0]!
    const to = landing.path()
    const built = buildLink(link.url!, to ?? '', Object.fromEntries(inputs.map((i) => [i.k, i.input.value.trim()])))
    for (const i of inputs) {
      const bad = built.invalid.includes(i.k)
      i.input.setAttribute('aria-invalid', String(bad))
      i.error.hidden = !bad
      i.error.textContent = bad ? t('links.builder.invalid', { count: SUB_MAX }) : ''
    }
    const ok = built.invalid.length === 0 && to !== null
    current = ok ? built.url : ''
    result.textContent = ok ? built.url : t('links.builder.fix')
    result.classList.toggle('error', !ok)
    copyButton.disabled = !ok
    qrButton.disabled = !ok
    // a QR shown for the previous link would no longer match it
    if (qrButton.getAttribute('aria-expanded') === 'true') qrButton.click()
  }
  linkSelect.addEventListener('change', update)
  for (const el of [landing.input, ...inputs.map((i) => i.input)]) el.addEventListener('input', update)
  update()
  return h(
    'section',
    { class: 'card', 'aria-labelledby': heading },
    h('h2', { id: heading }, t('links.builder.heading')),
    // a one-time reward per client (worksection-referral) is a reward, not a commission
    h('p', { class: 'muted' }, t(reward ? 'links.builder.intro_reward' : 'links.builder.intro')),
    h(
      'form',
      { class: 'builder', onsubmit: (e: Event) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: linkSelect.id }, t('links.builder.link')), linkSelect),
      data.landingPaths.length ? landing.field : null,
      h('p', { class: 'muted small' }, t('links.builder.rules', { count: SUB_MAX })),
      h(
        'div',
        { class: 'subs' },
        inputs.map((i) => i.field),
      ),
    ),
    h('p', { class: 'label' }, t('links.builder.result')),
    h('p', { class: 'code' }, result),
    h('div', { class: 'actions' }, copyButton, qrButton),
    qr,
  )
}

export function renderLinks(chosen: Program, data: Links): HTMLElement[] {
  const program = chosen.key
  const heading = uid('links')
  // named by what the program gives (as /link heads its list): promo codes only (jqsee), referral links only, or both
  const held = heldKinds(
    data.links.map((l) => l.kind),
    chosen.attribution,
  )
  const title = t(`links.heading_${held}`)
  // no links to offer, and why (an application waiting or declined, an agreement that ended), as /link says it
  if (data.notice)
    return [
      h(
        'section',
        { 'aria-labelledby': heading },
        h('h2', { id: heading, class: 'section-title' }, title),
        h('p', { class: 'card', role: 'status' }, data.notice),
      ),
    ]
  return [
    h(
      'section',
      { 'aria-labelledby': heading },
      h('h2', { id: heading, class: 'section-title' }, title),
      data.links.length
        ? h(
            'ul',
            { class: 'cards' },
            data.links.map((l) => linkCard(chosen, l, data.suspension)),
          )
        : empty(t('links.empty')),
    ),
    builder(program, data, chosen.reward),
  ].filter((section): section is HTMLElement => section !== null)
}
