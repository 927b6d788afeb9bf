import { Router } from 'express'
import type { Logger } from 'pino'
import { type I18n, LANGUAGES } from '../i18n/index.ts'
import { loadBundle, type MiniAppBundle } from './bundle.ts'

/**
 * What the browser may do on the Mini App's page: its own script and styles (no CDN, nothing inline but the strings'
 * JSON, which is data), its own API, QR images and the CSV as blobs. Telegram shows the page in a frame, so framing
 * stays allowed.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ')

/**
 * GET /app: the partner's dashboard inside Telegram (and the sandbox), a static page whose script (bots/miniapp/web,
 * bundled with esbuild once per process, or prebuilt in dist/) reads the launch parameters with the Mini Apps SDK and
 * calls /app/api/* with `Authorization: tma <initData>`. The page carries its words in every language
 * (locales/<lng>/app.json) and picks the partner's. The assets are named by their content's hash and cached for good.
 */
export function miniAppPage(deps: { i18n: I18n; logger: Logger }): Router {
  const router = Router()
  const strings = JSON.stringify(Object.fromEntries(LANGUAGES.map((l) => [l, deps.i18n.bundle(l, 'app')])))
    // inside <script type="application/json">: no "</script>" or "<!--" can come out of a translation
    .replaceAll('<', '\\u003c')
  let bundle: Promise<MiniAppBundle> | undefined
  const built = () => {
    bundle ??= loadBundle().catch((e: unknown) => {
      bundle = undefined
      deps.logger.error({ err: e }, 'miniapp.bundle_failed')
      throw e
    })
    return bundle
  }
  router.get('/app', async (_req, res, next) => {
    try {
      const { hash } = await built()
      res
        .type('html')
        .set({ 'cache-control': 'no-cache', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' })
        .send(html(hash, strings))
    } catch (e) {
      next(e)
    }
  })
  router.get('/app/assets/:file', async (req, res, next) => {
    try {
      const b = await built()
      const m = /^app-([0-9a-f]{12})\.(js|css)$/.exec(req.params.file)
      if (!m || m[1] !== b.hash) return next()
      res
        .type(m[2] === 'js' ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8')
        .set({ 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' })
        .send(m[2] === 'js' ? b.js : b.css)
    } catch (e) {
      next(e)
    }
  })
  return router
}

const html = (hash: string, strings: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<title>Partner Assistant</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app/assets/app-${hash}.css">
<script type="application/json" id="strings">${strings}</script>
<script src="/app/assets/app-${hash}.js" defer></script>
</head>
<body>
<div id="app" aria-busy="true"></div>
<noscript>Partner Assistant needs JavaScript.</noscript>
</body>
</html>
`
