// A deep link's landing path (`?to=/pricing`, contract section 7), with no imports: the same rule for /r/{code},
// the Mini App's QR route and the Mini App page's link builder (bundled into the browser).

/** The longest `to` a link may carry. */
export const DEEP_LINK_MAX = 512

/** A stand-in origin: a path's place on the site does not depend on which site it is. */
const SITE = 'https://landing.invalid'

/**
 * The path a deep link names (`to`), resolved as a browser would (`/a/../b` is `/b`), when it is one the program's
 * `landingPaths` allow: each entry allows itself and what is under it (`/blog/` allows `/blog/post`, `/` the whole
 * site). Only a path is taken (one leading slash, no backslash, no spaces or control characters): never another
 * host, scheme or protocol-relative `//host`. Null otherwise.
 */
export function deepLinkPath(allowed: readonly string[], to: string): string | null {
  if (!allowed.length || to.length > DEEP_LINK_MAX) return null
  if (!to.startsWith('/') || /^\/[/\\]/.test(to) || /[\s\\]|\p{Cc}/u.test(to)) return null
  let target: URL
  try {
    target = new URL(to, SITE)
  } catch {
    return null
  }
  if (target.origin !== SITE) return null
  const path = target.pathname
  // dot segments resolved may leave `//host` (`/.//evil.example`): a path that reads as another host is none
  if (/^\/[/\\]/.test(path)) return null
  const ok = allowed.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`))
  return ok ? `${path}${target.search}${target.hash}` : null
}
