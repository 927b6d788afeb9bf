import { LANGUAGES, type Language, languageName } from '../i18n/index.ts'

/**
 * How a language writes a number (`1 234,50`): its grouping and decimal marks, and the fewest digits of the whole
 * part that get grouped (ka and lv write 1234 but 12 345). Read from the service's own ICU, which has every
 * language: a browser's may not (Chromium's trimmed data writes Georgian and Kazakh numbers as English).
 */
export interface NumberShape {
  group: string
  decimal: string
  minDigits: number
}

export function numberShape(language: string): NumberShape {
  const parts = new Intl.NumberFormat(language).formatToParts(1234567.5)
  const group = parts.find((p) => p.type === 'group')?.value ?? ','
  const grouped4 = new Intl.NumberFormat(language).format(1234).length > 4
  return { group, decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', minDigits: grouped4 ? 4 : 5 }
}

/** Each language of the page: its own name (the picker), its words (locales/<lang>/sandbox.json), its numbers. */
export type PageLanguages = Record<string, { name: string; words: Record<string, unknown>; numbers: NumberShape }>

/** Every language of the service, with the page's words in it (`words`: its sandbox bundle). */
export const pageLanguages = (words: (language: Language) => Record<string, unknown>): PageLanguages =>
  Object.fromEntries(LANGUAGES.map((l) => [l, { name: languageName(l), words: words(l), numbers: numberShape(l) }]))

/**
 * The sandbox web chat: one static page, no build step; texts are set with textContent (never parsed as HTML).
 * Its own words come in every language with the page, and follow the language picker (which is also the language
 * the partner writes to the bot in).
 */
export function sandboxPage(languages: PageLanguages): string {
  // inside <script>: no "</script>" or "<!--" can come out of a translation
  const json = JSON.stringify(languages).replaceAll('<', '\\u003c')
  const options = Object.entries(languages)
    .map(([code, l]) => `<option value="${code}">${escapeHtml(l.name)}</option>`)
    .join('')
  return PAGE.replace('__OPTIONS__', () => options).replace('__LANGUAGES__', () => json)
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner Assistant — sandbox</title>
<link rel="icon" href="data:,">
<style>
  :root { --bg: #eef1f5; --bot: #fff; --me: #d9f4d0; --accent: #2f7dc4; }
  * { box-sizing: border-box; }
  [hidden] { display: none !important; }
  html, body { height: 100%; }
  body { margin: 0; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; background: var(--bg); color: #1b1f24; display: flex; flex-direction: column; }
  header { background: var(--accent); color: #fff; padding: 10px 16px; display: flex; gap: 8px 12px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 17px; margin: 0; flex: 1 1 auto; min-width: 0; }
  header select, header button { font: inherit; padding: 4px 8px; border-radius: 6px; border: 0; max-width: 100%; }
  header button { cursor: pointer; }
  main { width: 100%; max-width: 760px; margin: 0 auto; padding: 12px; display: flex; flex-direction: column; flex: 1; min-height: 0; }
  #bar { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 8px; }
  #bar button { font: inherit; font-size: 13px; padding: 5px 10px; border-radius: 14px; border: 1px solid #c6d3e1; background: #fff; cursor: pointer; max-width: 100%; }
  #salebox { background: #fff; border: 1px solid #c6d3e1; border-radius: 10px; padding: 10px 12px; margin-bottom: 8px; }
  #salebox h2 { font-size: 15px; margin: 0 0 8px; }
  #saleform { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; margin: 0; }
  #saleform label { display: flex; flex-direction: column; gap: 2px; font-size: 13px; flex: 1 1 140px; min-width: 0; }
  #saleform select, #saleform input { font: inherit; padding: 6px 8px; border-radius: 6px; border: 1px solid #c6d3e1; width: 100%; min-width: 0; }
  #saleform button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid var(--accent); cursor: pointer; }
  #saleform button[type=submit] { background: var(--accent); color: #fff; }
  #saleform button[type=button] { background: #fff; color: var(--accent); }
  #saleresult { margin: 8px 0 0; overflow-wrap: anywhere; }
  #saleresult:empty { display: none; }
  #saleresult.error { color: #b3261e; }
  #log { flex: 1; overflow-y: auto; overflow-x: hidden; display: flex; flex-direction: column; gap: 8px; padding: 4px; }
  .msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; box-shadow: 0 1px 1px rgba(0,0,0,.08); }
  .bot { align-self: flex-start; background: var(--bot); }
  .user { align-self: flex-end; background: var(--me); }
  .notice { align-self: center; max-width: 94%; padding: 6px 12px; border-radius: 10px; background: #fff4d6; color: #5c4400; font-size: 14px; text-align: center; }
  .deleted { font-style: italic; color: #888; }
  .msg img { display: block; max-width: 100%; border-radius: 8px; margin-bottom: 6px; }
  .kb { display: flex; flex-direction: column; gap: 4px; margin-top: 8px; }
  .kb button { font: inherit; padding: 6px; border-radius: 8px; border: 1px solid #b9cde3; background: #f4f8fc; cursor: pointer; overflow-wrap: anywhere; }
  #form { display: flex; gap: 8px; margin-top: 8px; }
  #form input { flex: 1; min-width: 0; font: inherit; padding: 10px; border-radius: 8px; border: 1px solid #c6d3e1; }
  #form button { font: inherit; padding: 10px 16px; border-radius: 8px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
  #form button.menu { background: #fff; color: var(--accent); border: 1px solid var(--accent); font-weight: 600; padding: 10px 12px; max-width: 40%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #toasts { position: fixed; top: 12px; left: 50%; transform: translateX(-50%); width: min(420px, calc(100vw - 24px)); display: flex; flex-direction: column; gap: 6px; z-index: 10; pointer-events: none; }
  .toast { background: rgba(30, 34, 40, .92); color: #fff; padding: 10px 14px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; pointer-events: auto; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
  #offline { background: #fdecea; color: #7a1c16; padding: 8px 16px; border-bottom: 1px solid #f2b8b5; }
  .toast.alert { background: #fff; color: #1b1f24; border: 1px solid #c6d3e1; }
  .toast button { display: block; margin: 8px 0 0 auto; font: inherit; padding: 4px 14px; border-radius: 6px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
  .kb button.app { border-color: var(--accent); color: var(--accent); background: #fff; font-weight: 600; }
  #appview { position: fixed; inset: 0; z-index: 20; background: rgba(20, 24, 30, .55); display: flex; align-items: center; justify-content: center; padding: 12px; }
  #appview .phone { width: min(400px, 100%); height: min(820px, 100%); background: #fff; border-radius: 18px; overflow: hidden; display: flex; flex-direction: column; box-shadow: 0 8px 30px rgba(0,0,0,.35); }
  #appview .phonebar { display: flex; align-items: center; gap: 8px; padding: 8px 10px 8px 14px; background: var(--accent); color: #fff; }
  #appview .phonebar h2 { flex: 1; font-size: 15px; margin: 0; min-width: 0; }
  #appview .phonebar button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 0; background: #fff; color: var(--accent); cursor: pointer; }
  #appview iframe { flex: 1; width: 100%; border: 0; background: #fff; }
  @media (max-width: 560px) {
    header { padding: 8px 10px; }
    header h1 { flex-basis: 100%; font-size: 16px; }
    main { padding: 8px; }
    /* one row of shortcuts to swipe through: wrapped, they took most of a phone's screen from the chat */
    #bar { flex-wrap: nowrap; overflow-x: auto; padding-bottom: 4px; scrollbar-width: thin; }
    #bar button { flex: none; white-space: nowrap; max-width: none; }
    .msg { max-width: 94%; }
    #appview { padding: 0; }
    #appview .phone { width: 100%; height: 100%; border-radius: 0; }
    #form button { padding: 10px 12px; }
  }
</style>
</head>
<body>
<header>
  <h1 data-t="title">Partner Assistant · sandbox</h1>
  <label><span data-t="language">Language</span> <select id="lang">__OPTIONS__</select></label>
  <button id="sale" type="button" data-t="sale.open" data-t-title="sale.hint" aria-expanded="false" aria-controls="salebox">Simulate a sale</button>
  <button id="reset" type="button" data-t="reset" data-t-title="reset_hint">New partner</button>
</header>
<div id="offline" role="alert" data-t="offline" hidden></div>
<div id="toasts"></div>
<div id="appview" role="dialog" aria-modal="true" aria-labelledby="apptitle" hidden>
  <div class="phone">
    <div class="phonebar"><h2 id="apptitle" data-t="app.title">Partner dashboard</h2><button id="appclose" type="button" data-t="app.close">Close</button></div>
    <iframe id="appframe" title="" allow="clipboard-write"></iframe>
  </div>
</div>
<main>
  <div id="bar"></div>
  <section id="salebox" hidden>
    <h2 data-t="sale.heading"></h2>
    <form id="saleform">
      <label><span data-t="sale.program"></span><select id="saleprogram" name="program"></select></label>
      <label id="salecampaignlabel" hidden><span data-t="sale.campaign"></span><select id="salecampaign" name="campaign"></select></label>
      <label><span id="saleamountlabel"></span><input id="saleamount" name="amount" inputmode="decimal" autocomplete="off" required></label>
      <button id="salesubmit" type="submit" data-t="sale.submit"></button>
      <button id="saleclose" type="button" data-t="sale.close"></button>
    </form>
    <p id="saleresult" role="status"></p>
  </section>
  <div id="log" aria-live="polite"></div>
  <form id="form"><button id="menubtn" type="button" class="menu" hidden></button><input id="text" autocomplete="off" maxlength="4096" data-t-placeholder="message" placeholder="Message"><button data-t="send">Send</button></form>
</main>
<script>
const LANGUAGES = __LANGUAGES__
const $ = (id) => document.getElementById(id)
const lang = () => (LANGUAGES[$('lang').value] ? $('lang').value : 'en')
// a word of the page in the chosen language (English when missing), with its {{placeholders}} filled
function t(key, vars) {
  const find = (words) => key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), words)
  const text = find(LANGUAGES[lang()].words) ?? find(LANGUAGES.en.words) ?? key
  return String(text).replace(/\\{\\{\\s*(\\w+)\\s*\\}\\}/g, (_, name) => (vars && name in vars ? String(vars[name]) : ''))
}
// a program's or campaign's name in the chosen language (its default name where the definition gives none)
const named = (x) => (x.names && x.names[lang()]) || x.name
// the sandbox gives each browser a chat of its own, behind a session token (a restart of the service forgets it)
let token = localStorage.getItem('pa-sandbox-session')
let starting
// a token the service no longer knows means it was restarted: the new chat starts with a word on where the old one went
function newSession() {
  const replaced = Boolean(token)
  starting ??= fetch('/sandbox/api/session', { method: 'POST' })
    .then((r) => r.json())
    .then((b) => {
      token = b.token; localStorage.setItem('pa-sandbox-session', token); after = 0; rendered.clear(); messages.clear(); images.clear()
      $('log').replaceChildren()
      if (replaced) { const note = document.createElement('div'); note.className = 'notice'; note.dataset.t = 'restarted'; note.textContent = t('restarted'); $('log').append(note) }
    })
    .finally(() => { starting = undefined })
  return starting
}
async function call(path, init = {}) {
  if (!token) await newSession()
  const go = () => fetch('/sandbox/api/' + path, { ...init, headers: { ...init.headers, 'x-sandbox-session': token } })
  let r = await go()
  if (r.status === 401) { await newSession(); r = await go() }
  return r
}
let after = 0
const rendered = new Map()
const messages = new Map()
let programs = []
const post = (path, body) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
// a message or a press that did not reach the bot (the service stopped, the network failed) is said so, not lost quietly
const delivered = (request) => request.then((r) => r.ok, () => false)
async function send(text) {
  const ok = await delivered(post('send', { text, language: lang() }))
  if (!ok) toast({ text: t('not_sent'), alert: true })
  return ok
}

// ---- the page's own words ----
function applyLanguage() {
  document.documentElement.lang = lang()
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t)
  for (const el of document.querySelectorAll('[data-t-title]')) el.title = t(el.dataset.tTitle)
  for (const el of document.querySelectorAll('[data-t-placeholder]')) el.placeholder = t(el.dataset.tPlaceholder)
  renderBar()
  for (const m of messages.values()) render(m)
  showAmountLabel()
  renderSaleChoices()
  if (saleResult) showSaleResult(saleResult)
}
const stored = localStorage.getItem('pa-lang') || (navigator.language || 'en').slice(0, 2)
$('lang').value = LANGUAGES[stored] ? stored : 'en'
$('lang').onchange = () => { localStorage.setItem('pa-lang', $('lang').value); applyLanguage() }

// ---- the chat ----
// a chat read at its end stays there when it grows or shrinks under the reader: a photo that arrives after its
// message (a QR code, a chart), the sale form opening above; a chat scrolled back to read stays where it is
let atEnd = true
const keepAtEnd = () => { if (atEnd) $('log').scrollTop = $('log').scrollHeight }
$('log').addEventListener('scroll', () => { const l = $('log'); atEnd = l.scrollHeight - l.scrollTop - l.clientHeight < 24 })
new ResizeObserver(keepAtEnd).observe($('log'))
// photos come with the session's header, so each is fetched once into an element that every render reuses
const images = new Map()
function imageOf(id) {
  let img = images.get(id)
  if (!img) {
    img = document.createElement('img'); img.alt = ''; images.set(id, img)
    img.onload = keepAtEnd
    call('photo/' + encodeURIComponent(id)).then((r) => (r.ok ? r.blob() : null)).then((b) => { if (b) img.src = URL.createObjectURL(b) })
  }
  return img
}
function render(m) {
  messages.set(m.id, m)
  let el = rendered.get(m.id)
  if (!el) { el = document.createElement('div'); rendered.set(m.id, el); $('log').appendChild(el) }
  el.className = 'msg ' + m.from + (m.deleted ? ' deleted' : '')
  el.replaceChildren()
  if (m.photo) el.appendChild(imageOf(m.photo))
  const text = document.createElement('div'); text.textContent = m.deleted ? t('deleted') : (m.text || ''); el.appendChild(text)
  if (m.buttons && m.buttons.length) {
    const kb = document.createElement('div'); kb.className = 'kb'
    for (const row of m.buttons) for (const b of row) {
      const btn = document.createElement('button'); btn.type = 'button'; btn.textContent = b.text
      // a web_app button opens the Mini App, as Telegram does; the others are pressed in the chat
      if (b.webApp) { btn.className = 'app'; btn.onclick = () => openApp(b.webApp) }
      else btn.onclick = async () => { if (!(await delivered(post('press', { message: m.id, data: b.data, language: lang() })))) toast({ text: t('not_sent'), alert: true }) }
      kb.appendChild(btn)
    }
    el.appendChild(kb)
  }
}
function renderBar() {
  const bar = []
  for (const p of programs) {
    const b = document.createElement('button'); b.type = 'button'; b.textContent = t('join', { program: named(p) })
    b.onclick = () => send('/start ' + p.key); bar.push(b)
  }
  for (const c of ['/link', '/earnings', '/payout', '/dispute', '/terms', '/settings', '/language', '/help', '/cancel']) {
    const b = document.createElement('button'); b.type = 'button'; b.textContent = c; b.onclick = () => send(c); bar.push(b)
  }
  $('bar').replaceChildren(...bar)
}
// what the bot answered a button press with, over the chat as Telegram shows it: a passing notice, or a box to close
function toast(x) {
  const el = document.createElement('div'); el.className = 'toast' + (x.alert ? ' alert' : '')
  el.setAttribute('role', x.alert ? 'alertdialog' : 'status')
  const text = document.createElement('div'); text.textContent = x.text; el.appendChild(text)
  if (x.alert) {
    const ok = document.createElement('button'); ok.type = 'button'; ok.textContent = t('ok'); ok.onclick = () => el.remove()
    el.appendChild(ok)
  } else setTimeout(() => el.remove(), 4000)
  $('toasts').appendChild(el)
}
async function poll() {
  try {
    const r = await call('state?after=0')
    if (!r.ok) throw new Error(String(r.status))
    const s = await r.json()
    $('offline').hidden = true
    if (!programs.length && s.programs.length) { programs = s.programs; renderBar() }
    const grew = s.messages.length && s.messages[s.messages.length - 1].id > after
    for (const m of s.messages) render(m)
    if (grew) { after = s.messages[s.messages.length - 1].id; atEnd = true; keepAtEnd() }
    for (const x of s.toasts || []) toast(x)
    showMenuButton(s.menuButton)
  } catch (e) { $('offline').hidden = false }
  setTimeout(poll, 600)
}
// the box is emptied at once; what could not be sent comes back into it (unless something new was typed meanwhile)
$('form').onsubmit = async (e) => {
  e.preventDefault()
  const v = $('text').value.trim()
  if (!v) return
  $('text').value = ''
  if (!(await send(v)) && !$('text').value) $('text').value = v
}

// ---- simulate a sale: a referred customer buys in one of the partner's programs (and campaigns) ----
let saleOptions = []
let saleResult
const chosenProgram = () => saleOptions.find((p) => p.key === $('saleprogram').value)
function showAmountLabel() {
  const p = chosenProgram()
  $('saleamountlabel').textContent = t('sale.amount', { currency: p ? p.currency : '' })
}
// amounts as the chat's /earnings writes them (12.00 USD), so the partner finds the same figure there
function showSaleResult(r) {
  saleResult = r
  $('saleresult').className = r.error ? 'error' : ''
  $('saleresult').textContent = r.error ? t('sale.errors.' + r.error) : r.amounts.length
    ? t('sale.recorded', { program: named(r.program), amount: r.amounts.map((a) => decimal(a.amount) + ' ' + a.currency).join(', ') })
    : t('sale.recorded_nothing', { program: named(r.program) })
}
// a decimal amount as the page's language writes it (12,00 in lv, kk, ru, ka; 1 500,00 with its grouping), from
// the decimal string itself (no float), in the language's shape as the service's ICU gives it (numberShape)
function decimal(amount) {
  const [whole = '0', fraction = ''] = String(amount).replace(/^-/, '').split('.')
  const shape = LANGUAGES[lang()].numbers
  const grouped = whole.length < shape.minDigits ? whole : whole.replace(/\\B(?=(\\d{3})+$)/g, shape.group)
  const sign = String(amount).startsWith('-') ? '-' : ''
  return sign + grouped + shape.decimal + fraction.padEnd(2, '0')
}
// what a person typed, as a plain decimal: grouping spaces dropped, the decimal comma or point (the last of them
// when both are there) read as the point; undefined when it is no amount of at most two decimals
function typedAmount(text) {
  let s = text.replace(/[\\s\\u00a0\\u202f']/g, '')
  const point = Math.max(s.lastIndexOf(','), s.lastIndexOf('.'))
  if (point >= 0) s = s.slice(0, point).replace(/[.,]/g, '') + '.' + s.slice(point + 1)
  return /^\\d{1,9}(\\.\\d{1,2})?$/.test(s) && /[1-9]/.test(s) ? s : undefined
}
function clearSaleResult() { saleResult = undefined; $('saleresult').textContent = '' }
// the program and campaign choices, named in the chosen language; what was chosen stays chosen
function renderSaleChoices() {
  const was = $('saleprogram').value
  $('saleprogram').replaceChildren(...saleOptions.map((p) => { const o = document.createElement('option'); o.value = p.key; o.textContent = named(p); return o }))
  if (saleOptions.some((p) => p.key === was)) $('saleprogram').value = was
  const campaign = $('salecampaign').value
  const p = chosenProgram()
  const campaigns = p ? p.campaigns : []
  $('salecampaign').replaceChildren(...campaigns.map((c) => { const o = document.createElement('option'); o.value = c.key; o.textContent = named(c); return o }))
  if (campaigns.some((c) => c.key === campaign)) $('salecampaign').value = campaign
  $('salecampaignlabel').hidden = !campaigns.length
}
function chooseProgram() {
  const p = chosenProgram()
  $('salecampaign').replaceChildren()
  renderSaleChoices()
  $('saleamount').value = p ? decimal(p.amount).replace(/[\\u00a0\\u202f]/g, ' ') : ''
  showAmountLabel()
}
async function openSale() {
  $('salebox').hidden = false; $('sale').setAttribute('aria-expanded', 'true')
  clearSaleResult()
  $('saleresult').textContent = t('sale.loading')
  $('salesubmit').disabled = true
  try {
    const r = await call('sale-options')
    if (!r.ok) throw new Error(String(r.status))
    saleOptions = (await r.json()).programs
  } catch (e) { saleOptions = []; showSaleResult({ error: 'failed' }); return }
  renderSaleChoices()
  chooseProgram()
  clearSaleResult()
  if (!saleOptions.length) showSaleResult({ error: 'not_partner' })
  else $('salesubmit').disabled = false
}
function closeSale() { $('salebox').hidden = true; $('sale').setAttribute('aria-expanded', 'false'); clearSaleResult() }
$('sale').onclick = () => ($('salebox').hidden ? openSale() : closeSale())
$('saleclose').onclick = closeSale
$('saleprogram').onchange = () => { chooseProgram(); clearSaleResult() }
$('saleform').onsubmit = async (e) => {
  e.preventDefault()
  const p = chosenProgram()
  if (!p) return
  const amount = typedAmount($('saleamount').value)
  if (!amount) return showSaleResult({ error: 'bad_amount' })
  $('salesubmit').disabled = true
  try {
    const r = await post('simulate-sale', { program: p.key, ...(p.campaigns.length ? { campaign: $('salecampaign').value } : {}), amount })
    const body = await r.json().catch(() => ({}))
    if (r.ok) showSaleResult({ program: { name: body.name, names: body.names }, amounts: body.commissions })
    else {
      const code = body.error && body.error.code
      showSaleResult({ error: ['not_partner', 'no_code', 'bad_amount'].includes(code) ? code : 'failed' })
    }
  } catch (e) { showSaleResult({ error: 'failed' }) }
  $('salesubmit').disabled = false
}
// ---- the Mini App: signed for this chat's partner by the sandbox, shown in a phone-sized frame over the chat ----
let appOpener
async function openApp(hint) {
  let path
  if (hint) { const u = new URL(hint, location.href); path = u.pathname + u.search }
  try {
    // the page's language, and the browser's light or dark look, as Telegram would hand them over
    const theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
    const r = await post('app', { ...(path ? { path } : {}), theme, language: lang() })
    const body = await r.json().catch(() => ({}))
    if (!r.ok || !body.url) throw new Error(String(r.status))
    appOpener = document.activeElement
    $('appframe').title = t('app.title')
    $('appframe').src = body.url
    $('appview').hidden = false
    $('appclose').focus()
  } catch (e) { toast({ text: t('app.failed'), alert: false }) }
}
function closeApp() {
  $('appview').hidden = true
  $('appframe').src = 'about:blank'
  if (appOpener && appOpener.focus) appOpener.focus()
}
// the chat's menu button, once the bot made it open the Mini App (setChatMenuButton), beside the message box
let menuButton
function showMenuButton(m) {
  menuButton = m || undefined
  $('menubtn').hidden = !menuButton
  $('menubtn').textContent = menuButton ? menuButton.text : ''
}
$('menubtn').onclick = () => menuButton && openApp(menuButton.webApp)
$('appclose').onclick = closeApp
// Escape closes it, also while the focus is inside the app (the same origin: its keys can be heard)
const escape = (e) => { if (e.key === 'Escape' && !$('appview').hidden) closeApp() }
document.addEventListener('keydown', escape)
$('appframe').addEventListener('load', () => { try { $('appframe').contentWindow.addEventListener('keydown', escape) } catch (e) {} })
// Telegram's download dialog (Mini Apps 8.0), as Telegram Web answers it: the app asks for a file by URL (a CSV with
// its short-lived ticket); the sandbox downloads it and tells the app so. Only from the app's frame, and only the
// service's own downloads, fetched here (the URL names PUBLIC_URL, which may not be this sandbox's address).
window.addEventListener('message', (e) => {
  if (e.source !== $('appframe').contentWindow) return
  let m
  try { m = typeof e.data === 'string' ? JSON.parse(e.data) : e.data } catch (_) { return }
  if (!m || m.eventType !== 'web_app_request_file_download') return
  const d = m.eventData || {}
  let href
  try {
    const u = new URL(d.url)
    if (u.pathname.startsWith('/app/api/download/') && typeof d.file_name === 'string') href = u.pathname + u.search
  } catch (_) {}
  const ok = href !== undefined
  if (ok) {
    const a = document.createElement('a')
    a.href = href
    a.download = d.file_name
    document.body.append(a)
    a.click()
    a.remove()
  }
  e.source.postMessage(JSON.stringify({ eventType: 'file_download_requested', eventData: { status: ok ? 'downloading' : 'cancelled' } }), location.origin)
})
$('reset').onclick = () => { localStorage.removeItem('pa-sandbox-session'); location.reload() }
applyLanguage()
poll()
</script>
</body>
</html>
`
