import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { APP_ROOT, appPath } from '../../core/infra/app-root.ts'

/** The Mini App's client, one script and one style sheet, named by a hash of their content (cached for good). */
export interface MiniAppBundle {
  js: string
  css: string
  /** The first 12 hex digits of the content's SHA-256: the assets' names change with every new build. */
  hash: string
}

/** Where `npm run build` (scripts/build.mjs) leaves the bundle, next to the compiled page module in dist/. */
export const PREBUILT_DIR = fileURLToPath(new URL('./web-bundle/', import.meta.url))

const withHash = (js: string, css: string): MiniAppBundle => ({
  js,
  css,
  hash: createHash('sha256').update(js).update('\0').update(css).digest('hex').slice(0, 12),
})

/**
 * Bundles bots/miniapp/web/main.ts (with @telegram-apps/sdk from node_modules) and app.css with esbuild
 * into one minified script for the browsers Telegram runs Mini Apps in. Nothing is loaded from a CDN.
 */
export async function bundleMiniApp(): Promise<MiniAppBundle> {
  const { build } = await import('esbuild')
  const out = await build({
    absWorkingDir: APP_ROOT,
    // the script and the style sheet, each an entry of its own
    entryPoints: [appPath('bots', 'miniapp', 'web', 'main.ts'), appPath('bots', 'miniapp', 'web', 'app.css')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022', 'chrome100', 'safari15.4', 'firefox100'],
    outdir: 'miniapp',
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  })
  const file = (ext: string) => out.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? ''
  return withHash(file('.js'), file('.css'))
}

/** Writes a bundle where the compiled service finds it (scripts/build.mjs, after tsc). */
export async function writeBundle(dir: string, bundle: MiniAppBundle): Promise<void> {
  await fs.mkdir(dir, { recursive: true })
  await fs.writeFile(`${dir}/app.js`, bundle.js)
  await fs.writeFile(`${dir}/app.css`, bundle.css)
}

/**
 * The bundle the service serves: the one `npm run build` left in dist/ when running compiled, else built now from
 * the sources (tsx, tests).
 */
export async function loadBundle(): Promise<MiniAppBundle> {
  try {
    const [js, css] = await Promise.all([
      fs.readFile(`${PREBUILT_DIR}app.js`, 'utf8'),
      fs.readFile(`${PREBUILT_DIR}app.css`, 'utf8'),
    ])
    return withHash(js, css)
  } catch {
    return bundleMiniApp()
  }
}
