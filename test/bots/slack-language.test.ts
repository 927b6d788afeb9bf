import type { WebClient } from '@slack/web-api'
import { describe, expect, it } from 'vitest'
import { etaText } from '../../bots/slack/desk/terms.ts'
import { slackLanguages, slackLocaleLanguage } from '../../bots/slack/user-language.ts'

/** A Web API client whose users.info answers with `locales`, or fails for a user not in it. */
const client = (locales: Record<string, string | undefined>) =>
  ({
    users: {
      info: async ({ user }: { user: string }) => {
        if (!(user in locales)) throw new Error('user_not_found')
        return { ok: true, user: { id: user, locale: locales[user] } }
      },
    },
  }) as unknown as WebClient

describe("a Slack user's language", () => {
  it('keeps a Slack language that is one of ours', () => {
    expect(slackLocaleLanguage('ru-RU', 'lv')).toBe('ru')
    expect(slackLocaleLanguage('en-GB', 'ru')).toBe('en')
    expect(slackLocaleLanguage('en-US', 'en')).toBe('en')
  })

  it('falls back to the desk language, not English, for a language we do not have or no locale', () => {
    expect(slackLocaleLanguage('fr-FR', 'ka')).toBe('ka')
    expect(slackLocaleLanguage('ja-JP', 'ru')).toBe('ru')
    expect(slackLocaleLanguage(undefined, 'lv')).toBe('lv')
    expect(slackLocaleLanguage('', 'kk')).toBe('kk')
  })

  it("reads Slack's English as the desk language where the desk works in a language Slack does not offer", () => {
    expect(slackLocaleLanguage('en-US', 'ka')).toBe('ka')
    expect(slackLocaleLanguage('en-GB', 'lv')).toBe('lv')
    expect(slackLocaleLanguage('en-US', 'kk')).toBe('kk')
    // a Russian speaker on a Georgian desk still reads Russian
    expect(slackLocaleLanguage('ru-RU', 'ka')).toBe('ru')
  })

  it('answers with the desk language when Slack cannot say', async () => {
    const language = slackLanguages({ desk: 'lv' })
    const slack = client({ U_FR: 'fr-FR', U_RU: 'ru-RU', U_EN: 'en-US' })
    expect(await language(slack, 'U_FR')).toBe('lv')
    expect(await language(slack, 'U_RU')).toBe('ru')
    expect(await language(slack, 'U_EN')).toBe('lv')
    expect(await language(slack, 'U_GONE')).toBe('lv')
    const english = slackLanguages({ desk: 'en' })
    expect(await english(slack, 'U_FR')).toBe('en')
    expect(await english(slack, 'U_EN')).toBe('en')
  })
})

describe("a broadcast's time left", () => {
  it('is worded in the desk language with its plural forms, never in English units', () => {
    expect(etaText('en', 7500)).toBe('2 hours 5 minutes')
    expect(etaText('ru', 7500)).toBe('2 часа 5 минут')
    expect(etaText('ru', 3600 + 21 * 60)).toBe('1 час 21 минута')
    expect(etaText('lv', 7500)).toBe('2 stundas 5 minūtes')
    expect(etaText('kk', 65)).toBe('1 минут 5 секунд')
    for (const lng of ['ru', 'kk', 'ka', 'lv']) expect(etaText(lng, 7500)).not.toMatch(/(^|\s)(h|min|s)(\s|$)/)
  })

  it('leaves out a unit that is zero and never shows a negative time', () => {
    expect(etaText('en', 7200)).toBe('2 hours')
    expect(etaText('en', 59)).toBe('59 seconds')
    expect(etaText('en', 1)).toBe('1 second')
    expect(etaText('en', -3)).toBe('0 seconds')
  })
})
