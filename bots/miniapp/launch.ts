/** The Mini App's tabs; `?tab=` of its URL picks the one it opens on. */
export const MINI_APP_TABS = ['overview', 'links', 'earnings', 'payouts', 'disputes'] as const
export type MiniAppTab = (typeof MINI_APP_TABS)[number]

/** Where the Mini App is, opened on a tab: what a web_app button or the menu button points at. */
export function miniAppUrl(base: string, tab?: MiniAppTab): string {
  return `${base.replace(/\/+$/, '')}/app${tab ? `?tab=${tab}` : ''}`
}

/**
 * The tab a launch asks for: `/earnings`, `earnings`, `/app?tab=earnings` or a whole Mini App URL; undefined for
 * none (`/app`, empty); null when it names no tab.
 */
export function tabOf(path: string | undefined): MiniAppTab | undefined | null {
  if (!path?.trim()) return undefined
  let url: URL
  try {
    url = new URL(path.trim(), 'http://app.invalid/')
  } catch {
    return null
  }
  const onApp = url.pathname.replace(/\/+$/, '') === '/app'
  if (!onApp && url.search) return null
  const name = onApp ? url.searchParams.get('tab') : url.pathname.replace(/^\/+|\/+$/g, '')
  if (!name) return undefined
  return (MINI_APP_TABS as readonly string[]).includes(name) ? (name as MiniAppTab) : null
}

/** Telegram's theme colours (themeParams), light and dark, as the sandbox hands them to the page. */
export const THEMES = {
  light: {
    bg_color: '#ffffff',
    secondary_bg_color: '#f1f1f4',
    section_bg_color: '#ffffff',
    header_bg_color: '#ffffff',
    text_color: '#000000',
    hint_color: '#707579',
    subtitle_text_color: '#707579',
    section_header_text_color: '#3a95d5',
    link_color: '#3390ec',
    accent_text_color: '#3390ec',
    button_color: '#3390ec',
    button_text_color: '#ffffff',
    destructive_text_color: '#df3f40',
  },
  dark: {
    bg_color: '#212121',
    secondary_bg_color: '#0f0f0f',
    section_bg_color: '#212121',
    header_bg_color: '#212121',
    text_color: '#ffffff',
    hint_color: '#aaaaaa',
    subtitle_text_color: '#aaaaaa',
    section_header_text_color: '#8774e1',
    link_color: '#8774e1',
    accent_text_color: '#8774e1',
    button_color: '#8774e1',
    button_text_color: '#ffffff',
    destructive_text_color: '#ff595a',
  },
} as const
export type ThemeName = keyof typeof THEMES

/**
 * A launch URL as Telegram opens a Mini App: the page, and in its fragment the launch parameters the SDK reads
 * (tgWebAppData: the raw initData; version, platform, theme).
 */
export function launchUrl(
  base: string,
  initData: string,
  opts: { tab?: MiniAppTab; theme?: ThemeName; platform?: string } = {},
): string {
  const params = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: opts.platform ?? 'weba',
    tgWebAppThemeParams: JSON.stringify(THEMES[opts.theme ?? 'light']),
  })
  return `${miniAppUrl(base, opts.tab)}#${params.toString()}`
}
