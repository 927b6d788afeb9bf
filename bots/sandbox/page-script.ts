/**
 * The sandbox page's own script (bots/sandbox/page.ts puts it in the page): it runs in the browser, with no build
 * step. `__LANGUAGES__` is replaced by the page's languages and words when the page is served.
 */
export const PAGE_SCRIPT = `const LANGUAGES = __LANGUAGES__
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
`
