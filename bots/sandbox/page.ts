import { LANGUAGES, type Language, languageName } from '../i18n/index.ts'
import { PAGE_SCRIPT } from './page-script.ts'

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
${PAGE_SCRIPT}</script>
</body>
</html>
`
