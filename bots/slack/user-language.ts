import type { WebClient } from '@slack/web-api'
import { LANGUAGES, type Language } from '../i18n/index.ts'

/** A locale Slack told us is trusted for an hour. */
const FRESH_MS = 60 * 60 * 1000
/** After a failed lookup Slack is not asked again for a minute (it is probably down). */
const RETRY_MS = 60 * 1000
/** A lookup slower than this does not hold the answer: it goes on and fills the cache for next time. */
const WAIT_MS = 800

/** Our languages a person can choose as Slack's own language; Slack has no Kazakh, Georgian or Latvian. */
const SLACK_OFFERS: ReadonlySet<Language> = new Set(['en', 'ru'])

/**
 * The language of a Slack locale (`ru-RU`), for a desk working in `desk` (SLACK_DESK_LANGUAGE): one of ours is
 * kept; another, or none, is the desk's language, not English. Slack's English also means the desk's language
 * when the desk works in a language Slack does not offer: English is what those people were left with, not what
 * they chose.
 */
export function slackLocaleLanguage(locale: string | undefined, desk: Language): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? ''
  if (!(LANGUAGES as readonly string[]).includes(base)) return desk
  const lang = base as Language
  return lang === 'en' && !SLACK_OFFERS.has(desk) ? desk : lang
}

/**
 * The language a Slack user reads: their Slack locale (users.info include_locale) as slackLocaleLanguage reads
 * it, cached. While Slack is down the last language known for them is kept (an outage does not change someone's
 * answers for an hour); never known, the desk's language. A lookup never holds an answer for more than 0.8 s.
 */
export function slackLanguages(opts: { desk: Language; waitMs?: number }) {
  const fallback = opts.desk
  const cache = new Map<string, { lang: Language; until: number }>()
  const asking = new Map<string, Promise<Language>>()
  const remember = (userId: string, lang: Language, forMs: number) => {
    if (cache.size > 5000) cache.clear()
    cache.set(userId, { lang, until: performance.now() + forMs })
    return lang
  }
  const lookup = (client: WebClient, userId: string): Promise<Language> => {
    const pending = asking.get(userId)
    if (pending) return pending
    const asked = client.users
      .info({ user: userId, include_locale: true })
      .then(
        (info) => remember(userId, slackLocaleLanguage(info.user?.locale, fallback), FRESH_MS),
        // users:read missing or Slack down: what we knew, else the desk's language
        () => remember(userId, cache.get(userId)?.lang ?? fallback, RETRY_MS),
      )
      .finally(() => asking.delete(userId))
    asking.set(userId, asked)
    return asked
  }
  return async (client: WebClient, userId: string): Promise<Language> => {
    const hit = cache.get(userId)
    if (hit && performance.now() < hit.until) return hit.lang
    let timer: NodeJS.Timeout | undefined
    const meanwhile = new Promise<Language>((resolve) => {
      timer = setTimeout(() => resolve(hit?.lang ?? fallback), opts.waitMs ?? WAIT_MS)
    })
    try {
      return await Promise.race([lookup(client, userId), meanwhile])
    } finally {
      clearTimeout(timer)
    }
  }
}
