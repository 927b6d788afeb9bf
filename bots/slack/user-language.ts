import type { WebClient } from '@slack/web-api'
import { DEFAULT_LANGUAGE, type I18n, type Language } from '../i18n/index.ts'

const TTL_MS = 60 * 60 * 1000

/**
 * The language a Slack user reads: their Slack locale (users.info include_locale), cached for an hour.
 * If Slack cannot tell, English.
 */
export function slackLanguages(i18n: I18n) {
  const cache = new Map<string, { lang: Language; at: number }>()
  return async (client: WebClient, userId: string): Promise<Language> => {
    const hit = cache.get(userId)
    if (hit && performance.now() - hit.at < TTL_MS) return hit.lang
    let lang: Language = DEFAULT_LANGUAGE
    try {
      const info = await client.users.info({ user: userId, include_locale: true })
      lang = i18n.resolveLanguage(info.user?.locale)
    } catch {
      // users:read missing or Slack down: English is still readable
    }
    if (cache.size > 5000) cache.clear()
    cache.set(userId, { lang, at: performance.now() })
    return lang
  }
}
