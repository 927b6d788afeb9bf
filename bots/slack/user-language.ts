import type { WebClient } from '@slack/web-api'
import { DEFAULT_LANGUAGE, type I18n, type Language } from '../i18n/index.ts'

/** A locale Slack told us is trusted for an hour. */
const FRESH_MS = 60 * 60 * 1000
/** After a failed lookup Slack is not asked again for a minute (it is probably down). */
const RETRY_MS = 60 * 1000
/** A lookup slower than this does not hold the answer: it goes on and fills the cache for next time. */
const WAIT_MS = 800

/**
 * The language a Slack user reads: their Slack locale (users.info include_locale), cached. While Slack is down
 * the last language known for them is kept (an outage does not turn someone's answers English for an hour);
 * never known, English. A lookup never holds an answer for more than 0.8 s.
 */
export function slackLanguages(i18n: I18n, opts: { waitMs?: number } = {}) {
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
        (info) => remember(userId, i18n.resolveLanguage(info.user?.locale), FRESH_MS),
        // users:read missing or Slack down: what we knew, else English
        () => remember(userId, cache.get(userId)?.lang ?? DEFAULT_LANGUAGE, RETRY_MS),
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
      timer = setTimeout(() => resolve(hit?.lang ?? DEFAULT_LANGUAGE), opts.waitMs ?? WAIT_MS)
    })
    try {
      return await Promise.race([lookup(client, userId), meanwhile])
    } finally {
      clearTimeout(timer)
    }
  }
}
