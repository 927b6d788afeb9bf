/** The sandbox web chat: one static page, no build step; texts are set with textContent (never parsed as HTML). */
export const SANDBOX_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner Assistant — sandbox</title>
<style>
  :root { --bg: #eef1f5; --bot: #fff; --me: #d9f4d0; --accent: #2f7dc4; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; background: var(--bg); color: #1b1f24; }
  header { background: var(--accent); color: #fff; padding: 10px 16px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 17px; margin: 0; flex: 1; }
  header select, header button { font: inherit; padding: 4px 8px; border-radius: 6px; border: 0; }
  main { max-width: 760px; margin: 0 auto; padding: 12px; display: flex; flex-direction: column; height: calc(100vh - 52px); }
  #bar { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 8px; }
  #bar button { font: inherit; font-size: 13px; padding: 5px 10px; border-radius: 14px; border: 1px solid #c6d3e1; background: #fff; cursor: pointer; }
  #log { flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 8px; padding: 4px; }
  .msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; box-shadow: 0 1px 1px rgba(0,0,0,.08); }
  .bot { align-self: flex-start; background: var(--bot); }
  .user { align-self: flex-end; background: var(--me); }
  .deleted { font-style: italic; color: #888; }
  .msg img { display: block; max-width: 100%; border-radius: 8px; margin-bottom: 6px; }
  .kb { display: flex; flex-direction: column; gap: 4px; margin-top: 8px; }
  .kb button { font: inherit; padding: 6px; border-radius: 8px; border: 1px solid #b9cde3; background: #f4f8fc; cursor: pointer; }
  form { display: flex; gap: 8px; margin-top: 8px; }
  form input { flex: 1; font: inherit; padding: 10px; border-radius: 8px; border: 1px solid #c6d3e1; }
  form button { font: inherit; padding: 10px 16px; border-radius: 8px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
</style>
</head>
<body>
<header>
  <h1>Partner Assistant · sandbox</h1>
  <label>Language <select id="lang"><option>en</option><option>ru</option><option>kk</option><option>ka</option><option>lv</option></select></label>
  <button id="sale" type="button" title="A referred customer buys, through your first program's link">Simulate a sale</button>
  <button id="reset" type="button" title="Start over as a new partner">New partner</button>
</header>
<main>
  <div id="bar"></div>
  <div id="log" aria-live="polite"></div>
  <form id="form"><input id="text" autocomplete="off" placeholder="Message"><button>Send</button></form>
</main>
<script>
const $ = (id) => document.getElementById(id)
// the sandbox gives each browser a chat of its own, behind a session token (a restart of the service forgets it)
let token = localStorage.getItem('pa-sandbox-session')
let starting
function newSession() {
  starting ??= fetch('/sandbox/api/session', { method: 'POST' })
    .then((r) => r.json())
    .then((b) => { token = b.token; localStorage.setItem('pa-sandbox-session', token); after = 0; rendered.clear(); images.clear(); $('log').replaceChildren() })
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
$('lang').value = localStorage.getItem('pa-lang') || (navigator.language || 'en').slice(0, 2)
if (!$('lang').value) $('lang').value = 'en'
$('lang').onchange = () => localStorage.setItem('pa-lang', $('lang').value)
let after = 0
const rendered = new Map()
const post = (path, body) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
function send(text) { return post('send', { text, language: $('lang').value }) }
// photos come with the session's header, so each is fetched once into an element that every render reuses
const images = new Map()
function imageOf(id) {
  let img = images.get(id)
  if (!img) {
    img = document.createElement('img'); img.alt = ''; images.set(id, img)
    call('photo/' + encodeURIComponent(id)).then((r) => (r.ok ? r.blob() : null)).then((b) => { if (b) img.src = URL.createObjectURL(b) })
  }
  return img
}
function render(m) {
  let el = rendered.get(m.id)
  if (!el) { el = document.createElement('div'); rendered.set(m.id, el); $('log').appendChild(el) }
  el.className = 'msg ' + m.from + (m.deleted ? ' deleted' : '')
  el.replaceChildren()
  if (m.photo) el.appendChild(imageOf(m.photo))
  const text = document.createElement('div'); text.textContent = m.deleted ? '(deleted)' : (m.text || ''); el.appendChild(text)
  if (m.buttons && m.buttons.length) {
    const kb = document.createElement('div'); kb.className = 'kb'
    for (const row of m.buttons) for (const b of row) {
      const btn = document.createElement('button'); btn.type = 'button'; btn.textContent = b.text
      btn.onclick = () => post('press', { message: m.id, data: b.data, language: $('lang').value })
      kb.appendChild(btn)
    }
    el.appendChild(kb)
  }
}
async function poll() {
  try {
    const r = await call('state?after=0')
    const s = await r.json()
    if (!$('bar').childElementCount) {
      for (const p of s.programs) {
        const b = document.createElement('button'); b.type = 'button'; b.textContent = 'Join ' + p.name
        b.onclick = () => send('/start ' + p.key); $('bar').appendChild(b)
      }
      for (const c of ['/link', '/earnings', '/payout', '/dispute', '/terms', '/settings', '/language', '/help', '/cancel']) {
        const b = document.createElement('button'); b.type = 'button'; b.textContent = c; b.onclick = () => send(c); $('bar').appendChild(b)
      }
    }
    const grew = s.messages.length && s.messages[s.messages.length - 1].id > after
    for (const m of s.messages) render(m)
    if (grew) { after = s.messages[s.messages.length - 1].id; $('log').scrollTop = $('log').scrollHeight }
  } catch (e) {}
  setTimeout(poll, 600)
}
$('form').onsubmit = (e) => { e.preventDefault(); const t = $('text').value.trim(); if (t) { send(t); $('text').value = '' } }
$('sale').onclick = async () => {
  const r = await post('simulate-sale', {})
  const body = await r.json()
  alert(r.ok ? 'A customer bought through your link. Try /earnings.' : body.error.message)
}
$('reset').onclick = () => { localStorage.removeItem('pa-sandbox-session'); location.reload() }
poll()
</script>
</body>
</html>
`
