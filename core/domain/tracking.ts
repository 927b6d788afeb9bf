import { createHash } from 'node:crypto'
import { deepLinkPath } from './deep-link.ts'

// What a referral link carries beyond its code (contract section 7): up to five sub-ids, a deep link to a landing
// path the program allows, and who the visitor is, for unique clicks.

/** The sub-id parameters, in order: `sub1` ... `sub5`. */
export const SUB_KEYS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const
export type SubKey = (typeof SUB_KEYS)[number]
/** A link's sub-ids: absent ones are left out. */
export type SubIds = Partial<Record<SubKey, string>>

/** At most 100 characters of `[A-Za-z0-9._~-]` (contract section 7); anything else is dropped, not refused. */
export const SUB_ID = /^[A-Za-z0-9._~-]{1,100}$/

/** The sub-ids of a click's query string; a malformed or repeated one is dropped and the click still lands. */
export function parseSubIds(query: Record<string, unknown>): SubIds {
  const out: SubIds = {}
  for (const k of SUB_KEYS) {
    const v = query[k]
    if (typeof v === 'string' && SUB_ID.test(v)) out[k] = v
  }
  return out
}

/** The rollup's link for rows counted under a sub-id (they are not per link). */
export const NO_CODE = '00000000-0000-0000-0000-000000000000'

/** The sub-ids as five values, null where absent (storage order). */
export const subColumns = (s: SubIds | undefined) => SUB_KEYS.map((k) => s?.[k] ?? null)

/**
 * The landing page a deep link asks for (`?to=/pricing`): a path on the program's landing site that the program's
 * `landingPaths` allow (deepLinkPath), else the landing page itself, so a link cannot send its visitors anywhere
 * the program did not allow.
 */
export function landingFor(landingUrl: string, allowed: readonly string[], to: unknown): URL {
  const base = new URL(landingUrl)
  const path = typeof to === 'string' ? deepLinkPath(allowed, to) : null
  const target = path === null ? base : new URL(path, base)
  // the program's own site, whatever the path turned out to be
  return target.origin === base.origin ? target : base
}

/**
 * A link-preview fetcher or crawler, by its user agent: a messenger drawing the preview of a link a partner shared
 * (Telegram, WhatsApp, Slack, Discord, Facebook, X, LinkedIn, VK, Skype) or a search engine's robot. It
 * fetches the link with a GET, but nobody followed it. Named one by one: a bare "bot" is also in phone names (CUBOT),
 * and the apps' own browsers, where a person opens the link, name themselves otherwise (Telegram-Android, FBAN).
 */
const PREVIEW_AGENT =
  /TelegramBot|WhatsApp\/|facebookexternalhit|Facebot|meta-externalagent|Slackbot|Twitterbot|Discordbot|LinkedInBot|vkShare|SkypeUriPreview|redditbot|Googlebot|bingbot|YandexBot|Applebot|DuckDuckBot|Baiduspider|Pinterestbot|Embedly|Iframely/i

export const isLinkPreview = (userAgent: string | undefined) => !!userAgent && PREVIEW_AGENT.test(userAgent)

/** The visitor cookie's value: the keyed hash the service made, so only a well-formed one is taken back. */
export const VISITOR_SHAPE = /^[A-Za-z0-9_-]{16,64}$/

/**
 * Who clicked, for unique clicks: the first-party cookie /r/{code} set on an earlier click, else a keyed hash of the
 * IP address and user agent (the cookie then set to it, so the visitor's next click is the same visitor). Neither
 * keeps the raw address.
 */
export function visitorOf(
  cookie: string | undefined,
  seen: { ip?: string; userAgent?: string },
  hash: (s: string) => string,
): { visitor: string | undefined; fresh: boolean } {
  if (cookie && VISITOR_SHAPE.test(cookie)) return { visitor: cookie, fresh: false }
  if (!seen.ip && !seen.userAgent) return { visitor: undefined, fresh: false }
  // the keyed hash, condensed to the cookie's shape (43 characters)
  const keyed = hash(`visitor:${seen.ip ?? ''}\n${seen.userAgent ?? ''}`)
  return { visitor: createHash('sha256').update(keyed).digest('base64url'), fresh: true }
}

/** A customer or order id as a partner may see it: the last four characters. */
export function maskId(id: string | null | undefined): string | null {
  if (!id) return null
  if (id.length <= 4) return '•'.repeat(id.length)
  return `•••${id.slice(-4)}`
}
